"""The PDF follows Decree 30/2020: A4, vendored fonts only, no page number on page 1, whole signature block."""

import io
import logging

from pypdf import PdfReader

from reports.plan_files import render
from reports.tests.conftest import pdf_pages, pdf_text, top_margin_texts

A4 = (595.28, 841.89)


def _render(document):
    return render(document, "pdf")


def test_every_portrait_page_is_a4(document):
    reader = PdfReader(io.BytesIO(_render(document)))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width, 0), round(height, 0)) in {(595, 842), (842, 595)}
    first = reader.pages[0].mediabox
    assert round(float(first.width)) == 595 and round(float(first.height)) == 842


def test_only_the_vendored_liberation_serif_fonts_are_embedded(document):
    reader = PdfReader(io.BytesIO(_render(document)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
    assert fonts and all(name.startswith("NTM-Serif") for name in fonts), fonts


def test_weasyprint_reports_no_missing_glyph_or_font_warning(document, caplog):
    with caplog.at_level(logging.DEBUG, logger="weasyprint"):
        _render(document)
    problems = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert problems == []


def test_page_one_has_no_page_number_and_page_two_is_numbered_at_the_top(document):
    long_text = "\n".join(f"Đoạn văn thử nghiệm số {n} về xây dựng nông thôn mới của xã Quảng Giao." for n in range(60))
    document.sections.update(text=long_text)
    margins = top_margin_texts(_render(document))
    assert len(margins) >= 2
    assert margins[0] == []
    for number, texts in enumerate(margins[1:], start=2):
        assert [text for text, _x in texts] == [str(number)]
        (x,) = [x for _text, x in texts]
        # Centred between the 30 mm left and 15 mm right margins of an A4 page (595 pt wide).
        assert abs(x - (85 + 553) / 2) < 15, x


def test_header_and_closing_blocks_carry_the_metadata(document):
    text = pdf_text(_render(document))
    for phrase in (
        "ỦY BAN NHÂN DÂN",
        "XÃ QUẢNG GIAO",
        "Số: /KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Giao, ngày 09 tháng 4 năm 2024",
        "KẾ HOẠCH",
        "Xây dựng thực hiện Chương trình MTQG xây dựng NTM năm 2024",
        "Nơi nhận:",
        "- VPĐP NTM huyện Quảng Xương;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Phạm Văn Bình",
    ):
        assert phrase in text, phrase


def test_signature_block_is_never_split_across_pages(document):
    # Push the closing block toward a page end at several lengths; name and title always share a page.
    for count in range(20, 44, 3):
        document.sections.filter(key="direction").update(text="\n".join(["Một đoạn văn thử nghiệm."] * count))
        pages = pdf_pages(_render(document))
        holding_title = [i for i, page in enumerate(pages) if "TM. ỦY BAN NHÂN DÂN" in page]
        holding_name = [i for i, page in enumerate(pages) if "Phạm Văn Bình" in page]
        assert holding_title == holding_name, count
