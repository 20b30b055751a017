"""`python -m helpers.evaluate`: the annotator and the baseline scored on every dev gold file."""

from helpers.evaluate.scores import main

raise SystemExit(main())
