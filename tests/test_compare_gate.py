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


# ------------------------------------------------------------------ the rules' passes share their work
def _made_up_event():
    """Three voices with a figure, a name, a near-duplicate number and a reworded toll told apart."""
    lead = "Chiều 13/8, công ty Hòa Phát đã công bố kết quả kinh doanh tại Hà Nội trước cổ đông."
    return [
        make_doc("a", [lead, "Doanh thu hợp nhất của tập đoàn trong quý 3 đạt 4.194,8 tỷ đồng theo báo cáo.",
                       "Tòa tuyên phạt bị cáo Trần Xuân Danh, nguyên kế toán trưởng, 10 năm tù giam.",
                       "Tập đoàn đã ký kết hợp tác với 240 doanh nghiệp Việt Nam tham gia chương trình.",
                       "Trận động đất khiến ít nhất 20 quân nhân thiệt mạng ở vùng núi phía bắc."],
                 source="A", published="2016-05-20T08:00:00"),
        make_doc("b", [lead, "Báo cáo cho biết doanh thu hợp nhất của tập đoàn trong quý 3 đạt 4.252 tỷ đồng.",
                       "Tòa tuyên phạt bị cáo Nguyễn Xuân Danh, nguyên kế toán trưởng, 10 năm tù giam.",
                       "Tập đoàn đã ký kết hợp tác với 250 doanh nghiệp Việt Nam tham gia chương trình.",
                       "Theo quân đội, 17 binh lính đã thiệt mạng sau trận động đất ở phía bắc."],
                 source="B", published="2016-05-20T09:00:00"),
        make_doc("c", [lead, "Doanh thu hợp nhất của tập đoàn trong quý 3 đạt khoảng 4.200 tỷ đồng.",
                       "Bị cáo Trần Xuân Danh bị tuyên phạt 10 năm tù giam vì tham ô tài sản."],
                 source="C", published="2016-05-20T10:00:00"),
    ]


def test_the_rules_passes_share_work_and_give_the_outputs_of_separate_passes():
    from .test_summarize import seed_docs

    loose = cmp.loose_settings(CFG)
    for docs in (_made_up_event(), seed_docs()):
        voice_of = cmp.voices(docs)
        shared = cmp._Tokens()
        both = [cmp._rule_disagreements(docs, voice_of, {}, c, shared) for c in (CFG, loose)]
        apart = [cmp._rule_disagreements(docs, voice_of, {}, c, cmp._Tokens()) for c in (CFG, loose)]
        loose_first = cmp._Tokens()
        reverse = [cmp._rule_disagreements(docs, voice_of, {}, c, loose_first) for c in (loose, CFG)][::-1]
        assert repr(both) == repr(apart) == repr(reverse)
        assert both[1][1], "the loose pass finds something here"
        # the second pass did reuse the first's work
        assert len(shared.statements) == len(shared.similar) == 1 and len(shared.steps) == 2
        assert shared.parallel and shared.articles
    # the made-up event's figure, name and near-duplicate are all found (the test reads each step)
    docs = _made_up_event()
    found = cmp._rule_disagreements(docs, cmp.voices(docs), {}, loose, cmp._Tokens())[1]
    topics = " | ".join(d.topic for _, d in found)
    assert "4.252" in repr(found) and "Nguyễn Xuân Danh" in repr(found) and "250 doanh nghiệp" in repr(found), topics


def test_best_parallel_sentence_is_the_scan_of_each_threshold():
    """``_parallel`` + the cut at ``parallel_min`` = the scan keeping the last sentence at
    least as similar as the best so far, starting from ``parallel_min`` (ties included)."""
    import math
    import random

    rnd = random.Random(7)
    words = ["a", "b", "c", "d", "e", "f"]
    for _ in range(200):
        xs = [" ".join(rnd.choices(words, k=rnd.randint(1, 4))) + "." for _ in range(rnd.randint(1, 4))]
        ys = [" ".join(rnd.choices(words, k=rnd.randint(1, 4))) + "." for _ in range(rnd.randint(0, 5))]
        x = cmp._Article(make_doc("x", xs), 30)
        y = cmp._Article(make_doc("y", ys) if ys else make_doc("y", []), 30)
        par = cmp._parallel(x, y)
        for cut in (0.0, 0.2, 0.45, 0.5, 1.0):
            for (_, sa, _), (sim, k) in zip(x.sentences, par):
                best, best_sim = None, cut
                for n, other in enumerate(y.sentences):
                    sb = other[1]
                    s = len(sa & sb) / math.sqrt(len(sa) * len(sb)) if sa and sb else 0.0
                    if s >= best_sim:
                        best, best_sim = n, s
                assert (k if k >= 0 and sim >= cut else None) == best


class _Reads:
    """Settings that record which of their fields are read."""

    def __init__(self, cfg):
        object.__setattr__(self, "cfg", cfg)
        object.__setattr__(self, "read", set())

    def __getattr__(self, name):
        self.read.add(name)
        return getattr(self.cfg, name)


def test_shared_steps_are_keyed_by_every_setting_they_read():
    """A step shared by the passes is cached under the settings it reads: a field it reads
    but its key lacks would let the loose pass reuse a result made under other settings."""
    docs = _made_up_event()
    voice_of = cmp.voices(docs)
    for step, fields in ((cmp._neardup_disagreements, cmp._NEARDUP_FIELDS),
                         (cmp._reworded_disagreements, cmp._REWORD_FIELDS)):
        cfg = _Reads(CFG)
        assert step(docs, voice_of, cfg, cmp._Tokens())  # the step finds something: its reads are exercised
        assert cfg.read and cfg.read <= set(fields), cfg.read - set(fields)
    cfg = _Reads(CFG)
    idf = cmp._idf(docs)
    assert cmp._statements(docs[0], 0, "a", None, idf, cfg, cmp._Tokens())
    assert cfg.read <= set(cmp._STATEMENT_FIELDS), cfg.read - set(cmp._STATEMENT_FIELDS)
    # the loose variant changes none of them: its pass does reuse them
    loose = cmp.loose_settings(CFG)
    for fields in (cmp._NEARDUP_FIELDS, cmp._REWORD_FIELDS, cmp._STATEMENT_FIELDS):
        assert cmp._settings_key(CFG, fields) == cmp._settings_key(loose, fields)
