"""Syndicated copies and online event clustering."""
import datetime
import json

import vnnews
from vnnews import cluster as C
from vnnews.model import Document, Paragraph
from vnnews.store.sqlite import SqliteStore

from .conftest import DATA, SEED_IDS, SEEDS

SEED1 = (SEEDS / f"{SEED_IDS[1]}.txt").read_text(encoding="utf-8")
SEED0 = (SEEDS / f"{SEED_IDS[0]}.txt").read_text(encoding="utf-8")


def _body_lines(text: str, stop: str) -> list[str]:
    lines = text.split("\n")
    return [ln for ln in lines[: lines.index(stop)] if ln.strip()] if stop in lines else lines


def republished(tmp_path, name: str) -> str:
    """Seed 001's body under another outlet's chrome: other title, lead credit, byline, teasers."""
    body = _body_lines(SEED1, "Theo NGUYÊN TRANG; Ảnh: DUY LINH (Nhân dân)")[2:]
    body[0] = body[0].replace("DNTH: ", "(Kinh tế & Đô thị) - ")
    page = ["Trang chủ | Thời sự | Kinh tế", "Hà Nội và Bộ Công Thương bàn giải pháp phát triển công nghiệp",
            "Thứ Sáu, 14/08/2020 10:15 (GMT+7)"] + body + [
        "Theo Nhân dân", "Tin liên quan", "- Hà Nội khởi công cầu vượt sông Hồng",
        "Bình luận (2)", "Cùng chuyên mục",
        "KTĐT - Sáng 14/8, Sở Giao thông vận tải Hà Nội đã tổ chức hội nghị sơ kết công tác sáu tháng đầu năm."]
    p = tmp_path / f"{name}.txt"
    p.write_text("\n".join(page), encoding="utf-8")
    return str(p)


def test_syndicated_copy_is_linked_and_one_voice(tmp_path, db):
    copy = republished(tmp_path, "ktdt-copy")
    res = vnnews.ingest([str(SEEDS / f"{i}.txt") for i in SEED_IDS] + [copy], db=db)
    assert res.stored == 3 and res.copies == 1
    arts = {a["id"]: a for a in vnnews.export(db=db, articles=True)}
    assert arts["ktdt-copy"]["source"] == "Kinh tế & Đô thị"
    cards = list(vnnews.export(db=db))
    assert len(cards) == 1
    by_id = {a["id"]: a for a in cards[0]["articles"]}
    assert by_id["ktdt-copy"]["duplicate_of"] == SEED_IDS[1]  # the earlier publication is the original
    assert by_id[SEED_IDS[1]]["duplicate_of"] is None
    # a copy never stands as a second side of a disagreement against its original: no
    # two claims of one disagreement where one cites the copy and another the original
    assert cards[0]["disagreements"]  # (the seeds disagree: the check below is not empty)
    for d in cards[0]["disagreements"]:
        sides = [set(c["sources"]) for c in d["claims"]]
        for i, a in enumerate(sides):
            for j, b in enumerate(sides):
                assert i == j or not ("ktdt-copy" in a and SEED_IDS[1] in b), d
        assert len({frozenset(x) for x in sides}) == len(sides) >= 2
    # nor does it agree with its original as a second outlet
    for ag in cards[0]["agreements"]:
        assert set(ag["sources"]) - {"ktdt-copy", SEED_IDS[1]}, ag


def test_older_copy_ingested_later_becomes_the_original(tmp_path, db):
    copy = republished(tmp_path, "early-copy")
    text = open(copy, encoding="utf-8").read().replace("14/08/2020 10:15", "14/08/2020 07:00")
    open(copy, "w", encoding="utf-8").write(text)
    vnnews.ingest([str(SEEDS / f"{SEED_IDS[1]}.txt")], db=db)
    vnnews.ingest([copy], db=db)
    arts = {a["id"]: a for a in vnnews.export(db=db, articles=True)}
    card = list(vnnews.export(db=db))
    assert len(card) == 1
    by_id = {a["id"]: a for a in card[0]["articles"]}
    assert by_id[SEED_IDS[1]]["duplicate_of"] == "early-copy"
    assert by_id["early-copy"]["duplicate_of"] is None
    assert arts[SEED_IDS[1]]["event"] == arts["early-copy"]["event"]


def _vmds(n_clusters: int) -> list[dict]:
    rows = [json.loads(x) for x in (DATA / "vmds" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    keep = sorted({r["cluster"] for r in rows})[:n_clusters]
    return [r for r in rows if r["cluster"] in keep]


def test_same_text_at_another_date_is_another_event(tmp_path, db):
    rows = _vmds(3)
    shifted = []
    for r in rows:  # a follow-up months later: similar words, not a copy of the text
        words = r["text"].split()
        s = dict(r, id=r["id"] + "-later", published="2014-03-01T08:00:00",
                 text="Ba tháng sau, " + " ".join(words[2 * len(words) // 3:]))
        shifted.append(s)
    p = tmp_path / "a.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows + shifted) + "\n", encoding="utf-8")
    vnnews.ingest([str(p)], db=db)
    ev = {a["id"]: a["event"] for a in vnnews.export(db=db, articles=True)}
    for r in rows:
        assert ev[r["id"]] != ev[r["id"] + "-later"]


def test_membership_stable_on_reingest_and_lookup_by_id(tmp_path, db):
    rows = _vmds(12)
    p = tmp_path / "a.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    vnnews.ingest([str(p)], db=db)
    first = {a["id"]: a["event"] for a in vnnews.export(db=db, articles=True)}
    res = vnnews.ingest([str(p)], db=db)
    assert res.stored == 0 and res.unchanged == len(rows)
    assert {a["id"]: a["event"] for a in vnnews.export(db=db, articles=True)} == first
    one = rows[0]["id"]
    assert vnnews.article(one, db=db)["event"] == first[one]


def test_merge_moves_members_terms_and_state(tmp_path):
    st = SqliteStore(str(tmp_path / "m.db"))
    cl = C.Clusterer(st)
    with st.transaction():
        for aid, eid in (("a1", "ev-a"), ("a2", "ev-a"), ("b1", "ev-b")):
            st.db.execute("INSERT INTO articles (id, content_hash, text, event_id) VALUES (?, '', '', ?)", (aid, eid))
        f = C.Features({"x": 1.0}, {}, set(), {"t:x", "t:y"}, "2020-01-01", None)
        for eid in ("ev-a", "ev-b"):
            cl.states[eid] = C.EventState()
            cl.states[eid].add(f)
            st.add_event_terms(eid, {"t:" + eid})
        cl._merge("ev-b", "ev-a")
    assert st.event_members("ev-a") == ["a1", "a2", "b1"]
    assert st.events_with_terms({"t:ev-b"}) == {"ev-a": 1}
    assert cl.states["ev-a"].n == 2 and "ev-b" not in cl.states and cl.merged == {"ev-b": "ev-a"}


def test_score_prefers_the_same_story():
    a = C.Features(C.vectorize("giá vàng tăng mạnh sáng nay trên thị trường Hà Nội"), C.vectorize("Giá vàng tăng"),
                   set(), set(), "2013-10-23", None)
    same = C.EventState()
    same.add(C.Features(C.vectorize("thị trường vàng sáng nay giá tăng mạnh"), C.vectorize("Vàng tăng giá"),
                        set(), set(), "2013-10-23", None))
    other = C.EventState()
    other.add(C.Features(C.vectorize("đội tuyển bóng đá thắng trận chung kết"), C.vectorize("Bóng đá"),
                         set(), set(), "2013-10-23", None))
    cfg = C.ClusterConfig()
    assert C.score(a, same, cfg) > cfg.threshold > C.score(a, other, cfg)


def _feat(text: str, title: str, terms: set[str], day: str = "2013-10-23") -> C.Features:
    return C.Features(C.vectorize(text), C.vectorize(title), {t for t in terms if not t.startswith("t:")},
                      terms, day, None)


GOLD_A = "giá vàng trong nước tăng mạnh sáng nay trên thị trường Hà Nội SJC"
GOLD_B = "thị trường vàng sáng nay giá SJC tăng mạnh tại Hà Nội"
BALL = "đội tuyển bóng đá thắng trận chung kết trên sân Mỹ Đình tối qua"


def test_complete_link_groups_split_two_stories_keep_one():
    cfg = C.ClusterConfig()
    st = C.EventState()
    for aid, text, title in (("a1", GOLD_A, "Giá vàng tăng"), ("a2", GOLD_B, "Vàng tăng giá"),
                             ("b1", BALL, "Bóng đá thắng")):
        st.add(_feat(text, title, {"t:" + aid}), aid)
    assert C.complete_link_groups(st.members, cfg) == [[0, 1], [2]]
    assert C.complete_link_groups(st.members[:2], cfg) == [[0, 1]]
    assert C.complete_link_groups(st.members, C.ClusterConfig(split_floor=0)) == [[0, 1, 2]]


def test_refine_splits_an_event_moving_articles_copies_terms_and_state(tmp_path):
    st = SqliteStore(str(tmp_path / "r.db"))
    cl = C.Clusterer(st)
    with st.transaction():
        for aid, dup in (("a1", None), ("a2", None), ("b1", None), ("b1-copy", "b1")):
            st.db.execute("INSERT INTO articles (id, content_hash, text, event_id, duplicate_of) "
                          "VALUES (?, '', '', 'ev-x', ?)", (aid, dup))
        cl.states["ev-x"] = C.EventState()
        for aid, text, title, terms in (("a1", GOLD_A, "Giá vàng tăng", {"t:vàng", "l:hà nội"}),
                                        ("a2", GOLD_B, "Vàng tăng giá", {"t:vàng", "l:hà nội"}),
                                        ("b1", BALL, "Bóng đá thắng", {"t:bóng", "p:park hang seo"})):
            cl.states["ev-x"].add(_feat(text, title, terms), aid)
        created = cl.refine({"ev-x"})
    new = C.event_id_for("b1")
    assert created == {new}
    assert st.event_members("ev-x") == ["a1", "a2"]
    assert sorted(st.event_members(new)) == ["b1", "b1-copy"]  # the copy follows its original
    assert st.events_with_terms({"t:bóng@2013-W43"}) == {new: 1}
    old, split = cl.states["ev-x"], cl.states[new]
    assert (old.n, split.n) == (2, 1)
    assert "p:park hang seo" not in old.entities and old.entities["l:hà nội"] == 2
    assert split.entities == {"p:park hang seo": 1}
    with st.transaction():  # a second look changes nothing
        assert cl.refine({"ev-x", new}) == set()


def test_refine_leaves_states_without_member_ids_alone(tmp_path):
    st = SqliteStore(str(tmp_path / "o.db"))
    cl = C.Clusterer(st)
    cl.states["ev-old"] = C.EventState()
    for text in (GOLD_A, BALL):
        cl.states["ev-old"].add(_feat(text, "", set()))  # as stored before members had ids
    assert cl.refine({"ev-old"}) == set() and len(cl.states["ev-old"].members) == 2


def test_split_group_never_takes_the_id_of_the_event_it_leaves(tmp_path):
    st = SqliteStore(str(tmp_path / "i.db"))
    cl = C.Clusterer(st)
    founder = C.event_id_for("b1")
    assert cl._free_id(["b1"], founder) != founder
    assert cl._free_id(["b1"], "ev-other") == founder


def test_named_day_reads_sessions_and_editions_not_scores_or_background():
    day = C.named_day
    assert day("Sáng 22/10: Sắc đỏ bao trùm, VN-Index lùi xuống dưới mốc 500", "", "2013-10-22") == "2013-10-22"
    assert day("Phiên giao dịch 22/10: Mong manh", "", "2013-10-22T15:35:00") == "2013-10-22"
    assert day("Chứng khoán sáng 23/10: Vốn ngoại vào dồn dập", "", "2013-10-23") == "2013-10-23"
    assert day("22/10: Hai sàn giảm điểm", "", "2013-10-22") == "2013-10-22"
    assert day("Thời tiết ngày 1/1/2014: rét đậm", "", "2013-12-31") == "2014-01-01"
    # match scores, times and ratios are not days; nor a day word before a far date
    assert day("Chelsea thắng 3/1 trên sân khách", "", "2013-10-22") is None
    assert day("MU 2-1 Arsenal: ngày 22-10 buồn", "", "2013-10-22") is None
    assert day("Trận đấu lúc 21:30/10 phút", "", "2013-10-22") is None
    assert day("Giá vàng cao nhất kể từ ngày 20/9", "", "2013-10-23") is None
    assert day("Sáng 22/10: giá giảm", "", None) is None
    # the lead is read only when the settings say so
    lead = "Mở cửa phiên giao dịch ngày 23/10, chỉ số VN-Index bật xanh trở lại."
    assert day("Cổ phiếu tăng giá hàng loạt", lead, "2013-10-23") is None
    assert day("Cổ phiếu tăng giá hàng loạt", lead, "2013-10-23", C.ClusterConfig(day_lead=True)) == "2013-10-23"


def test_daily_reports_of_two_days_are_two_events():
    """Gold-price reports of 22 and 23 October (no day in the titles) and stock sessions
    named in their titles score below the join threshold across days, above it within one."""
    cfg = C.ClusterConfig()
    day = lambda title, pub: C.report_day(title, "", pub, cfg)  # noqa: E731
    assert day("Giá vàng giảm còn 37,28 triệu đồng / lượng", "2013-10-22") == "2013-10-22"
    assert day("Thu Phương bật khóc trên vai anh trai", "2013-10-23") is None

    def feat(title, pub):
        return C.Features(C.vectorize(GOLD_A), C.vectorize(title), set(), set(), pub, None, day(title, pub))
    ev = C.EventState()
    ev.add(feat("Giá vàng giảm nhẹ", "2013-10-22"), "a1")
    assert C.score(feat("Giá vàng giảm mạnh", "2013-10-22"), ev, cfg) >= cfg.threshold
    assert C.score(feat("Giá vàng giảm mạnh", "2013-10-23"), ev, cfg) < C.score(
        feat("Giá vàng giảm mạnh", "2013-10-22"), ev, cfg) - cfg.day_penalty + 1e-9
    ev.add(feat("Giá vàng tăng mạnh", "2013-10-23"), "a2")
    a, b = ev.members
    plain = C.cosine(a["vec"], b["vec"]) + cfg.title_weight * C.cosine(a["title"], b["title"])
    assert abs(C.pair_score(a, b, cfg) - (plain - cfg.day_penalty)) < 1e-9  # the batch-end split sees it too
    s1 = C.Features(C.vectorize(GOLD_A), C.vectorize("Sáng 22/10: VN-Index giảm"), set(), set(),
                    "2013-10-23", None, day("Sáng 22/10: VN-Index giảm", "2013-10-23"))
    assert s1.day == "2013-10-22"


def _member(vec: dict, aid: str, pub: str = "2016-05-20", day: str | None = None, terms=()) -> dict:
    return {"vec": vec, "title": {}, "pub": pub, "ev": None, "id": aid, "terms": sorted(terms), "day": day}


def test_split_groups_that_are_one_happening_join_again():
    """Complete link cuts m2 off (its pair with m1 is 0.275 < split_floor 0.28); the
    centroid of {m0, m1} is 0.44 alike with m2: one happening at rejoin 0.4, two at 0.6,
    and never when the two parts name different days."""
    ms = [_member({"a": 1.0}, "m0"), _member({"a": 0.55, "b": 0.835}, "m1"), _member({"a": 0.5, "c": 0.866}, "m2")]
    assert C.complete_link_groups(ms, C.ClusterConfig(rejoin=0.6)) == [[0, 1], [2]]
    assert C.complete_link_groups(ms, C.ClusterConfig(rejoin=0)) == [[0, 1], [2]]
    assert C.complete_link_groups(ms, C.ClusterConfig(rejoin=0.4)) == [[0, 1, 2]]
    days = [dict(m, day=d) for m, d in zip(ms, ("2016-05-20", "2016-05-20", "2016-05-21"))]
    assert C.complete_link_groups(days, C.ClusterConfig(rejoin=0.4)) == [[0, 1], [2]]


def _two_events(tmp_path, pub_b: str, day_b: str | None = None, n_b: int = 1):
    st = SqliteStore(str(tmp_path / f"j-{pub_b}-{n_b}.db"))
    cl = C.Clusterer(st, C.ClusterConfig())
    terms = {"o:egyptair", "t:egyptair", "t:ms"}
    with st.transaction():
        for aid, eid, vec, pub, day in (("a1", "ev-a", {"x": 0.8, "y": 0.6}, "2016-05-20", "2016-05-20"),
                                        ("a2", "ev-a", {"x": 0.8, "z": 0.6}, "2016-05-20", "2016-05-20"),
                                        *((f"b{k}", "ev-b", {"x": 0.8, "w": 0.6}, pub_b, day_b)
                                          for k in range(1, n_b + 1))):
            st.db.execute("INSERT INTO articles (id, content_hash, text, event_id) VALUES (?, '', '', ?)", (aid, eid))
            cl.states.setdefault(eid, C.EventState()).members.append(_member(vec, aid, pub, day, terms))
            cl.states[eid].n += 1
            st.add_event_terms(eid, C.index_keys(terms, pub))
        kept = cl.rejoin({"ev-b"})
    return st, cl, kept


def test_rejoin_merges_two_events_of_one_happening_into_the_older(tmp_path):
    # the centroids: (0.8, 0.42, 0.42) / |..| vs (0.8, 0.6): cosine 0.76 >= rejoin 0.6
    st, cl, kept = _two_events(tmp_path, "2016-05-23")
    assert kept == {"ev-a"} and cl.merged == {"ev-b": "ev-a"}
    assert st.event_members("ev-a") == ["a1", "a2", "b1"] and st.event_members("ev-b") == []


def test_rejoin_keeps_apart_other_days_and_far_events(tmp_path):
    _, cl, kept = _two_events(tmp_path, "2016-05-21", "2016-05-21")  # a series: another day named
    assert kept == set() and cl.merged == {}
    far = datetime.date(2016, 5, 20) + datetime.timedelta(days=C.ClusterConfig().rejoin_days + 1)
    _, cl, kept = _two_events(tmp_path, far.isoformat())  # more than rejoin_days later
    assert kept == set() and cl.merged == {}


def test_rejoin_bridges_days_for_a_straggler_not_between_two_reported_events(tmp_path):
    """Three days apart (more than window_days, within rejoin_days): one article is a
    straggler of the event and joins it; two articles are an event of their own (a later
    happening of the story, linked as a story, not merged)."""
    cfg = C.ClusterConfig()
    assert cfg.window_days < 3 <= cfg.rejoin_days and cfg.rejoin_straggler == 1
    _, cl, kept = _two_events(tmp_path, "2016-05-23", n_b=1)
    assert cl.merged == {"ev-b": "ev-a"}
    _, cl, kept = _two_events(tmp_path, "2016-05-23", n_b=2)
    assert kept == set() and cl.merged == {}
    _, cl, kept = _two_events(tmp_path, "2016-05-22", n_b=2)  # within window_days: one happening
    assert cl.merged == {"ev-b": "ev-a"}


def test_a_day_named_in_the_lead_keeps_two_parts_apart():
    """'Sáng 22/10, ...' in the lead is the report's day (Features.lead_day): two parts
    whose leads name different days are two reports of a series, however alike."""
    assert C.lead_day("Sáng 22/10, VN-Index giảm 3 điểm.", "2013-10-22") == "2013-10-22"
    assert C.lead_day("Chiều 23/10, giá vàng tăng.", "2013-10-23") == "2013-10-23"
    assert C.lead_day("Tăng cao nhất kể từ ngày 20/9.", "2013-10-23") is None  # background, too far
    doc = Document(id="x", text="Sáng 22/10, Quốc hội thảo luận ngân sách.", title="Quốc hội thảo luận",
                   published="2013-10-22")
    doc.paragraphs = [Paragraph(text=doc.text, start=0, end=len(doc.text), kind="body")]
    f = C.features(doc)
    assert f.day is None and f.lead_day == "2013-10-22"
    assert C.features(doc, C.ClusterConfig(day_lead_apart=False)).lead_day is None
    ms = [_member({"a": 1.0}, "m0"), _member({"a": 0.55, "b": 0.835}, "m1"), _member({"a": 0.5, "c": 0.866}, "m2")]
    assert C.complete_link_groups(ms, C.ClusterConfig(rejoin=0.4)) == [[0, 1, 2]]
    leads = [dict(m, lday=d) for m, d in zip(ms, ("2016-05-20", None, "2016-05-21"))]
    assert C.complete_link_groups(leads, C.ClusterConfig(rejoin=0.4)) == [[0, 1], [2]]


def test_eval_part_keeps_the_gold_clusters_of_one_residue(tmp_path):
    from vnnews.eval.cluster import cluster_number, parse_part, write_part
    assert parse_part("3/4") == (3, 4) and cluster_number("Cluster_017") == 17 and cluster_number("vmds-151") == 151
    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps({"id": f"a{n}", "cluster": f"Cluster_{n:03d}"}) + "\n" for n in (1, 3, 5, 7)))
    out = write_part(str(src), "cluster", parse_part("1/4"), str(tmp_path / "p.jsonl"))
    assert [json.loads(x)["id"] for x in open(out, encoding="utf-8")] == ["a1", "a5"]


def test_merging_events_reads_their_index_terms_by_event_not_the_whole_index(tmp_path):
    """A merge (online or the batch-end rejoin) moves the source event's index terms and
    deletes them: both find the rows by event (index ``event_terms_event``), not by a scan
    of every event's terms, whose cost would grow with the archive."""
    st = SqliteStore(str(tmp_path / "plan.db"))
    for sql in ("DELETE FROM event_terms WHERE event_id = ?",
                "INSERT INTO event_terms SELECT term, ? FROM event_terms WHERE event_id = ? ON CONFLICT DO NOTHING"):
        plan = " ".join(r[3] for r in st.db.execute("EXPLAIN QUERY PLAN " + sql, ("x", "y")[:sql.count("?")]))
        assert "event_terms_event" in plan and "SCAN" not in plan, plan
    st.add_event_terms("ev-a", {"t:a@2016-W20", "t:b@2016-W20"})
    st.add_event_terms("ev-b", {"t:b@2016-W20", "t:c@2016-W20"})
    st.move_event_terms("ev-b", "ev-a")
    assert st.events_with_terms({"t:a@2016-W20", "t:b@2016-W20", "t:c@2016-W20"}) == {"ev-a": 3}


def test_a_foreign_name_written_spaced_or_glued_shares_a_term():
    """Outlets write one foreign name glued or spaced ("Vietfoods" / "Viet foods",
    "VietjetAir" / "VietJet Air"): the spaced pair also gives the glued term, with
    ``glued_weight`` of its weight, so the two spellings meet (vims-dev Cluster_161 and
    VMDS vmds-184 were split over them)."""
    spaced = "Vụ xúc xích Viet foods: lãnh đạo Chi cục QLTT Hà Nội nói gì về Viet Foods"
    glued = "Vietfoods bị thiệt hại nặng sau tin xúc xích gây ung thư, Vietfoods sẽ kiện"
    assert C.glued_terms(spaced) == ["vietfoods", "vietfoods"]
    assert C.glued_terms("Hãng VietJet Air nhận thêm máy bay") == ["vietjetair"]
    assert "vietfoods" in C.vectorize(spaced)
    on = C.cosine(C.vectorize(spaced), C.vectorize(glued))
    off = C.cosine(C.vectorize(spaced, glued=0), C.vectorize(glued, glued=0))
    assert on > off + 0.1, (on, off)
    # Vietnamese words (no f, j, w, z) and words with Vietnamese letters are never glued
    assert C.glued_terms("Trong khi Sony Xperia ra mắt tại Hà Nội, Việt Foods") == []
    # the glued term is added at a fraction of a term's weight, not as a second copy
    v = C.vectorize("Viet foods", glued=C.ClusterConfig().glued_weight)
    assert 0 < v["vietfoods"] < v["viet"]
