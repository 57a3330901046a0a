"""Quality measures: ROUGE and summary evaluation (VMDS protocol), B-cubed clustering scores."""
from .bcubed import bcubed
from .rouge import Score, rouge
from .summary import evaluate_summaries

__all__ = ["Score", "bcubed", "evaluate_summaries", "rouge"]
