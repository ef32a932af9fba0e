"""Fixtures of the document tests: a small plan of Quảng Giao, tasks and money lines, and PDF text helpers."""

import datetime
import io

import pytest
from pypdf import PdfReader

from criteria.loader import load_periods
from funding.models import FundingSource, MoneyLine, SourceKind, Stage
from projects.models import QuarterlyTask
from reports.models import NarrativeSection, PlanDocument, Recipient, SectionKey


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def programme_periods(db):
    """The programme periods as the seed loads them (a plan names its programme after the period of its year)."""
    return {period.code: period for period, _created in load_periods()}


@pytest.fixture
def document(quang_giao, programme_periods):
    document = PlanDocument.objects.create(
        commune=quang_giao,
        year=2024,
        issuing_body="ỦY BAN NHÂN DÂN\nXÃ QUẢNG GIAO",
        place="Quảng Giao",
        issued_on=datetime.date(2024, 4, 9),
        subject="Xây dựng thực hiện Chương trình MTQG xây dựng NTM năm 2024",
        signer_name="Phạm Văn Bình",
    )
    NarrativeSection.objects.create(
        document=document, key=SectionKey.DIRECTION, text="Đảng uỷ xã Quảng Giao đã ban hành Nghị quyết."
    )
    NarrativeSection.objects.create(
        document=document, key=SectionKey.PURPOSE, text="- Nâng cao chất lượng tiêu chí.\n- Về đích 02 thôn kiểu mẫu."
    )
    Recipient.objects.create(document=document, position=1, text="VPĐP NTM huyện Quảng Xương;")
    return document


@pytest.fixture
def other_document(quang_hai, programme_periods):
    return PlanDocument.objects.create(
        commune=quang_hai, year=2024, issuing_body="ỦY BAN NHÂN DÂN\nXÃ QUẢNG HẢI", place="Quảng Hải", subject="KH"
    )


@pytest.fixture
def ns_xa(db):
    return FundingSource.objects.create(code="ns-xa", name="Ngân sách xã", kind=SourceKind.BUDGET, sort_order=40)


@pytest.fixture
def add_task(quang_giao):
    def add(text, *, quarter=1, amount=None, qualifier="", year=2024, commune=None):
        return QuarterlyTask.objects.create(
            commune=commune or quang_giao,
            year=year,
            quarter=quarter,
            text=text,
            amount=amount,
            amount_qualifier=qualifier,
        )

    return add


@pytest.fixture
def add_money(quang_giao):
    def add(source, amount, *, year=2023, stage=Stage.MOBILISED, commune=None):
        return MoneyLine.objects.create(
            commune=commune or quang_giao, year=year, source=source, amount=amount, stage=stage
        )

    return add


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    """The PDF's text with line breaks and repeated spaces folded, so phrases can be searched across lines."""
    return " ".join(" ".join(pdf_pages(data)).split())


def top_margin_texts(data: bytes) -> list[list[tuple[str, float]]]:
    """Per page: the texts printed in the top 20 mm (above the body), with their horizontal position in points."""
    result = []
    for page in PdfReader(io.BytesIO(data)).pages:
        height = float(page.mediabox.height)
        found = []

        def visit(text, cm, tm, font_dict, font_size, found=found, height=height):
            y = cm[3] * tm[5] + cm[5]
            x = cm[0] * tm[4] + cm[4]
            if text.strip() and y > height - 20 * 72 / 25.4:
                found.append((text.strip(), x))

        page.extract_text(visitor_text=visit)
        result.append(found)
    return result
