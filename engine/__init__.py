"""Continuum: a decision-support rules engine for children's early help in England."""

__version__ = "0.1.0"
