"""Sentence step: page furniture glued to sentences is separated at the split, with its kind."""
from vnnews.model import Document, Paragraph
from vnnews.nlp.sentences import split_sentences


def _split(text: str) -> list[tuple[str, str]]:
    doc = split_sentences(Document("d", text=text, paragraphs=[Paragraph(text, 0, len(text))]))
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text  # offsets stay exact
    return [(s.kind, s.text) for s in doc.sentences]


# VMDS, vmds-12348885 (a headline flattened into the body)
ASLAN = ("Chàng trai Thổ Nhĩ Kỳ - Aslan với giấc mơ làm ca sĩ tại Việt Nam Sự kiện chàng trai Thổ Nhĩ Kỳ "
         "giới thiệu album ca nhạc đầu tay bằng tiếng Việt có tên “Câu chuyện của Aslan” tại Hà Nội thu hút "
         "sự quan tâm của nhiều người. Đây là một sự kiện âm nhạc hiếm có tại Hà Nội.")


def test_glued_headline_is_a_heading():
    got = _split(ASLAN)
    assert got[0] == ("heading", "Chàng trai Thổ Nhĩ Kỳ - Aslan với giấc mơ làm ca sĩ tại Việt Nam")
    assert got[1][0] == "body" and got[1][1].startswith("Sự kiện chàng trai")


def test_names_are_not_split():
    text = ("Theo số liệu của Bộ Tài chính thì giá xăng RON 92 đang được bán với giá cao. "
            "Bộ Tài chính cho biết giá sẽ được điều chỉnh.")
    assert [k for k, _ in _split(text)] == ["body", "body"]


def test_teaser_line_is_not_body():
    got = _split(">> Pháp, Mexico giận dữ đòi Mỹ giải thích về cáo buộc do thám Tổng thống Obama nói chuyện "
                 "điện thoại với Tổng thống Pháp. Cuộc điện thoại nhằm trả lời về một bài báo.")
    assert got[0][0] == "teaser" and got[1] == ("body", "Cuộc điện thoại nhằm trả lời về một bài báo.")


def test_photo_credit_and_dateline_are_separated():
    got = _split("(Tổ Quốc) - Chiều 13/8, Bí thư Thành ủy Hà Nội đã làm việc với Bộ Công Thương. "
                 "Người biểu tình ở Phnom Penh (Ảnh: Reuters) Thỏa thuận được ký tại Bắc Kinh.")
    assert got == [("dateline", "(Tổ Quốc) -"),
                   ("body", "Chiều 13/8, Bí thư Thành ủy Hà Nội đã làm việc với Bộ Công Thương."),
                   ("caption", "Người biểu tình ở Phnom Penh (Ảnh: Reuters)"),
                   ("body", "Thỏa thuận được ký tại Bắc Kinh.")]


def test_credit_line_is_a_byline_but_a_sentence_starting_with_theo_is_not():
    got = _split("Theo các chuyên gia, giá vàng sẽ còn tăng trong những tuần tới. Theo Văn Hưng (Vietnam+)")
    assert [k for k, _ in got] == ["body", "byline"]


def test_headline_rule_only_in_flattened_pages():
    text = "Đoạn mở đầu của bài báo có đủ một câu hoàn chỉnh.\n\n" + ASLAN
    paras = [Paragraph(p, text.index(p), text.index(p) + len(p)) for p in text.split("\n\n")]
    doc = split_sentences(Document("d", text=text, paragraphs=paras))
    assert [s.kind for s in doc.sentences] == ["body"] * len(doc.sentences)
