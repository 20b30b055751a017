"""Multipolar: load, annotate, store and analyse texts about world order and the Beijing–Moscow relationship."""

__version__ = "0.1.0"
