"""The command line: `python -m helpers annotate|annotations|report ...`, one module per command."""

from helpers.cli.parser import build_parser, main  # noqa: F401
