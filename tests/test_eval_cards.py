"""The event-card audit scorer (vnnews.eval.cards): name matching and disagreement scoring."""
import json

from vnnews.eval.cards import _score_disagreements, load_gold, score_names


def test_names_precision_counts_only_the_first_five_and_uses_spellings():
    gold = [["Phan Đức Huy", "Phạm Đức Huy"], "Công an TP Buôn Ma Thuột"]
    right, total, wrong = score_names(gold, ["Phạm Đức Huy", "Huy Đánh", "ông Phan Đức Huy"],
                                      "people")
    assert (right, total) == (2, 3) and wrong == ["Huy Đánh"]
    r, n, _ = score_names(["a", "b", "c", "d", "e", "f"], list("abcdefgh"), "people")
    assert (r, n) == (5, 5)


def test_organisation_generic_words_are_dropped_for_matching():
    r, n, wrong = score_names(["Everrichs Global"], ["Công ty Cổ phần Everrichs Global",
                                                     "Công ty Canon tổ"], "organizations")
    assert (r, n) == (1, 2) and wrong == ["Công ty Canon tổ"]


def test_disagreements_missing_file_and_scores():
    assert _score_disagreements(None, {})["judgements"] is None
    cards = {("vmds", "c1"): {"disagreements": [{"topic": "doanh thu", "claims": []},
                                                 {"topic": "lợi nhuận", "claims": []},
                                                 {"topic": "khác", "claims": []}]}}
    judged = [{"corpus": "vmds", "cluster": "c1", "topic": "Doanh thu", "real": True},
              {"corpus": "vmds", "cluster": "c1", "topic": "lợi nhuận", "real": False},
              {"corpus": "vmds", "cluster": "c1", "topic": "giá", "real": True}]
    res = _score_disagreements(judged, cards)
    assert res["precision"] == 0.5 and res["recall"] == 0.5 and res["unjudged"] == 1


def test_audit_set_is_big_enough_and_well_formed():
    gold = load_gold("tests/data/audit/cards_gold.jsonl")
    assert len(gold) >= 40
    assert {g["corpus"] for g in gold} == {"vims-dev", "vmds"}
    for g in gold:
        assert g["date"] and g["date_basis"] in ("reported", "scheduled", "published")
        assert g["split"] in ("tune", "report", "report2")
        json.dumps(g)
    keys = [(g["corpus"], g["cluster"]) for g in gold]
    assert len(keys) == len(set(keys))
    # the fresh report set (written before the system was run on it), see the README
    assert sum(g["split"] == "report2" for g in gold) >= 20


def test_report_lists_every_split_of_the_gold_file():
    from vnnews.eval.cards import format_report

    row = {"events": 1, "date_right": 1.0, "baseline_first_published": 0.0, "basis_right": 1.0,
           **{t: {"precision": 1.0, "right": 1, "total": 1}
              for t in ("people", "organizations", "places")}}
    res = {"gold": "g", "events": 3, "splits": ["tune", "report2", "all"],
           "tune": row, "report2": row, "all": row,
           "disagreements": {"judgements": None}}
    lines = format_report(res).splitlines()
    assert [ln.split()[0] for ln in lines[2:5]] == ["tune", "report2", "all"]


def test_recall_at_five_counts_distinct_gold_entities():
    from vnnews.eval.cards import score_names_recall

    gold = [["Phan Đức Huy", "Phạm Đức Huy"], "Nguyễn Văn A", "Trần Thị B"]
    # two spellings of one gold person count once; a wrong name finds nothing
    r, n, wrong, found = score_names_recall(gold, ["Phạm Đức Huy", "Phan Đức Huy", "Lê C"],
                                            "people")
    assert (r, n, wrong, found) == (2, 3, ["Lê C"], 1)
    # a short card cannot find more than it shows
    assert score_names_recall(gold, ["Trần Thị B"], "people")[3] == 1
