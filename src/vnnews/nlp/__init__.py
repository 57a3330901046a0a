"""Vietnamese NLP helpers: sentences with offsets, word tokens (underthesea, lazy)."""
from .sentences import split_sentences, sentence_spans
from .tokens import syllables, word_tokens

__all__ = ["split_sentences", "sentence_spans", "syllables", "word_tokens"]
