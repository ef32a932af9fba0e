"""SVG charts: well-formed, labelled in Vietnamese with the project's formats, patterned, printable."""

import io
import xml.etree.ElementTree as ET
from decimal import Decimal

from pypdf import PdfReader
from weasyprint import HTML

from reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(str(svg))


def texts(svg):
    return [element.text for element in parse(svg).iter(f"{SVG}text")]


def test_criteria_meter_numbers_each_criterion_and_says_the_count():
    cells = [(number, "met" if number <= 17 else "not_met") for number in range(1, 20)]
    svg = charts.criteria_meter(cells, title="Xã nông thôn mới: đạt 17/19")
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "Xã nông thôn mới: đạt 17/19"
    assert "Đạt 17/19 tiêu chí; chưa đạt 2; chưa đánh giá 0." in root.find(f"{SVG}desc").text
    assert [str(number) for number in range(1, 20)] == texts(svg)[:19]
    assert "Chưa đạt" in texts(svg) and "Chưa đánh giá" in texts(svg)
    assert 'fill="url(#' in str(svg)  # "not met" is hatched, not only a different shade


def test_paired_bars_write_vietnamese_money():
    svg = charts.paired_bars(
        [("Ngân sách xã", 0, 19_700_000_000), ("Nhân dân", 3_000_000_000, 2_600_000_000)],
        title="Vốn",
        first_label="Kế hoạch",
        second_label="Đã huy động",
    )
    labels = texts(svg)
    assert "19,7 tỷ đồng" in labels and "2,6 tỷ đồng" in labels and "3 tỷ đồng" in labels
    assert "Kế hoạch" in labels and "Đã huy động" in labels


def test_progress_bars_say_late_in_words():
    svg = charts.progress_bars(
        [("QG-2023-05 Đường trục", Decimal("45.5"), True), ("QG-2024-03 Đường Nỗ Điều", None, False)],
        title="Tiến độ",
    )
    labels = texts(svg)
    assert "46 % · chậm" in labels and "chưa cập nhật" in labels


def test_trend_line_labels_values_years_and_target():
    svg = charts.trend_line(
        [(2023, Decimal("40")), (2024, Decimal("60.16"))],
        title="Nước sạch",
        unit_label="%",
        target=Decimal("55"),
        target_label="Chỉ tiêu ≥ 55 %",
    )
    labels = texts(svg)
    assert {"40", "60,16", "2023", "2024", "Chỉ tiêu ≥ 55 %"} <= set(labels)
    assert "stroke-dasharray" in str(svg)


def test_an_empty_trend_says_there_is_no_data():
    assert "Chưa có số liệu" in texts(charts.trend_line([], title="Thu nhập", unit_label="triệu đồng"))


def test_labels_are_escaped():
    svg = charts.count_bars([("<script>x</script>", 2)], title="<b>")
    assert "<script>" not in str(svg)
    assert parse(svg) is not None


def test_two_charts_on_one_page_do_not_share_pattern_ids():
    first = charts.criteria_meter([(1, "not_met")], title="a")
    second = charts.criteria_meter([(1, "not_met")], title="b")
    ids = lambda svg: {element.get("id") for element in parse(svg).iter() if element.get("id")}  # noqa: E731
    assert not ids(first) & ids(second)


def test_the_same_svg_prints_in_a_weasyprint_pdf():
    svg = charts.paired_bars(
        [("Ngân sách xã", 0, 19_700_000_000)], title="Vốn", first_label="Kế hoạch", second_label="Đã huy động"
    )
    pdf = HTML(string=f"<html><body><p>Biểu đồ</p>{svg}</body></html>").write_pdf()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "19,7 tỷ đồng" in text and "Đã huy động" in text
