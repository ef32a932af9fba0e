"""Bad input at every form and import of the portal, sent as the commune's official would send it.

Each case starts from a valid submission (the `*_baseline` tests prove it is accepted) and spoils one
value: a negative or overflowing number, an impossible date (31/02/2026), HTML or script in a text, a
formula cell in an Excel upload, a file too large or of the wrong type, the id of another commune's
record. Each must answer with a clear Vietnamese message and save nothing: the rows of every table
are counted before and after.
"""

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from criteria.models import CriteriaSet, Indicator
from criteria.resources import IndicatorResource
from dossiers.tests import records as dossier_records
from funding.models import FundingSource
from reports.forms import DocumentEditForm

from .conftest import png_bytes, row_counts

IMPOSSIBLE_DATE = "31/02/2026"
SCRIPT = "<script>alert('x')</script>"
MARKUP_MESSAGE = "Nội dung không được chứa mã HTML hoặc script"
# Django's and import-export's own English, should a message escape translation.
ENGLISH = (
    "Ensure this value",
    "Enter a ",
    "This field",
    "is violated",
    "Select a valid",
    "Traceback",
    "Errors:",
    "Line number",
)
HUGE = "huge"  # a file one byte over settings.UPLOAD_MAX_BYTES, made at test time


# --- valid submissions ---------------------------------------------------------------------------


def work_data(world):
    return {
        "code": "QG-KT-99",
        "name": "Đường thôn thử nghiệm",
        "village": "",
        "category": "road",
        "total_investment": "1,5 tỷ",
        "planned_start_year": "2024",
        "planned_start_quarter": "2",
        "planned_end_year": "2024",
        "planned_end_quarter": "4",
        "status": "planned",
        "place": "Thôn 5",
    }


def work_edit_data(world):
    return {**work_data(world), "code": world.work.code, "status": world.work.status, "version": world.work.version}


def progress_data(world):
    return {"date": "30/09/2024", "physical_percent": "45", "disbursed_cumulative": "", "note": "", "reason": ""}


def task_data(world):
    return {
        "year": "2024",
        "quarter": "2",
        "text": "Rà soát tiêu chí môi trường",
        "amount": "50 triệu",
        "work": "",
        "responsible": "Cán bộ địa chính",
        "status": "planned",
        "due_date": "30/06/2024",
        "done_date": "",
    }


def task_edit_data(world):
    return {**task_data(world), "version": world.task.version}


def line_data(world):
    source = FundingSource.objects.filter(is_active=True).order_by("pk").first()
    return {
        "year": "2024",
        "source": source.pk,
        "stage": "mobilised",
        "amount": "120 triệu",
        "quarter": "",
        "work": world.work.pk,
        "labour_days": "",
        "land_m2": "",
        "note": "",
    }


def ocop_data(world):
    return {"name": "Nước mắm thử nghiệm", "group": "thuc_pham", "stars": "3", "year_recognised": "2023", "note": ""}


def assessment_data(world):
    return {"year": "2025", "level": world.assessment.criteria_set.level}


def indicator_data(world, **changes):
    """The row of a ratio indicator (seeded: 752/1.250 households); its fields carry the row's prefix."""
    values = {"numerator": "760", "denominator": "1.250", "as_of": "30/06/2024", "source": "Thôn báo cáo", "note": ""}
    values |= changes
    return {f"i{world.indicator.pk}-{name}": value for name, value in values.items()}


def indicator(**changes):
    return lambda world: indicator_data(world, **changes)


def document_data(world):
    """The edit form as the page shows it: every field with its current value."""
    form = DocumentEditForm(instance=world.document)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        data[name] = "" if value is None else value
    return data


# --- files ---------------------------------------------------------------------------------------


def upload(kind, name="tep.png"):
    if kind == HUGE:
        content = png_bytes() + b"\0" * settings.UPLOAD_MAX_BYTES  # a valid PNG head, one limit too long
    elif kind == "text":
        content = b"Day khong phai la anh, chi la van ban.\n" * 20
    elif kind == "png":
        content = png_bytes()
    else:
        content = kind
    return SimpleUploadedFile(name, content)


def huge_xlsx(upload_file):
    """A valid workbook one limit too large: an uncompressed member that Excel and openpyxl ignore."""
    buffer = io.BytesIO(upload_file.read())
    with zipfile.ZipFile(buffer, "a") as book:
        book.writestr("xl/media/dem.bin", b"\0" * settings.UPLOAD_MAX_BYTES, compress_type=zipfile.ZIP_STORED)
    return SimpleUploadedFile(upload_file.name, buffer.getvalue())


def xlsx(headers, rows, name="nhap.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)  # a string starting with "=" is written as a formula cell
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


WORK_HEADERS = [
    "Mã công trình",
    "Xã",
    "Tên công trình",
    "Thôn",
    "Lĩnh vực",
    "Tổng mức đầu tư",
    "Năm khởi công",
    "Quý khởi công",
    "Năm hoàn thành",
    "Quý hoàn thành",
    "Tình trạng",
    "Địa điểm",
]
WORK_ROW = [
    "QG-KT-77",
    "Quảng Giao",
    "Kênh tưới thử nghiệm",
    "",
    "Thủy lợi",
    "800 triệu",
    2024,
    1,
    2024,
    4,
    "Kế hoạch",
    "",
]
PROGRESS_HEADERS = ["Mã công trình", "Xã", "Ngày", "Khối lượng hoàn thành (%)", "Giải ngân lũy kế", "Ghi chú", "Lý do"]
LINE_HEADERS = [
    "Mã dòng",
    "Xã",
    "Năm",
    "Nguồn vốn",
    "Giai đoạn",
    "Quý",
    "Mã công trình",
    "Số tiền",
    "Số ngày công",
    "Diện tích hiến đất (m²)",
    "Ghi chú",
]
LINE_ROW = ["", "Quảng Giao", 2024, "Ngân sách xã", "Kế hoạch", "", "", "300 triệu", "", "", ""]


def work_rows(**changes):
    row = dict(zip(WORK_HEADERS, WORK_ROW, strict=True)) | changes
    return xlsx(WORK_HEADERS, [list(row.values())])


def progress_rows(world, **changes):
    row = {
        "Mã công trình": world.work.code,
        "Xã": "Quảng Giao",
        "Ngày": "30/09/2024",
        "Khối lượng hoàn thành (%)": 55,
        "Giải ngân lũy kế": "",
        "Ghi chú": "",
        "Lý do": "",
    } | changes
    return xlsx(PROGRESS_HEADERS, [list(row.values())])


def line_rows(**changes):
    row = dict(zip(LINE_HEADERS, LINE_ROW, strict=True)) | changes
    return xlsx(LINE_HEADERS, [list(row.values())])


def set_rows(world, **changes):
    """The assessed set exported, its first indicator row changed."""
    dataset = IndicatorResource(CriteriaSet.objects.get(pk=world.assessment.criteria_set_id)).export()
    rows = [list(row) for row in dataset]
    rows[0] = [changes.get(header, value) for header, value in zip(dataset.headers, rows[0], strict=True)]
    return xlsx(dataset.headers, rows)


def other_set_indicator(world):
    return Indicator.objects.exclude(criterion__criteria_set=world.assessment.criteria_set_id).order_by("pk").first()


def posting_data(world):
    return {"place": "office", "posted_on": "06/01/2025", "ended_on": "", "note": ""}


def survey_data(world):
    return {"households_asked": "1.250", "households_answered": "200", "households_satisfied": "185", "note": ""}


def upload_item_pk(world):
    return dossier_records.upload_item().pk


def on_dossier(name, *extra):
    key = [dossier_records.YEAR, dossier_records.LEVEL]
    return lambda world: reverse(name, args=[world.quang_giao.pk, *key, *(part(world) for part in extra)])


# --- the cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    url: Callable  # world -> url
    data: Callable  # world -> POST data (files included)
    expect: str  # the Vietnamese message the answer must carry
    user: str = "official"
    status: int = 200
    htmx: bool = False
    method: str = "post"


def spoil(baseline, **changes):
    return lambda world: {**baseline(world), **{k: v(world) if callable(v) else v for k, v in changes.items()}}


def qg(name, *extra):
    return lambda world: reverse(name, args=[world.quang_giao.pk, *extra])


def on_work(name):
    return lambda world: reverse(name, args=[world.work.pk])


CASES = {
    # works
    "work: negative investment": Case(qg("projects:work_create"), spoil(work_data, total_investment="-5 tỷ"), "âm"),
    "work: overflowing investment": Case(
        qg("projects:work_create"), spoil(work_data, total_investment="9" * 25 + " đồng"), "quá lớn"
    ),
    "work: five-digit year": Case(qg("projects:work_create"), spoil(work_data, planned_start_year="20245"), "2100"),
    "work: quarter 5": Case(qg("projects:work_create"), spoil(work_data, planned_start_quarter="5"), "Quý"),
    "work: script in the name": Case(qg("projects:work_create"), spoil(work_data, name=SCRIPT), MARKUP_MESSAGE),
    "work: another commune's village": Case(
        qg("projects:work_create"), spoil(work_data, village=lambda w: w.hai_village.pk), "Lựa chọn"
    ),
    "work: markup in the place, on edit": Case(
        on_work("projects:work_edit"), spoil(work_edit_data, place="<b>Thôn 5</b>"), MARKUP_MESSAGE
    ),
    # progress (with photos)
    "progress: impossible date": Case(
        on_work("projects:progress_create"), spoil(progress_data, date=IMPOSSIBLE_DATE), "dd/mm/yyyy"
    ),
    "progress: a date after today": Case(
        on_work("projects:progress_create"), spoil(progress_data, date="01/01/2099"), "sau hôm nay"
    ),
    "progress: negative percent": Case(
        on_work("projects:progress_create"), spoil(progress_data, physical_percent="-5"), "từ 0 đến 100"
    ),
    "progress: percent over 100": Case(
        on_work("projects:progress_create"), spoil(progress_data, physical_percent="150"), "từ 0 đến 100"
    ),
    "progress: overflowing percent": Case(
        on_work("projects:progress_create"), spoil(progress_data, physical_percent="1" + "0" * 30), "từ 0 đến 100"
    ),
    "progress: negative disbursement": Case(
        on_work("projects:progress_create"), spoil(progress_data, disbursed_cumulative="-1 tỷ"), "âm"
    ),
    "progress: script in the note": Case(
        on_work("projects:progress_create"),
        spoil(progress_data, note="<img src=x onerror=alert(1)>"),
        MARKUP_MESSAGE,
    ),
    "progress: a text file as photo": Case(
        on_work("projects:progress_create"),
        spoil(progress_data, photo_during=lambda w: upload("text", "anh.png")),
        "ảnh",
    ),
    "progress: a photo over the size limit": Case(
        on_work("projects:progress_create"), spoil(progress_data, photo_after=lambda w: upload(HUGE)), "MB"
    ),
    "progress (quick, htmx): a word as percent": Case(
        on_work("projects:progress_quick"), spoil(progress_data, physical_percent="bốn mươi"), "phải là số", htmx=True
    ),
    "progress: another commune's work": Case(
        lambda w: reverse("projects:progress_create", args=[w.hai_work.pk]), progress_data, "", status=404
    ),
    # quarterly tasks
    "task: negative amount": Case(qg("projects:task_create", 2024), spoil(task_data, amount="-100 triệu"), "âm"),
    "task: impossible due date": Case(
        qg("projects:task_create", 2024), spoil(task_data, due_date=IMPOSSIBLE_DATE), "dd/mm/yyyy"
    ),
    "task: quarter 0": Case(qg("projects:task_create", 2024), spoil(task_data, quarter="0"), "Quý"),
    "task: script in the text": Case(qg("projects:task_create", 2024), spoil(task_data, text=SCRIPT), MARKUP_MESSAGE),
    "task: another commune's work": Case(
        qg("projects:task_create", 2024), spoil(task_data, work=lambda w: w.hai_work.pk), "Lựa chọn"
    ),
    "task: overflowing year, on edit": Case(
        lambda w: reverse("projects:task_edit", args=[w.task.pk]), spoil(task_edit_data, year="99999"), "2100"
    ),
    "task: another commune's task": Case(
        lambda w: reverse("projects:task_edit", args=[w.hai_task.pk]), task_data, "", status=404
    ),
    # money lines
    "money line: negative amount": Case(qg("funding:line_create"), spoil(line_data, amount="-1.000.000"), "âm"),
    "money line: overflowing amount": Case(
        qg("funding:line_create"), spoil(line_data, amount="1" + "0" * 24 + " đồng"), "quá lớn"
    ),
    "money line: negative labour days": Case(qg("funding:line_create"), spoil(line_data, labour_days="-3"), "0"),
    "money line: overflowing land area": Case(qg("funding:line_create"), spoil(line_data, land_m2="1e30"), "số"),
    "money line: a word as year": Case(qg("funding:line_create"), spoil(line_data, year="năm nay"), "2024"),
    "money line: script in the note": Case(qg("funding:line_create"), spoil(line_data, note=SCRIPT), MARKUP_MESSAGE),
    "money line: another commune's work": Case(
        qg("funding:line_create"), spoil(line_data, work=lambda w: w.hai_work.pk), "không thuộc xã này"
    ),
    "money line: another commune's line": Case(
        lambda w: reverse("funding:line_edit", args=[w.hai_line.pk]), line_data, "", status=404
    ),
    # criteria
    # (a fix: the model's check constraints answered "Constraint “ocop_stars_1_to_5” is violated.")
    "OCOP: six stars": Case(qg("criteria:ocop_create"), spoil(ocop_data, stars="6"), "Số sao phải từ 1 đến 5."),
    "OCOP: negative stars": Case(qg("criteria:ocop_create"), spoil(ocop_data, stars="-1"), "Số sao phải từ 1 đến 5."),
    "OCOP: year 5000": Case(
        qg("criteria:ocop_create"), spoil(ocop_data, year_recognised="5000"), "phải từ 2000 đến 2100"
    ),
    "OCOP: overflowing year": Case(
        qg("criteria:ocop_create"), spoil(ocop_data, year_recognised="9" * 20), "phải từ 2000 đến 2100"
    ),
    "OCOP: script in the name": Case(qg("criteria:ocop_create"), spoil(ocop_data, name=SCRIPT), MARKUP_MESSAGE),
    "OCOP: a name too long": Case(qg("criteria:ocop_create"), spoil(ocop_data, name="Bánh " * 60), "200"),
    "assessment: negative year": Case(qg("criteria:assessment_create"), spoil(assessment_data, year="-2024"), "2000"),
    "assessment: overflowing year": Case(
        qg("criteria:assessment_create"), spoil(assessment_data, year="9" * 20), "2100"
    ),
    "indicator (htmx): impossible date": Case(
        lambda w: reverse("criteria:indicator_save", args=[w.assessment.pk, w.indicator.pk]),
        indicator(as_of=IMPOSSIBLE_DATE),
        "ngày",
        htmx=True,
    ),
    "indicator (htmx): script in the source": Case(
        lambda w: reverse("criteria:indicator_save", args=[w.assessment.pk, w.indicator.pk]),
        indicator(source=SCRIPT),
        MARKUP_MESSAGE,
        htmx=True,
    ),
    "indicator (htmx): negative count": Case(
        lambda w: reverse("criteria:indicator_save", args=[w.assessment.pk, w.indicator.pk]),
        indicator(numerator="-5"),
        "không được âm",
        htmx=True,
    ),
    "indicator: overflowing count": Case(
        lambda w: reverse("criteria:indicator_save", args=[w.assessment.pk, w.indicator.pk]),
        indicator(denominator="9" * 30),
        "chưa được lưu",
    ),
    "indicator: one of another criteria set": Case(
        lambda w: reverse("criteria:indicator_save", args=[w.assessment.pk, other_set_indicator(w).pk]),
        lambda w: {f"i{other_set_indicator(w).pk}-value_bool": "yes"},
        "",
        status=404,
    ),
    "evidence: a text file": Case(
        lambda w: reverse("criteria:evidence_upload", args=[w.value.pk]),
        lambda w: {"file": upload("text", "bien-ban.pdf")},
        "PDF hoặc ảnh",
        htmx=True,
    ),
    "evidence: a file over the size limit": Case(
        lambda w: reverse("criteria:evidence_upload", args=[w.value.pk]),
        lambda w: {"file": upload(HUGE)},
        "quá lớn",
        htmx=True,
    ),
    # the plan document
    "document: impossible signing date": Case(
        lambda w: reverse("reports:document_edit", args=[w.document.pk]),
        spoil(document_data, issued_on=IMPOSSIBLE_DATE),
        "ngày",
    ),
    "document: script in a section": Case(
        lambda w: reverse("reports:document_edit", args=[w.document.pk]),
        spoil(document_data, section_purpose=SCRIPT),
        MARKUP_MESSAGE,
    ),
    "document: markup in the recipients": Case(
        lambda w: reverse("reports:document_edit", args=[w.document.pk]),
        spoil(document_data, recipients="<a href='http://x'>UBND huyện</a>"),
        MARKUP_MESSAGE,
    ),
    "document: a word as year": Case(qg("reports:document_create"), lambda w: {"year": "hai nghìn"}, "không hợp lệ"),
    "document: script in the issue note": Case(
        lambda w: reverse("reports:document_issue", args=[w.document.pk]),
        lambda w: {"note": SCRIPT},
        "không hợp lệ",
        user="steering",
    ),
    # Excel imports: works, progress, money lines (officials), a criteria set (administrators)
    "works import: formula cell": Case(
        qg("projects:import", "works"),
        lambda w: {"file": work_rows(**{"Tên công trình": '=HYPERLINK("http://x","bấm")'})},
        "công thức",
    ),
    "works import: negative investment": Case(
        qg("projects:import", "works"), lambda w: {"file": work_rows(**{"Tổng mức đầu tư": -800_000_000})}, "âm"
    ),
    "works import: a text cell starting with minus": Case(
        qg("projects:import", "works"),
        lambda w: {"file": work_rows(**{"Tổng mức đầu tư": "-800 triệu"})},
        "bắt đầu bằng “-”",
    ),
    "works import: impossible year": Case(
        qg("projects:import", "works"), lambda w: {"file": work_rows(**{"Năm khởi công": 20245})}, "2100"
    ),
    "works import: script in the name": Case(
        qg("projects:import", "works"), lambda w: {"file": work_rows(**{"Tên công trình": SCRIPT})}, MARKUP_MESSAGE
    ),
    "works import: another commune": Case(
        qg("projects:import", "works"), lambda w: {"file": work_rows(**{"Xã": "Quảng Hải"})}, "Quảng Hải"
    ),
    "works import: a PNG named .xlsx": Case(
        qg("projects:import", "works"), lambda w: {"file": upload("png", "cong-trinh.xlsx")}, "Excel"
    ),
    "works import: a file over the size limit": Case(
        qg("projects:import", "works"), lambda w: {"file": huge_xlsx(work_rows())}, "MB"
    ),
    "progress import: impossible date": Case(
        qg("projects:import", "progress"), lambda w: {"file": progress_rows(w, **{"Ngày": IMPOSSIBLE_DATE})}, "Ngày"
    ),
    "progress import: overflowing percent": Case(
        qg("projects:import", "progress"),
        lambda w: {"file": progress_rows(w, **{"Khối lượng hoàn thành (%)": 10**30})},
        "100",
    ),
    "progress import: another commune's work": Case(
        qg("projects:import", "progress"),
        lambda w: {"file": progress_rows(w, **{"Mã công trình": w.hai_work.code})},
        "QH-KT-01",
    ),
    "money import: formula cell": Case(
        qg("funding:import"), lambda w: {"file": line_rows(**{"Ghi chú": "=1+2"})}, "công thức"
    ),
    "money import: negative amount": Case(
        qg("funding:import"), lambda w: {"file": line_rows(**{"Số tiền": -300_000_000})}, "âm"
    ),
    "money import: script in the note": Case(
        qg("funding:import"), lambda w: {"file": line_rows(**{"Ghi chú": SCRIPT})}, MARKUP_MESSAGE
    ),
    "money import: impossible quarter": Case(qg("funding:import"), lambda w: {"file": line_rows(**{"Quý": 5})}, "Quý"),
    "money import: overflowing amount": Case(
        qg("funding:import"), lambda w: {"file": line_rows(**{"Số tiền": "9" * 25})}, "quá lớn"
    ),
    "money import: another commune": Case(
        qg("funding:import"), lambda w: {"file": line_rows(**{"Xã": "Quảng Hải"})}, "Quảng Hải"
    ),
    "money import: a text file": Case(qg("funding:import"), lambda w: {"file": upload("text", "von.xlsx")}, "Excel"),
    "money import: a file over the size limit": Case(
        qg("funding:import"), lambda w: {"file": huge_xlsx(line_rows())}, "MB"
    ),
    "criteria set import: formula cell": Case(
        lambda w: reverse("criteria:set_import", args=[w.assessment.criteria_set_id]),
        lambda w: {"file": set_rows(w, **{"Nội dung chỉ tiêu": "=1+1"})},
        "công thức",
        user="administrator",
    ),
    "criteria set import: script in a content": Case(
        lambda w: reverse("criteria:set_import", args=[w.assessment.criteria_set_id]),
        lambda w: {"file": set_rows(w, **{"Nội dung chỉ tiêu": SCRIPT})},
        MARKUP_MESSAGE,
        user="administrator",
    ),
    "criteria set import: a file over the size limit": Case(
        lambda w: reverse("criteria:set_import", args=[w.assessment.criteria_set_id]),
        lambda w: {"file": huge_xlsx(set_rows(w))},
        "MB",
        user="administrator",
    ),
    # filters (GET): a bad value is shown with its message and ignored
    "audit filter: impossible date": Case(
        lambda w: reverse("audit_list"), lambda w: {"date_from": IMPOSSIBLE_DATE}, "Ngày không hợp lệ", method="get"
    ),
    "works filter: five-digit year": Case(
        lambda w: reverse("projects:work_list"), lambda w: {"year": "20245"}, "Năm phải từ 2000 đến 2100.", method="get"
    ),
    # the recognition dossier (Quảng Giao, 2024, NTM nâng cao)
    "dossier posting: a date after today": Case(
        on_dossier("dossiers:posting_add"), spoil(posting_data, posted_on="01/01/2099"), "chưa tới"
    ),
    "dossier posting: ending before it began": Case(
        on_dossier("dossiers:posting_add"),
        spoil(posting_data, ended_on="05/01/2025"),
        "Ngày kết thúc (05/01/2025) phải sau hoặc bằng ngày niêm yết (06/01/2025)",
    ),
    "dossier posting: impossible date": Case(
        on_dossier("dossiers:posting_add"), spoil(posting_data, posted_on=IMPOSSIBLE_DATE), "dd/mm/yyyy"
    ),
    "dossier posting: another commune's village": Case(
        on_dossier("dossiers:posting_add"),
        spoil(posting_data, place="cultural_house", village=lambda w: w.hai_village.pk),
        "Lựa chọn",
    ),
    "dossier posting: script in the note": Case(
        on_dossier("dossiers:posting_add"), spoil(posting_data, note=SCRIPT), MARKUP_MESSAGE
    ),
    "dossier survey: more satisfied than answered": Case(
        on_dossier("dossiers:survey"),
        spoil(survey_data, households_satisfied="201"),
        "Số hộ hài lòng (201) không được lớn hơn số hộ trả lời (200).",
    ),
    "dossier survey: more answered than asked": Case(
        on_dossier("dossiers:survey"),
        spoil(survey_data, households_answered="1.300"),
        "Số hộ trả lời (1.300) không được lớn hơn số hộ được lấy ý kiến (1.250).",
    ),
    "dossier survey: a negative count": Case(
        on_dossier("dossiers:survey"), spoil(survey_data, households_asked="-5"), "không được âm"
    ),
    "dossier upload: a text file": Case(
        on_dossier("dossiers:upload", upload_item_pk),
        lambda w: {"file": upload("text", "bien-ban.pdf")},
        "PDF hoặc ảnh",
    ),
    "dossier upload: a file over the size limit": Case(
        on_dossier("dossiers:upload", upload_item_pk), lambda w: {"file": upload(HUGE)}, "MB"
    ),
    "criteria set import: a PNG named .xlsx": Case(
        lambda w: reverse("criteria:set_import", args=[w.assessment.criteria_set_id]),
        lambda w: {"file": upload("png", "bo-tieu-chi.xlsx")},
        "Excel",
        user="administrator",
    ),
}


@pytest.fixture
def users(official, steering, administrator):
    return {"official": official, "steering": steering, "administrator": administrator}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gets_a_vietnamese_message_and_saves_nothing(name, world, users, client):
    case = CASES[name]
    client.force_login(users[case.user])
    url, data = case.url(world), case.data(world)
    headers = {"HX-Request": "true"} if case.htmx else {}
    before = row_counts()
    response = getattr(client, case.method)(url, data, headers=headers, follow=True)
    after = row_counts()

    assert response.status_code == case.status, name
    changed = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
    assert not changed, f"{name}: rows changed {changed}"
    if case.status == 200:
        text = response.content.decode()
        assert case.expect in text, f"{name}: “{case.expect}” not in the answer:\n{shown_messages(text)}"
        visible = re.sub(r"<[^>]+>", " ", text)
        english = [phrase for phrase in ENGLISH if phrase in visible]
        assert not english, f"{name}: English in the answer: {english}"


def shown_messages(html: str) -> str:
    """The error messages of a page, for the failure report."""
    pattern = (
        r'class="[^"]*(?:invalid-feedback|alert-danger|alert|text-danger|errorlist)[^"]*"[^>]*>(.*?)</(?:div|li|ul|td)'
    )
    found = re.findall(pattern, html, flags=re.S)
    return "\n".join(re.sub(r"<[^>]+>", " ", item).strip() for item in found) or html[:2000]


# --- the valid submissions each case spoils are accepted (so a refusal above is the bad value's doing) ----

BASELINES = {
    "work": (qg("projects:work_create"), work_data, "projects_work"),
    "work edit": (on_work("projects:work_edit"), work_edit_data, "core_auditentry"),
    "progress": (on_work("projects:progress_create"), progress_data, "projects_progressupdate"),
    "task": (qg("projects:task_create", 2024), task_data, "projects_quarterlytask"),
    "task edit": (lambda w: reverse("projects:task_edit", args=[w.task.pk]), task_edit_data, "core_auditentry"),
    "money line": (qg("funding:line_create"), line_data, "funding_moneyline"),
    "OCOP": (qg("criteria:ocop_create"), ocop_data, "criteria_ocopproduct"),
    "assessment": (qg("criteria:assessment_create"), assessment_data, "criteria_assessment"),
    "indicator": (
        lambda w: reverse("criteria:indicator_save", args=[w.assessment.pk, w.indicator.pk]),
        indicator_data,
        "core_auditentry",
    ),
    "evidence": (
        lambda w: reverse("criteria:evidence_upload", args=[w.value.pk]),
        lambda w: {"file": upload("png")},
        "criteria_evidence",
    ),
    "document": (lambda w: reverse("reports:document_edit", args=[w.document.pk]), document_data, "core_auditentry"),
    "dossier posting": (on_dossier("dossiers:posting_add"), posting_data, "dossiers_posting"),
    "dossier survey": (on_dossier("dossiers:survey"), survey_data, "dossiers_dossier"),
    "dossier upload": (
        on_dossier("dossiers:upload", upload_item_pk),
        lambda w: {"file": upload("png")},
        "dossiers_dossierfile",
    ),
}


@pytest.mark.parametrize("name", list(BASELINES))
def test_the_valid_submission_behind_each_case_is_saved(name, world, official, client):
    url, data, table = BASELINES[name]
    client.force_login(official)
    before = row_counts()
    response = client.post(url(world), data(world), follow=True)
    after = row_counts()
    assert response.status_code == 200
    assert after[table] > before[table], f"{name}: nothing saved:\n{shown_messages(response.content.decode())}"
    entry = AuditEntry.objects.order_by("-pk").first()  # every change leaves who, when, and the values
    assert after["core_auditentry"] > before["core_auditentry"] and entry.user == official and entry.changes


@pytest.mark.parametrize(
    "kind, url, rows",
    [
        ("works", qg("projects:import", "works"), lambda w: work_rows()),
        ("progress", qg("projects:import", "progress"), lambda w: progress_rows(w)),
        ("money lines", qg("funding:import"), lambda w: line_rows()),
    ],
)
def test_the_valid_import_behind_each_case_previews_without_errors(kind, url, rows, world, official, client):
    client.force_login(official)
    before = row_counts()
    response = client.post(url(world), {"file": rows(world)})
    assert response.status_code == 200
    text = response.content.decode()
    assert "dòng lỗi" not in text and "alert-danger" not in text, shown_messages(text)
    assert row_counts() == before  # a preview saves nothing


# --- requests Django refuses before any view: answered in Vietnamese too, nothing saved ---------------


def test_a_text_larger_than_the_request_limit_gets_a_vietnamese_400_and_saves_nothing(world, official, client):
    client.force_login(official)
    before = row_counts()
    note = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        reverse("criteria:ocop_create", args=[world.quang_giao.pk]), {**ocop_data(world), "note": note}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Yêu cầu không hợp lệ" in text and "chưa có gì được lưu" in text
    assert "Bad Request" not in text
    assert row_counts() == before


def test_too_many_fields_get_a_vietnamese_400_and_save_nothing(world, official, client):
    client.force_login(official)
    before = row_counts()
    fields = {f"truong_{number}": "1" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("funding:line_create", args=[world.quang_giao.pk]), {**line_data(world), **fields})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    assert row_counts() == before


def test_a_form_sent_without_its_csrf_token_gets_a_vietnamese_403_and_saves_nothing(world, official):
    client = Client(enforce_csrf_checks=True)  # a stale page, or another site posting with the official's cookie
    client.force_login(official)
    before = row_counts()
    response = client.post(reverse("projects:task_create", args=[world.quang_giao.pk, 2024]), task_data(world))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Phiên làm việc đã hết hạn" in text and "Dữ liệu chưa được lưu" in text
    assert "CSRF verification failed" not in text
    assert row_counts() == before
