"""Text helpers shared by the stages, one of each, named for what they do.

* :mod:`vnnews.text.numbers`: :func:`parse_number`, numbers as Vietnamese writes them.
"""
from .numbers import parse_number

__all__ = ["parse_number"]
