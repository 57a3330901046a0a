"""B-cubed precision, recall and F1 of a clustering against gold labels (Bagga &
Baldwin 1998; Amigó et al. 2009).

For every item: precision is the share of the items in its predicted cluster that
share its gold label, recall the share of the items with its gold label that are
in its predicted cluster; both are averaged over the items, F1 is their harmonic
mean. Items are those of ``gold``; a gold item missing from ``pred`` counts as a
singleton cluster of its own, and items only in ``pred`` are ignored.
"""
from __future__ import annotations

from collections import Counter
from typing import Hashable, Mapping


def bcubed(pred: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
           ) -> tuple[float, float, float]:
    """(precision, recall, f1) of ``pred`` (item → cluster) against ``gold`` (item → label)."""
    if not gold:
        return 0.0, 0.0, 0.0
    missing = object()
    cluster = {item: pred.get(item, (missing, item)) for item in gold}
    cell = Counter((cluster[item], label) for item, label in gold.items())
    size = Counter(cluster.values())
    klass = Counter(gold.values())
    n = len(gold)
    precision = sum(k * k / size[c] for (c, _), k in cell.items()) / n
    recall = sum(k * k / klass[g] for (_, g), k in cell.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
