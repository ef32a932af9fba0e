"""From the shipped data, `export_plan` regenerates the seed document: every fact of
../shared/seeds/000_f03591d269f20112.txt is in the PDF's text (spelling slips corrected, see fixtures)."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from reports.models import NarrativeSection, PlanDocument, Recipient
from reports.seed import DOCUMENTS_FILE
from reports.tests.conftest import pdf_text

METADATA = [
    "ỦY BAN NHÂN DÂN",
    "XÃ QUẢNG GIAO",
    "/KH-UBND",
    "Quảng Giao, ngày 09 tháng 4 năm 2024",
    "KẾ HOẠCH",
    "Xây dựng thực hiện Chương trình MTQG xây dựng NTM năm 2024",
    "Nơi nhận:",
    "- VPĐP NTM huyện Quảng Xương;",
    "- BCĐ các chương trình MTQG về xây dựng NTM Xã Quảng Giao;",
    "- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Phạm Văn Bình",
]
STRUCTURE = [
    "PHẦN I: Đánh giá kết quả thực hiện các chương trình mục tiêu quốc gia xây dựng NTM năm 2023",
    "I. KẾT QUẢ CHỈ ĐẠO THỰC HIỆN.",
    "1. Công tác chỉ đạo, điều hành",
    "a) Công tác truyền thông.",
    "b) Công tác đào tạo, tập huấn.",
    "a) Phát triển sản xuất nông nghiệp.",
    "c) Kết quả nâng cao thu nhập, giảm nghèo cho người dân.",
    "4. Chương trình OCOP.",
    "5. Kết quả huy động nguồn lực xây dựng nông thôn mới năm 2023.",
    "6. Chính sách đầu tư công năm 2023.",
    "PHẦN II: KẾ HOẠCH THỰC HIỆN CÁC CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA XÂY DỰNG NTM NĂM 2024",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích:",
    "2. Yêu cầu.",
    "3.1. Nhiệm vụ cụ thể theo từng quý trong năm",
    "3.2. Một số nhiệm vụ trọng tâm khác.",
    "4. Giải pháp và tổ chức thực hiện.",
    "II. Kiến nghị, đề xuất.",
]
FIGURES = [
    # Part I: income, OCOP, mobilisation with shares, public investment (the stated 19,7 tỷ, each work).
    "Mức thu nhập bình quân đầu người trong xã năm 2023 là 58 triệu đồng/người/năm.",
    "Năm 2023, xã Quảng Giao chưa có sản phẩm OCOP.",
    "Tổng nguồn vốn thực hiện chương trình xây dựng NTM năm 2023 là: 22,3 tỷ đồng. Trong đó:",
    "- Ngân sách xã: 19,7 tỷ đồng, chiếm 88,3 %",
    "- Nhân dân tự chỉnh trang, sửa chữa, cải tạo, xây mới nhà ở: 2,6 tỷ đồng, chiếm 11,7 %",
    "Năm 2023, xã Quảng Giao đã đầu tư các hạng mục công trình với tổng số tiền là: 19,7 tỷ đồng. Cụ thể:",
    "- Đường Thôn 9: 2,4 tỷ đồng",
    "- Sửa chữa trường Mầm non: 1,7 tỷ đồng",
    "- Mương Nắc Cửa thôn 5: 800 triệu đồng",
    "- Lắp biển chỉ dẫn ngõ, đường, gờ giảm tốc: 624 triệu đồng",
    "- Đường trục và mương thoát nước 2 bên ngõ a Lực Hải đi anh Văn: 7,6 tỷ đồng",
    "- Đường bê tông Nắc cửa t5: 400 triệu đồng",
    "- Cải tạo khuôn viên và lắp đặt khu vui chơi t4: 228 triệu đồng",
    "- Rãnh thoát nước 2 bên đường ngõ đỏ đi Quảng Hùng: 3,37 tỷ đồng",
    "- Mở rộng khuôn viên xây dựng mới NVH thôn Việt Trung: 2,98 tỷ đồng",
    # Part II: the quarterly tasks, each printed as "<text> với tổng số tiền <amount>" from the task's own amount
    # (docs/adr/0045-figures-come-from-data.md): the seed's varying link words ("với số tiền", "tổng số tiền:",
    # "Hương: 1,62 tỷ đồng") become the one form, "228.634.000" gets its "đồng"; every figure is the seed's.
    "Quý 1/2024:",
    "- Mở rộng khuôn viên xây dựng mới Nhà văn hóa thôn Việt Trung với tổng số tiền 2.981.839.000 đồng "
    "(đã triển khai xây dựng).",
    "- Chỉnh trang nhà văn hóa; tường rào, khuôn viên nhà văn hóa thôn 5 với tổng số tiền gần 500 triệu "
    "(đã triển khai xây dựng).",
    "- Xây dựng chỉnh trang tuyến đường để xây dựng thôn 5 là thôn nông thôn mới kiểu mẫu (đã tổ chức thực hiện).",
    "- Nâng tỷ lệ hộ sử dụng nước sạch từ 40% lên 60%: Trong Quý 1/2024 tỷ lệ sử dụng nước sạch tập trung của "
    "Quảng Giao là 752/1.250 hộ đạt 60,16 %.",
    "Quý 2/2024:",
    "- Hoàn thiện nhà văn hóa thôn 5, thôn Việt Trung.",
    "- Xây dựng thôn 5 đạt thôn NTM kiểu mẫu.",
    "- Hoàn thiện các tuyến đường đã khởi công: Đường trục và mương thoát nước 2 bên ngõ a Lực Hải đi Anh Văn.",
    "Quý 3/2024:",
    "- Lắp biển chỉ dẫn ngõ, đường, gờ giảm tốc với tổng số tiền 624.926.000 đồng.",
    "- Cải tạo khuôn viên và lắp đặt khu vui chơi thôn 4 với tổng số tiền 228.634.000 đồng.",
    "- Đầu tư hệ thống phát thanh thông minh ứng dụng công nghệ thông tin và viễn thông xã Quảng Giao với tổng "
    "số tiền 1.140.000.000 đồng.",
    "Quý 4/2024:",
    "- Ký kết hợp đồng thu gom rác thải nguy hại.",
    "- Bổ sung các biển báo, biển chỉ dẫn tại các trục đường trung tâm.",
    "- Sửa chữa trường Mầm non với tổng số tiền 1.778.326.000 đồng.",
    "- Đường Nỗ Điều đi ngõ ông Hương với tổng số tiền 1.620.000.000 đồng.",
    # The criteria appendix.
    "PHỤ LỤC: KẾT QUẢ TỰ ĐÁNH GIÁ TIÊU CHÍ NĂM 2023",
    "Tổng số tiêu chí đạt:",
    # The plan year's clean water, computed from the criteria app's counts (752 of 1.250 households).
    "PHỤ LỤC: CHỈ TIÊU ĐÃ CÓ SỐ LIỆU NĂM 2024",
    "752/1.250 (60,16 %), tính đến 31/03/2024",
]


def missing_from(text: str, phrases: list[str]) -> list[str]:
    """Phrases absent from the text; whitespace is ignored because line breaks may fall after "/" or "-"."""
    squashed = "".join(text.split())
    return [phrase for phrase in phrases if "".join(phrase.split()) not in squashed]


def narrative_paragraphs() -> list[str]:
    (entry,) = yaml.safe_load(DOCUMENTS_FILE.read_text(encoding="utf-8"))
    return [line.strip() for text in entry["sections"].values() for line in text.splitlines() if line.strip()]


@pytest.fixture
def seeded(db):
    call_command("seed_portal", stdout=StringIO())


@pytest.fixture
def seed_pdf_text(seeded, tmp_path):
    output = tmp_path / "plan.pdf"
    call_command("export_plan", commune="Quảng Giao", year=2024, output=str(output), stdout=StringIO())
    return pdf_text(output.read_bytes())


def test_export_plan_pdf_holds_every_metadata_line_and_heading_of_the_seed(seed_pdf_text):
    missing = missing_from(seed_pdf_text, METADATA + STRUCTURE)
    assert missing == []


def test_export_plan_pdf_holds_every_figure_task_and_amount_of_the_seed(seed_pdf_text):
    missing = missing_from(seed_pdf_text, FIGURES)
    assert missing == []


def test_export_plan_pdf_holds_every_narrative_paragraph_word_for_word(seed_pdf_text):
    missing = missing_from(seed_pdf_text, narrative_paragraphs())
    assert missing == []


def test_narrative_fixture_keeps_the_seed_sentences_that_hold_facts():
    text = " ".join(narrative_paragraphs())
    for fact in (
        "xây dựng thôn 5 trở thành thôn kiểu mẫu năm 2024",
        "sản xuất lúa theo chuỗi liên kết 6.5 ha tại thôn Việt Trung, thôn 4",
        "quy hoạch chung đến năm 2030",
        "công ty Hồng Hi",
        "công ty thương mại dịch vụ Đất xanh đầu tư ẩm thực đồng quê",
        "về đích 02 thôn kiểu mẫu",
        "Quyết định số 32/2022/QĐ – UBND ngày 10/8/2022 của Chủ tịch UBND tỉnh Thanh Hóa",
        "Quyết định số 33/2022/QĐ – UBND ngày 10/8/2022",
    ):
        assert fact in text, fact


def test_seed_runs_twice_without_changing_the_document(seeded):
    def state():
        document = PlanDocument.objects.get(commune__name="Quảng Giao", year=2024)
        return (
            PlanDocument.objects.count(),
            document.signer_name,
            str(document.issued_on),
            sorted(NarrativeSection.objects.values_list("key", "text")),
            list(Recipient.objects.values_list("position", "text")),
        )

    before = state()
    call_command("seed_portal", stdout=StringIO())
    assert state() == before
    assert before[1] == "Phạm Văn Bình" and before[2] == "2024-04-09"


def test_seed_pdf_is_a4_numbered_from_page_two_and_renders_without_font_warnings(seeded, caplog):
    import io
    import logging

    from pypdf import PdfReader

    from reports.plan_files import render
    from reports.tests.conftest import top_margin_texts

    document = PlanDocument.objects.with_parts().get(commune__name="Quảng Giao", year=2024)
    with caplog.at_level(logging.DEBUG, logger="weasyprint"):
        data = render(document, "pdf")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    reader = PdfReader(io.BytesIO(data))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {(595, 842), (842, 595)}  # A4 portrait, and A4 landscape for the criteria appendix
    margins = top_margin_texts(data)
    assert margins[0] == []
    assert [[text for text, _x in texts] for texts in margins[1:]] == [[str(n)] for n in range(2, len(margins) + 1)]


def test_every_character_of_the_seed_pdf_has_a_glyph_in_the_vendored_fonts(seed_pdf_text):
    from django.conf import settings
    from fontTools.ttLib import TTFont

    fonts = settings.BASE_DIR / "static" / "fonts"
    for name in ("Regular", "Bold", "Italic", "BoldItalic"):
        cmap = TTFont(fonts / f"LiberationSerif-{name}.ttf").getBestCmap()
        missing = sorted({char for char in seed_pdf_text if not char.isspace() and ord(char) not in cmap})
        assert missing == [], name


def test_reseeding_keeps_an_officials_later_edits(seeded):
    document = PlanDocument.objects.get(commune__name="Quảng Giao", year=2024)
    document.sections.filter(key="direction").update(text="Đoạn đã sửa trên cổng.")
    PlanDocument.objects.filter(pk=document.pk).update(number="45")
    document.recipients.filter(position=2).delete()
    call_command("seed_portal", stdout=StringIO())
    document.refresh_from_db()
    assert document.number == "45"
    assert document.sections.get(key="direction").text == "Đoạn đã sửa trên cổng."
    assert document.recipients.count() == 1
