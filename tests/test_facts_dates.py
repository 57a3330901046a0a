"""Dates: expressions and their resolution against the publication date."""
from __future__ import annotations

import pytest

from vnnews.facts.dates import event_date, find_dates, resolve_day_month
from vnnews.facts.doc import Doc

PUB = "2020-08-14T08:47:00"


@pytest.mark.parametrize("text,surface,date,gran,end", [
    ("Chiều 13/8, Bí thư chủ trì", "Chiều 13/8", "2020-08-13", "day", None),
    ("sáng 9/12 tại Hà Nội", "sáng 9/12", "2019-12-09", "day", None),
    ("diễn ra từ ngày 19-21/12.", "ngày 19-21/12", "2019-12-19", "range", "2019-12-21"),
    ("ngày 13/8/2020", "ngày 13/8/2020", "2020-08-13", "day", None),
    ("ngày 13 tháng 8 năm 2020", "ngày 13 tháng 8 năm 2020", "2020-08-13", "day", None),
    ("Dự kiến 5 năm 2016 – 2020, tổng", "5 năm 2016 – 2020", "2016", "range", "2020"),
    ("quy hoạch giai đoạn 2016-2025", "giai đoạn 2016-2025", "2016", "range", "2025"),
    ("logistics đến năm 2025.", "đến năm 2025", "2025", "year", None),
    ("có xét đến năm 2035", "đến năm 2035", "2035", "year", None),
    ("trong nhiệm kỳ tới", "nhiệm kỳ tới", "2020", "range", "2025"),
    ("hôm qua", "hôm qua", "2020-08-13", "day", None),
    ("Hôm nay trời đẹp", "Hôm nay", "2020-08-14", "day", None),
    ("tối qua", "tối qua", "2020-08-13", "day", None),
    ("tuần trước", "tuần trước", "2020-08-03", "range", "2020-08-09"),
    ("năm ngoái", "năm ngoái", "2019", "year", None),
    ("ngày 25-10", "ngày 25-10", "2019-10-25", "day", None),
    ("ngày 5-8", "ngày 5-8", "2020-08-05", "day", None),
    ("trong tháng 8", "tháng 8", "2020-08", "month", None),
    ("tháng 11/2019", "tháng 11/2019", "2019-11", "month", None),
    ("sáng thứ Hai (10/8) vừa qua", "sáng thứ Hai (10/8)", "2020-08-10", "day", None),
    ("22.07.2020 Bí thư Hà Nội", "22.07.2020", "2020-07-22", "day", None),
])
def test_date_table(text, surface, date, gran, end):
    ds = find_dates(text, PUB)
    assert len(ds) == 1, [(d.text, d.date) for d in ds]
    d = ds[0]
    assert (d.text, d.date, d.granularity, d.end_date) == (surface, date, gran, end)
    assert text[d.start:d.end] == surface


@pytest.mark.parametrize("text", ["5 năm qua, kết quả", "3 tháng", "khoảng 1/3 dân số",
                                  "tỷ số 2-1", "mở cửa 24/7"])
def test_not_dates(text):
    assert find_dates(text, PUB) == []


def test_year_rule():
    import datetime as dt

    ref = dt.date(2021, 1, 5)
    assert resolve_day_month(28, 12, None, ref) == dt.date(2020, 12, 28)
    assert resolve_day_month(2, 3, None, ref) == dt.date(2021, 3, 2)  # within ~2 months
    assert resolve_day_month(31, 2, None, ref) is None
    assert resolve_day_month(13, 8, 2019, ref) == dt.date(2019, 8, 13)


def test_without_publication_date():
    ds = find_dates("Chiều 13/8 và ngày 13/8/2020, hôm qua")
    assert [(d.text, d.date) for d in ds] == [("ngày 13/8/2020", "2020-08-13")]


def test_event_date_from_lead():
    text = "Đưa Hà Nội thành trung tâm\n\n08:47 | 14/08/2020\n\nDNTH: Chiều 13/8, đồng chí X."
    doc = Doc.of(text)
    assert event_date(find_dates(doc, PUB), doc) == "2020-08-13"


def test_event_date_none_and_title_fallback():
    doc = Doc.of("Không có ngày nào ở đây.\n\nCũng không ở đây.")
    assert event_date(find_dates(doc, PUB), doc) is None
    assert event_date([], doc, title="Sáng 12/8, khai mạc hội chợ", published=PUB) == \
        "2020-08-12"


def _basis(text, pub, title=None):
    from vnnews.facts.dates import event_date_basis
    from vnnews.facts.doc import Doc

    doc = Doc.of(text)
    return event_date_basis(find_dates(doc, pub), doc, title, pub)


def test_event_date_basis_reported_is_the_earliest_tied_day_in_the_lead():
    text = ("Thấy vợ bị giật bóp, anh đuổi theo.\n\nChiều 28-5, anh Rachid vẫn đang được điều "
            "trị.\n\nChị Trang kể vào tối 27-5 vợ chồng chị đi xe về.")
    assert _basis(text, "2016-05-28T19:11:00+07:00") == ("2016-05-27", "reported")


def test_event_date_basis_skips_birth_deadline_background_and_far_dates():
    pub = "2016-08-09"
    assert _basis("Anh A (sinh ngày 5/8/1987) bị bắt. Hạn chót đến ngày 8/8.", pub) == (None, None)
    assert _basis("Ngày 23/6, hai người đàn ông nhờ Lý tìm nhân viên.", pub) == (None, None)
    assert _basis("Giải kéo dài từ ngày 5/8. Có hiệu lực từ ngày 7/8.", pub) == (None, None)
    assert _basis("Tuần trước, công an bắt giữ nghi phạm.", pub) == (None, None)


def test_event_date_basis_scheduled_and_title():
    assert _basis("Thụy Sĩ sẽ khánh thành đường hầm vào ngày 1/6.", "2016-05-30") == \
        ("2016-06-01", "scheduled")
    assert _basis("Không có ngày.", "2016-06-02", title="Sáng 1/6, khai trương đường bay") == \
        ("2016-06-01", "reported")


def test_event_date_and_basis_vote_window_and_fallback():
    from vnnews.facts.resolve import event_date_and_basis

    pubs = ["2016-06-02T08:00", "2016-06-02T11:00"]
    # a tie goes to the date nearest the first publication
    assert event_date_and_basis([("2016-05-27", "reported"), ("2016-06-02", "reported")], pubs) \
        == ("2016-06-02", "reported")
    # no date: the first publication, basis published
    assert event_date_and_basis([(None, None), (None, None)], pubs) == ("2016-06-02", "published")
    # a scheduled date beyond the last publication + 1 day is not the card's
    assert event_date_and_basis([("2016-06-05", "scheduled")], pubs) == ("2016-06-02", "published")
    assert event_date_and_basis([("2016-06-03", "scheduled")], pubs) == ("2016-06-03", "scheduled")


def test_card_basis_is_the_majority_of_the_articles_tying_the_date():
    """vims-dev Cluster_189: four articles say the tunnel 'sẽ' open 'vào ngày 1/6', two of
    1/6 say 'Hôm nay, 1-6, ... sẽ đi trên chuyến tàu đầu tiên': scheduled."""
    from vnnews.facts.resolve import event_date_and_basis

    pubs = ["2016-05-30T12:01", "2016-05-30T15:09", "2016-05-30T22:04", "2016-05-31T11:12",
            "2016-06-01T06:02", "2016-06-01T12:17"]
    items = [("2016-06-01", "scheduled")] * 4 + [("2016-06-01", "reported")] * 2
    assert event_date_and_basis(items, pubs, item_published=pubs) == ("2016-06-01", "scheduled")
    items = [("2016-06-01", "scheduled")] * 2 + [("2016-06-01", "reported")] * 4
    assert event_date_and_basis(items, pubs, item_published=pubs) == ("2016-06-01", "reported")


def test_card_date_after_the_first_article_needs_the_articles_since():
    """vims-dev Cluster_029: the shampoo story runs from 17/5; one article of 19/5 dates its
    own interview ('Ngày 18/5, trao đổi với PV Báo Giao thông, chị ...'): not the card's
    date. Cluster_141: the first article (27/5) is of the blockade, the seven after it of
    the dialogue 'Chiều 28-5': 28/5 stays."""
    from vnnews.facts.resolve import event_date_and_basis

    pubs = ["2016-05-17T13:11", "2016-05-17T16:55", "2016-05-19", "2016-05-19T06:44",
            "2016-05-20T09:42"]
    items = [(None, None)] * 3 + [("2016-05-18", "reported"), (None, None)]
    assert event_date_and_basis(items, pubs, item_published=pubs) == ("2016-05-17", "published")
    pubs = ["2016-05-27T20:22", "2016-05-28T22:14", "2016-05-28T22:37", "2016-05-29T07:29",
            "2016-05-29T07:36", "2016-05-29T08:07", "2016-05-29T10:00", "2016-05-29T10:13"]
    items = [("2016-05-26", "reported")] + [("2016-05-28", "reported")] * 7
    assert event_date_and_basis(items, pubs, item_published=pubs) == ("2016-05-28", "reported")
    # a date of the first publication day needs no such majority
    pubs = ["2016-05-17T13:11", "2016-05-18", "2016-05-19"]
    items = [("2016-05-17", "reported"), (None, None), (None, None)]
    assert event_date_and_basis(items, pubs, item_published=pubs) == ("2016-05-17", "reported")


def test_event_date_basis_skips_occasions_and_comparisons():
    """An occasion ('chúc mừng ngày 1/6': Children's Day) and a point of comparison ('So với
    chốt phiên chiều qua') are not the day of the happening (vims-dev Cluster_225, VMDS
    vmds-154)."""
    text = ("Ca sỹ Đức Tuấn vừa phát hành single và MV phòng thu liên khúc thiếu nhi nhằm chúc "
            "mừng ngày 1/6 và kỉ niệm 15 năm ngày mất của cố nhạc sỹ Trịnh Công Sơn")
    assert _basis(text, "2016-05-30T07:43:00+07:00") == (None, None)
    assert _basis("Mừng ngày Quốc tế Thiếu nhi 1-6, ca sĩ Đức Tuấn đã phát hành album đơn.",
                  "2016-05-31") == (None, None)
    text = ("Mở cửa thị trường vàng trong nước sáng nay 22/10, giá vàng SJC tại Hà Nội và TPHCM "
            "được Tập đoàn VBĐQ DOJI niêm yết giao dịch ở mức 37,23 triệu đồng/lượng. So với "
            "chốt phiên chiều qua, giá vàng SJC tại hai thành phố lớn được Tập đoàn DOJI điều "
            "chỉnh giảm mỗi chiều 30.000 đồng/lượng.")
    assert _basis(text, "2013-10-22T11:20:00") == ("2013-10-22", "reported")


def test_event_date_basis_lead_of_a_text_without_paragraphs():
    """VMDS texts are one block: the lead is its first four sentences, not 1,500 characters
    (vmds-014: 'Ngày 22-10, ... phủ nhận', the Paris meeting 'hôm 21-10' is background)."""
    text = ("Ngày 22-10, Phó Phát ngôn viên Bộ ngoại giao Mỹ Marie Harf khẳng định quan hệ giữa "
            "Mỹ và Saudi Arabia vẫn rất tốt, phủ nhận một báo cáo cho rằng đồng minh chủ chốt này "
            "của Mỹ tại Vùng Vịnh đang tìm cách xa lánh Washington do những bất đồng xung quanh "
            "vấn đề Syria. Phó Phát ngôn viên Bộ ngoại giao Mỹ Marie Harf. Ảnh minh họa. Bà nói: "
            "“Theo như tôi biết thì không có thông báo nào được gửi tới Bộ Ngoại giao Mỹ từ phía "
            "Saudi Arabia. Quan hệ nền tảng và đối tác với Saudi Arabia là rất tốt, chúng tôi "
            "đánh giá cao những cố gắng của nước này trên nhiều vấn đề”. Sau cuộc gặp giữa Ngoại "
            "trưởng Mỹ John Kerry và người đồng cấp Saudi Arabia, ông Saud al-Faisal tại Paris "
            "hôm 21-10, Ngoại trưởng Mỹ John Kerry cũng cho biết ông tin rằng “hai nước vẫn "
            "không có gì khác”.")
    assert _basis(text, "2013-10-23T08:59:00") == ("2013-10-22", "reported")
    # the same sentences as paragraphs keep the three-paragraph lead (ends before 'hôm 21-10')
    assert _basis(text.replace(". ", ".\n\n"), "2013-10-23T08:59:00") == ("2013-10-22", "reported")


def test_event_date_basis_a_relative_day_past_the_lead():
    """No day in the lead: a day named relative to the publication further on is the
    report's own (VMDS vmds-018: 'được ký kết sáng qua' in the sixth sentence; vims-dev
    Cluster_183: 'Phát biểu trong buổi họp báo ở Bồ Đào Nha ngày hôm qua' in the fourth
    paragraph). A numbered date there stays background, a 'hôm nay' in a quotation is the
    speaker's."""
    text = ("Theo thỏa thuận, Sinopec sẽ chi trả 25-30% hợp đồng 10 năm trị giá 85 tỉ USD giữa "
            "Rosneft và Sinopec. Bắt đầu từ năm 2014, Nga sẽ cung cấp cho Trung Quốc 10 triệu tấn "
            "dầu/năm. Theo Thủ tướng Nga Dmitry Medvedev, hai nước đang bước vào giai đoạn thảo "
            "luận giá cả nhằm đưa khí đốt của Nga sang Trung Quốc. Ông Medvedev còn khẳng định "
            "nước này sẽ tiếp tục đẩy mạnh hợp tác trên lĩnh vực năng lượng hạt nhân với Trung "
            "Quốc. Thỏa thuận được tuyên bố trong chuyến thăm của Thủ tướng Medvedev đến Bắc Kinh "
            "nhằm mục đích bán khí đốt cho thị trường năng lượng đang bùng nổ ở Trung Quốc. Đây là "
            "một trong 21 văn kiện hợp tác song phương được ký kết sáng qua trước sự chứng kiến "
            "của Thủ tướng Trung Quốc Lý Khắc Cường và Thủ tướng Medvedev.")
    assert _basis(text, "2013-10-23T00:15:00") == ("2013-10-22", "reported")
    text = ("Phát biểu trước báo giới, HLV Mourinho đã khẳng định sẽ không sa đà với những cuộc "
            "tranh cãi với HLV Pep Guardiola trong mùa giải tới.\nTrong quá khứ, Mourinho và Pep "
            "Guardiola được xem là kỳ phùng địch thủ.\nỞ mùa này, định mệnh lại “buộc” hai chiến "
            "lược gia đại tài này lại với nhau.\nPhát biểu trong buổi họp báo ở Bồ Đào Nha ngày "
            "hôm qua, ông thày của MU cho biết: “Trong quá khứ, tôi và Pep Guardola là những đối "
            "thủ trực tiếp của nhau.”")
    assert _basis(text, "2016-06-01T11:01:00+07:00") == ("2016-05-31", "reported")
    numbered = text.replace("ngày hôm qua", "hôm 27.5")
    assert _basis(numbered, "2016-06-01T11:01:00+07:00") == (None, None)
    quoted = text.replace("ngày hôm qua, ông thày của MU cho biết: “Trong",
                          "ông thày của MU cho biết: “Hôm nay, trong")
    assert _basis(quoted, "2016-06-01T11:01:00+07:00") == (None, None)
