"""The underthesea NER baseline (evaluation only)."""
from __future__ import annotations

from vnnews.facts.baseline import merge_bio, underthesea_ner_entities


def test_merge_bio():
    rows = [("Bí thư", "N", "B-NP", "O"), ("Hà Nội", "Np", "B-NP", "B-LOC"),
            ("Vương Đình Huệ", "Np", "B-NP", "B-PER"), ("và", "C", "O", "O"),
            ("Bộ", "N", "B-NP", "B-ORG"), ("Công Thương", "Np", "I-NP", "I-ORG"),
            ("Trần Tuấn Anh", "Np", "I-NP", "I-PER")]
    assert merge_bio(rows) == {"PER": {"Vương Đình Huệ", "Trần Tuấn Anh"},
                               "ORG": {"Bộ Công Thương"}, "LOC": {"Hà Nội"}}


def test_underthesea_baseline_runs():
    ents = underthesea_ner_entities("Ông Nguyễn Văn Nam làm việc tại Hà Nội.")
    assert set(ents) == {"PER", "ORG", "LOC"}
    assert all(isinstance(v, set) for v in ents.values())
