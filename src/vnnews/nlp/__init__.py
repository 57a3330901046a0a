"""Vietnamese NLP helpers: sentences with offsets (underthesea, lazy), syllable tokens."""
from .sentences import split_sentences, sentence_spans
from ..text.tokens import syllables

__all__ = ["split_sentences", "sentence_spans", "syllables"]
