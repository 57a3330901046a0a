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


# --- one splitter: what the tokenizer gets wrong is mended (cases from VMDS) ---------------
def _texts(text: str) -> list[str]:
    return [t for _, t in _split(text)]


def test_a_quotation_of_several_sentences_is_several_sentences():
    # vmds-12241256: the old "unclosed quotation" glue made one sentence of the rest of a
    # flattened page; the tokenizer's "” Trong …" piece gives its quote back
    text = ("Ông nói: “Tôi không có lỗi. Đó là lúc tôi quyết định để David ra đi.” "
            "Trong cuốn tự truyện, Sir Alex cũng mô tả trận đấu.")
    assert _texts(text) == ["Ông nói: “Tôi không có lỗi.", "Đó là lúc tôi quyết định để David ra đi.”",
                            "Trong cuốn tự truyện, Sir Alex cũng mô tả trận đấu."]


def test_marks_the_tokenizer_leaves_inside_a_piece():
    # vmds-12240924 ("100 km/h. Lực lượng"), vmds-12313622 (a closing '"' before a capital)
    assert _texts("Gió mạnh lên tới 100 km/h. Lực lượng cứu hỏa phải chạy đua.") == [
        "Gió mạnh lên tới 100 km/h.", "Lực lượng cứu hỏa phải chạy đua."]
    assert _texts('Họ hỏi: "Sao phải quan trọng hóa vấn đề như thế làm gì?" Mặc dù vậy, nhiều ý kiến ủng hộ.') == [
        'Họ hỏi: "Sao phải quan trọng hóa vấn đề như thế làm gì?"', "Mặc dù vậy, nhiều ý kiến ủng hộ."]


def test_an_ellipsis_before_lower_case_and_abbreviations_do_not_end_a_sentence():
    # vmds-12313372, vmds-12230998, vmds-12236552
    for text in ("Nhiều nghệ sĩ Việt: Thu Minh, Khởi My, Hiền Thục.... đều kêu gọi người hâm mộ bình chọn.",
                 "Nếu giao dịch thành công, VIAC (No. 1) Limited Partnership sẽ tăng lượng sở hữu.",
                 "Ảnh do Nh. Thạch (AFP) chụp tại TP. Hồ Chí Minh."):
        assert _texts(text) == [text]


def test_an_interview_answer_is_a_sentence_and_an_attribution_is_not():
    # vmds-12278559: "- " after a question opens the answer; after a closing quote it attributes
    assert _texts("Bạn có thể chia sẻ về thời gian đó? - Giai đoạn khó khăn nhất là năm đầu.") == [
        "Bạn có thể chia sẻ về thời gian đó?", "- Giai đoạn khó khăn nhất là năm đầu."]
    assert _texts("“Chúng tôi sẽ cố gắng.” - ông Nam nói.") == ["“Chúng tôi sẽ cố gắng.” - ông Nam nói."]


def test_facts_use_the_sentences_of_the_sentence_step():
    """One splitter: the facts' view of a text alone and the pipeline's sentences agree."""
    from vnnews.facts.doc import Doc
    from vnnews.nlp.sentences import text_sentences

    text = ("(Tổ Quốc) - Chiều 13/8, ông Trần Quốc Khánh cho biết: “Tăng trưởng đạt 8,3%. Rất tốt.” "
            "Theo NGUYÊN TRANG (Nhân dân).\n\nTP. Hồ Chí Minh có 5.000 người dự… Ông Nam nói vậy.")
    spans = [(s.start, s.end) for s in text_sentences(text)]
    assert Doc.of(text).sentences == spans
    assert Doc.of(text, sentences=spans[:1]).sentences == spans[:1]  # handed in: used as given
    assert [text[a:b] for a, b in spans][-2:] == ["TP. Hồ Chí Minh có 5.000 người dự…", "Ông Nam nói vậy."]
