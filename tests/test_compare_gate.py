"""The learned disagreement gate (issue 19, fourth round): features, gating, weights file."""
from __future__ import annotations

import json
from importlib import resources

from vnnews import compare as cmp
from vnnews.model import Claim, Disagreement
from vnnews.settings import CompareSettings

from .test_summarize import make_doc

CFG = CompareSettings()
LEAD_A = "Công ty Hòa Phát công bố kết quả kinh doanh quý 3."
LEAD_B = "Hòa Phát vừa công bố kết quả kinh doanh quý 3."


def _docs(a: list[str], b: list[str]):
    return [make_doc("a", a, source="A", published="2016-05-20T08:00:00"),
            make_doc("b", b, source="B", published="2016-05-20T09:00:00")]


def test_features_of_a_made_up_pair():
    docs = _docs(["Lợi nhuận trước thuế quý 3 của công ty đạt 120 tỷ đồng."],
                 ["Lợi nhuận sau thuế quý 3 của công ty đạt 95 tỷ đồng."])
    d = Disagreement("", [Claim(docs[0].text, ["a"]), Claim(docs[1].text, ["b"])])
    f = cmp.gate_features(frozenset({"neardup-number"}), d, docs)
    assert (f["gen_neardup-number"], f["gen_rules"], f["gen_loose"], f["claims3"]) == (1.0, 0.0, 0.0, 0.0)
    assert f["aspect_tax"] == 1.0  # trước thuế / sau thuế: both labelled, disjoint
    assert f["aspect_period"] == 0.0  # quý 3 on both sides
    assert f["slot_read"] == 1.0 and f["kind_figure"] == 1.0 and f["kind_date"] == 0.0
    assert f["slot_same"] == 0.0 and f["age_born"] == 0.0
    assert 0.7 < f["overlap"] <= 1.0 and f["position"] == 0.0
    # one value written two ways is no difference: "16h" / "16 giờ" read alike
    docs = _docs(["Vụ cháy xảy ra lúc 16h ngày 30/5 tại kho hàng."], ["Vụ cháy xảy ra lúc 16 giờ ngày 30/5 tại kho hàng."])
    d = Disagreement("", [Claim(docs[0].text, ["a"]), Claim(docs[1].text, ["b"])])
    f = cmp.gate_features(frozenset({"loose"}), d, docs)
    assert f["slot_same"] == 1.0 and f["slot_read"] == 0.0
    # an age against a birth year
    docs = _docs(["Nghi phạm Lê Văn Hùng (SN 1989) đã bị bắt."], ["Nghi phạm Lê Văn Hùng (29 tuổi) đã bị bắt."])
    d = Disagreement("", [Claim(docs[0].text, ["a"]), Claim(docs[1].text, ["b"])])
    assert cmp.gate_features(frozenset({"rules"}), d, docs)["age_born"] == 1.0


def test_two_quantities_gated_out_one_quantity_kept():
    model = cmp.gate_model(CFG.gate_model)
    # revenue -7,8 % against spending +0,8 %: a candidate of the loose generators, shown by none
    docs = _docs([LEAD_A, "Doanh thu quý 3 của công ty giảm 7,8% so với cùng kỳ năm trước."],
                 [LEAD_B, "Chi phí bán hàng quý 3 của công ty tăng 0,8% so với cùng kỳ năm trước."])
    _, cands = cmp.candidates(docs, None, CFG)
    assert any("7,8%" in c.disagreement.claims[0].text for c in cands)
    assert cmp.gate(cands, docs, model, CFG.gate) == []
    assert cmp.compare(docs, None, CFG)[1] == []
    # one revenue with two values: kept, by the gate alone too
    docs = _docs([LEAD_A, "Doanh thu thuần quý 3 của công ty đạt 4.194,8 tỷ đồng, tăng nhẹ so với cùng kỳ."],
                 [LEAD_B, "Doanh thu thuần quý 3 của công ty đạt 4.252 tỷ đồng, tăng nhẹ so với cùng kỳ."])
    _, cands = cmp.candidates(docs, None, CFG)
    (kept,) = cmp.gate(cands, docs, model, CFG.gate, keep_rules=False)
    assert sorted(c.sources for c in kept.claims) == [["a"], ["b"]]
    assert {"4.194,8" in c.text or "4.252" in c.text for c in kept.claims} == {True}
    (shown,) = cmp.compare(docs, None, CFG)[1]
    assert "thuần quý" in shown.topic and "công ty" in shown.topic  # labels: the claims' shared words


def test_weights_file_matches_the_features():
    raw = json.loads(resources.files("vnnews").joinpath("data", CFG.gate_model).read_text(encoding="utf-8"))
    model = cmp.gate_model(CFG.gate_model)
    assert model == raw and CFG.gate > 0
    docs = _docs(["Giá vàng sáng nay tăng 100.000 đồng."], ["Giá vàng sáng nay tăng 150.000 đồng."])
    d = Disagreement("", [Claim(docs[0].text, ["a"]), Claim(docs[1].text, ["b"])])
    names = list(cmp.gate_features(frozenset(), d, docs))
    assert model["features"] == names
    assert len(model["weights"]) == len(model["mean"]) == len(model["scale"]) == len(names)
    assert all(s > 0 for s in model["scale"]) and "provenance" in model
    assert model["threshold_cv"] == CFG.gate and model["keep_rules"] == CFG.gate_rules
    assert 0.0 < cmp.gate_score(model, cmp.gate_features(frozenset(), d, docs)) < 1.0
