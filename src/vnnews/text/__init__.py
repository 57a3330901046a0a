"""Text helpers shared by the stages, one of each, named for what they do.

* :mod:`vnnews.text.numbers`: :func:`parse_number`, numbers as Vietnamese writes them.
* :mod:`vnnews.text.tokens`: :func:`syllables` (every token) and
  :func:`letter_syllables` (letters only, name-matching form).

Tone canonical forms and comparison keys live in :mod:`vnnews.normalize`
(``tone_canon``, ``match_view``, ``match_key``, ``fold``).
"""
from .numbers import parse_number
from .tokens import letter_syllables, syllables

__all__ = ["parse_number", "syllables", "letter_syllables"]
