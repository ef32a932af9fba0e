"""The loop between a commune and the office above it, in a real browser, on the seed of Quảng Giao (issue 13, §4).

The official of phường Nam Sầm Sơn (which continues Quảng Giao's records) fills the last indicator of Quảng Giao's
2024 self-assessment, the ward's steering member submits it, the province's coordination office returns it with a
comment on that indicator, the official corrects it, the steering member resubmits, the office records its own
figure and approves; the office downloads the year's recognition dossier, and the dashboards and the plan's PDF
show the self-assessment beside the appraisal. Each person opens the assessment from their "Việc cần làm".
"""

import datetime
import hashlib
import io
import re
import unicodedata
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEntry
from criteria.models import (
    Assessment,
    AssessmentStatus,
    AssessmentTransition,
    Comparator,
    Indicator,
    IndicatorAppraisal,
    IndicatorComment,
    IndicatorUnit,
    IndicatorValue,
)
from criteria.services import indicator_value_save
from reports.models import PlanDocument

from ..browser_support import last_page, log_in
from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

OFFICIAL, STEERING, OFFICE = "canbo.namsamson", "bcd.namsamson", "vpdp.thanhhoa"
INCOME = "10"  # "Thu nhập bình quân đầu người": one indicator, the whole criterion 10; 2024 target ≥ 52 (unverified)
INBOX = "nav a[href='/inbox/']:visible"  # the navigation's "Việc cần làm" (a folded copy hides at this width)
COMMENT = "Số liệu chưa khớp biên bản"
# The income's row in a criteria table read out of a PDF: the commune's 53,5 (met), the office's 51 with its note
# (not met).
INCOME_ROW = r"\n53,5 Đạt 51\s+Theo biên bản\s+họp thôn\s+Chưa đạt\n"
RETURN_REASON = "Chỉ tiêu 10: thu nhập chưa khớp biên bản họp thôn; đề nghị xã kiểm tra lại."


def pdf_text(data: bytes) -> str:
    return unicodedata.normalize("NFC", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def fill_all_but_income(assessment, official):
    """The test's own figures, NOT official ones: every indicator of the 2024 set recorded except the income,
    so that the submission becomes possible once the official enters it. Yes/no indicators "đạt"; a rate
    100 % (0 % where lower is better); the seed's one value (clean water, 18.1) is kept."""
    recorded = set(IndicatorValue.objects.filter(assessment=assessment).values_list("indicator_id", flat=True))
    indicators = Indicator.objects.filter(criterion__criteria_set=assessment.criteria_set).exclude(code=INCOME)
    for indicator in indicators.exclude(pk__in=recorded):
        if indicator.unit == IndicatorUnit.BOOLEAN:
            figures = {"value_bool": True}
        elif indicator.unit == IndicatorUnit.PERCENT:
            figures = {"value_number": Decimal(0 if indicator.comparator == Comparator.LTE else 100)}
        else:
            raise AssertionError(f"no test figure for {indicator.code} ({indicator.unit})")
        indicator_value_save(
            user=official,
            assessment=assessment,
            indicator=indicator,
            as_of=datetime.date(2024, 12, 31),
            source="Số liệu thử của kiểm thử",
            **figures,
        )


def log_out(page, username: str):
    """Through the user's menu, as a person leaving a shared computer would."""
    page.locator("nav").get_by_role("button", name=username, exact=True).click()
    page.locator("nav").get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"**{reverse('login')}*")


def from_inbox(page, assessment, todo: str):
    """The user's "Việc cần làm" (the navigation's link), where the assessment waits in the group of `todo`."""
    page.locator(INBOX).click()
    page.wait_for_url(f"**{reverse('inbox')}")
    href = reverse("criteria:assessment", args=[assessment.pk])
    item = page.locator(f"section[aria-labelledby=todo-{todo}] tr", has=page.locator(f"a[href='{href}']"))
    text = item.inner_text()
    item.locator(f"a[href='{href}']").click()
    page.wait_for_url(f"**{href}")
    return text


def state(page) -> str:
    return page.inner_text("#assessment-state")


def click_step(page, label: str, reason: str = ""):
    """A button of the assessment page (one form per step); `reason` goes into that step's own box."""
    form = page.locator("main form", has=page.get_by_role("button", name=label, exact=True))
    if reason:
        form.locator("textarea[name=reason]").fill(reason)
    form.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()
    assert f"Đã thực hiện: {label}" in page.inner_text("main"), page.inner_text("main")[:600]


def open_group_of(page, indicator):
    """The entry page of the indicator's criterion (its tab, "TC 10")."""
    page.click(f"ul.nav-tabs >> text=TC {indicator.criterion.number}")
    page.wait_for_selector(f"#indicator-{indicator.pk}")


def save_value(page, indicator, value: str):
    row = f"#indicator-{indicator.pk}"
    page.fill(f"{row} input[name=i{indicator.pk}-value_number]", value)
    page.fill(f"{row} input[name=i{indicator.pk}-as_of]", "31/12/2024")
    page.fill(f"{row} input[name=i{indicator.pk}-source]", "Báo cáo thu nhập của xã")
    page.click(f"{row} >> text=Lưu chỉ tiêu {indicator.code}")
    page.wait_for_selector(f"{row} [role=status]")  # htmx swapped the row in: "Đã lưu."


def test_a_year_goes_round_the_loop_and_the_reports_show_the_appraisal(page, live_server, tmp_path):
    assessment = Assessment.objects.get(unit__name="Quảng Giao", year=2024, criteria_set__code="QD33-2022-TH")
    income = Indicator.objects.get(criterion__criteria_set=assessment.criteria_set, code=INCOME)
    official = User.objects.get(username=OFFICIAL)
    assert IndicatorValue.objects.filter(assessment=assessment).count() == 1  # the seed's clean water
    fill_all_but_income(assessment, official)
    assert assessment.status == AssessmentStatus.DRAFT
    before_the_journey = AuditEntry.objects.order_by("pk").last().pk  # the seed's and the setup's entries
    income_row = f"#indicator-{income.pk}"

    # The official fills the last indicator.
    log_in(page, live_server, OFFICIAL, DEMO_PASSWORD)
    assert "Còn 1 chỉ tiêu chưa có kết quả" in from_inbox(page, assessment, "enter")
    assert "Đang nhập" in state(page)
    open_group_of(page, income)
    save_value(page, income, "54,5")
    assert IndicatorValue.objects.get(assessment=assessment, indicator=income).value_number == Decimal("54.5")
    log_out(page, OFFICIAL)

    # The steering member submits it.
    log_in(page, live_server, STEERING, DEMO_PASSWORD)
    assert "Đủ số liệu" in from_inbox(page, assessment, "submit")
    click_step(page, "Gửi thẩm định")
    assert "Đã gửi thẩm định" in state(page)
    log_out(page, STEERING)

    # The province's office takes it up, comments on the income and returns it with a reason.
    log_in(page, live_server, OFFICE, DEMO_PASSWORD)
    assert page.locator(f"{INBOX} .badge").inner_text() == "1"  # nothing else in the province
    from_inbox(page, assessment, "take_up")
    click_step(page, "Nhận thẩm định")
    assert "Đang thẩm định" in state(page)
    open_group_of(page, income)
    page.fill(f"{income_row} textarea[name$=-text]", COMMENT)
    page.click(f"{income_row} >> text=Ghi ý kiến")
    page.wait_for_selector(f"{income_row} [role=status]")
    page.click("ul.nav-tabs >> text=Bảng tổng hợp")
    click_step(page, "Trả lại", reason=RETURN_REASON)
    assert "Bị trả lại" in state(page)
    log_out(page, OFFICE)

    # The official sees the comment beside the income on its entry page and corrects the figure.
    log_in(page, live_server, OFFICIAL, DEMO_PASSWORD)
    waiting = from_inbox(page, assessment, "correct")
    assert RETURN_REASON in waiting and "1 ý kiến của Văn phòng điều phối" in waiting
    reason = page.inner_text("section[aria-labelledby=state-title]")
    assert "Văn phòng điều phối trả lại" in reason and "thu nhập chưa khớp biên bản họp thôn" in reason
    page.click("main table >> text=Có ý kiến của Văn phòng điều phối")  # the summary points to the remark
    page.wait_for_url(f"**#comments-{income.pk}")
    assert COMMENT in page.inner_text(f"#comments-{income.pk}")
    save_value(page, income, "53,5")
    last_page(page, "loop-official-corrects-after-return")
    log_out(page, OFFICIAL)

    # The steering member resubmits.
    log_in(page, live_server, STEERING, DEMO_PASSWORD)
    from_inbox(page, assessment, "resubmit")
    click_step(page, "Gửi lại")
    assert "Đã gửi thẩm định" in state(page)
    last_page(page, "loop-steering-resubmits")
    log_out(page, STEERING)

    # The office takes it up again, records its own figure for the income (below the commune's) and approves.
    log_in(page, live_server, OFFICE, DEMO_PASSWORD)
    from_inbox(page, assessment, "take_up")
    click_step(page, "Nhận thẩm định")
    open_group_of(page, income)
    page.fill(f"{income_row} input[name=a{income.pk}-value_number]", "51")
    page.fill(f"{income_row} textarea[name=a{income.pk}-note]", "Theo biên bản họp thôn")
    page.click(f"{income_row} >> text=Lưu kết quả thẩm định {INCOME}")
    page.wait_for_selector(f"{income_row} [role=status]")
    assert "Kết quả thẩm định" in page.inner_text(income_row)
    page.click("ul.nav-tabs >> text=Bảng tổng hợp")
    click_step(page, "Phê duyệt")
    assert "Đã phê duyệt" in state(page)
    assert page.locator(f"{INBOX} .badge").count() == 0  # nothing waits for the office now

    # The office downloads the year's recognition dossier, one click from the assessment.
    level = assessment.criteria_set.level
    page.click("main >> text=Hồ sơ đề nghị công nhận năm 2024")
    page.wait_for_url(f"**{reverse('dossiers:dossier', args=[assessment.unit.pk, 2024, level])}")
    with page.expect_download(timeout=60_000) as download_info:
        page.click("main >> text=Tải toàn bộ hồ sơ (.zip)")
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
        files = {name: archive.read(name) for name in names}
    index = pdf_text(files.pop("00-danh-muc-ho-so.pdf"))
    assert "xã Quảng Giao đạt chuẩn nông thôn mới nâng cao năm 2024" in index
    assert "Tình trạng bản tự đánh giá cùng năm và mức: Đã phê duyệt." in index
    assert sorted(files) == [
        "01-to-trinh-de-nghi-tham-tra-xet-cong-nhan.pdf",
        "02-bao-cao-ket-qua-xay-dung-nong-thon-moi-kem-bang-tong-hop-ket.pdf",
    ]
    for data in files.values():  # the index vouches for each file by its SHA-256 (printed on two lines)
        digest = hashlib.sha256(data).hexdigest()
        assert f"{digest[:32]}\n{digest[32:]}" in index
    assert index.count("Tải lên CÒN THIẾU") == 3  # the three documents to upload, none uploaded yet
    # The results report's criteria table is the appraised one: the office's 51 beside the commune's 53,5.
    report = pdf_text(files["02-bao-cao-ket-qua-xay-dung-nong-thon-moi-kem-bang-tong-hop-ket.pdf"])
    assert re.search(INCOME_ROW, report)
    assert "Tổng số tiêu chí đạt: 6/19 (theo kết quả thẩm định; tự đánh giá: 7/19)." in report

    # The plan's PDF, as it would be issued now (the seed's 2024 plan is a draft), has the appraisal column.
    commune = assessment.unit
    document = PlanDocument.objects.get(commune=commune, year=2024)
    page.click("nav >> text=Kế hoạch năm")
    page.wait_for_url(f"**{reverse('reports:document_list')}")
    link = page.locator(f"a[href='{reverse('reports:document_download', args=[document.pk, 'pdf'])}']")
    with page.expect_download(timeout=60_000) as download_info:
        link.click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    text = pdf_text(saved.read_bytes())
    # Its full appendix evaluates 2023 (never appraised: no such column); the 2024 figures follow in their own
    # appendix, where the office's 51 and its note stand beside the commune's 53,5.
    evaluated, current = text.split("PHỤ LỤC: CHỈ TIÊU ĐÃ CÓ SỐ LIỆU NĂM 2024")
    assert "Kết quả thẩm định" not in evaluated
    assert "Tự đánh giá Kết quả thẩm định" in current
    assert re.search(INCOME_ROW, current)

    # The dashboards count by the appraisal and say so, the commune's own count beside it: the income met the
    # 2024 target (≥ 52) at the commune's 53,5, not at the office's 51, so one criterion fewer.
    page.click("nav >> text=Bảng điều khiển")
    page.wait_for_url(f"**{reverse('reports:dashboard_area')}*")
    row = page.locator("main table tbody tr", has_text="Quảng Giao").first
    assert "6/19 thẩm định" in row.inner_text() and "tự đánh giá 7/19" in row.inner_text()
    row.get_by_role("link", name="Quảng Giao").click()
    page.wait_for_url(f"**{reverse('reports:dashboard_commune', args=[commune.pk])}*")
    assert "theo kết quả thẩm định Tự đánh giá: đạt 7/19 · Kết quả thẩm định: đạt 6/19" in page.inner_text("main")
    last_page(page, "loop-office-dashboard-after-approval")

    # Nothing half-saved: each step once and in order, the office's records, and every one of them audited.
    steps = list(AssessmentTransition.objects.filter(assessment=assessment).order_by("at", "pk"))
    assert [step.action for step in steps] == ["submit", "take_up", "return", "resubmit", "take_up", "approve"]
    assert [step.by.username for step in steps] == [STEERING, OFFICE, OFFICE] * 2
    assert [bool(step.reason) for step in steps] == [False, False, True, False, False, False]
    assert steps[2].reason == RETURN_REASON
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPROVED
    value = IndicatorValue.objects.get(assessment=assessment, indicator=income)
    assert value.value_number == Decimal("53.5") and value.updated_by == official
    comment = IndicatorComment.objects.get(assessment=assessment)
    assert (comment.indicator, comment.text, comment.author.username) == (income, COMMENT, OFFICE)
    appraisal = IndicatorAppraisal.objects.get(assessment=assessment)
    assert (appraisal.indicator, appraisal.value_number, appraisal.verdict) == (income, Decimal("51"), "")

    def audited(instance) -> list[tuple[str, str]]:
        entries = AuditEntry.objects.for_object(instance).filter(pk__gt=before_the_journey).order_by("pk")
        entries = entries.select_related("user")
        return [(entry.action, entry.user.username) for entry in entries]

    create, update = AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE
    for step in steps:
        assert audited(step) == [(create, step.by.username)]
    assert audited(assessment) == [(update, step.by.username) for step in steps]
    entries = AuditEntry.objects.for_object(assessment).filter(pk__gt=before_the_journey).order_by("pk")
    states = [entry.changes["status"] for entry in entries]
    assert states == [[step.from_status, step.to_status] for step in steps]
    assert audited(value) == [(create, OFFICIAL), (update, OFFICIAL)]
    assert audited(comment) == [(create, OFFICE)] and audited(appraisal) == [(create, OFFICE)]
