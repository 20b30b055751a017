"""Command line: `python -m helpers annotate|annotations|report ...` (the commands are in `helpers.cli`)."""

from __future__ import annotations

import sys

from helpers.cli import main

if __name__ == "__main__":
    sys.exit(main())
