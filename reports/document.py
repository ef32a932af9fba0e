"""The plan document as plain data: one builder, read by every renderer (HTML, PDF, XLSX, DOCX).

`build_plan(document)` gathers the metadata and narrative of `PlanDocument` and the figures of the other
apps (criteria: income, OCOP, water, criteria table; projects: quarterly tasks; funding: mobilisation,
public investment, consistency warnings). Renderers never query; they format these dataclasses.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from core.money import format_vnd, format_vnd_short
from core.text import long_date

from .models import NBSP, PlanDocument, SectionKey


@dataclass(frozen=True)
class Paragraph:
    text: str
    bullet: bool = False


@dataclass(frozen=True)
class Header:
    issuing_body_lines: list[str]
    number_line: str
    place_date: str
    title: str
    subject: str


@dataclass(frozen=True)
class Signature:
    authority: str
    title: str
    name: str


@dataclass(frozen=True)
class MoneyRow:
    label: str
    amount: int
    qualifier: str = ""
    share: Decimal | None = None


@dataclass(frozen=True)
class Mobilisation:
    year: int
    total: int
    rows: list[MoneyRow]


@dataclass(frozen=True)
class PublicInvestment:
    year: int
    stated_total: int | None
    rows: list[MoneyRow]


def task_amount_text(amount: int, qualifier: str = "") -> str:
    """A task's amount as the seed writes it: exact in full ("2.981.839.000 đồng"), approximate short with its
    qualifier ("gần 500 triệu")."""
    if qualifier:
        return format_vnd_short(amount, qualifier).removesuffix(" đồng")
    return format_vnd(amount)


@dataclass(frozen=True)
class TaskLine:
    """A quarterly task of the plan: its text (without amount), the amount from the task's own fields and the
    trailing remark of the text ("đã triển khai xây dựng"), printed after the amount."""

    text: str
    amount: int | None = None
    qualifier: str = ""
    note: str = ""

    @property
    def sentence(self) -> str:
        """ "<text> với tổng số tiền <amount> (<note>)", without the closing full stop."""
        text = self.text
        if self.amount is not None:
            text += _(" với tổng số tiền %(amount)s") % {"amount": task_amount_text(self.amount, self.qualifier)}
        return f"{text} ({self.note})" if self.note else text

    @property
    def end(self) -> str:
        """The closing full stop, unless the sentence (with its amount and note) already has one."""
        last = self.note or ("x" if self.amount is not None else self.text)
        return "" if last.endswith((".", ";", ":", "!", "?")) else "."


@dataclass(frozen=True)
class QuarterTasks:
    year: int
    quarter: int
    tasks: list[TaskLine]


@dataclass(frozen=True)
class IndicatorRow:
    criterion_number: int
    criterion_name: str
    criterion_verdict: str
    code: str
    content: str
    target: str
    value: str
    verdict: str
    verified: bool
    first_of_criterion: bool = False
    criterion_rows: int = 1


@dataclass(frozen=True)
class CriteriaTable:
    title: str
    legal_basis: str
    year: int
    rows: list[IndicatorRow]
    met_count: int
    total: int
    level_reached: bool
    partial: bool = False  # only the indicators with a value so far (the plan year's figures)


@dataclass(frozen=True)
class OcopLine:
    name: str
    group: str
    stars: int
    year_recognised: int


@dataclass
class PlanDataset:
    """Everything one rendering needs; built once, rendered many ways."""

    document_id: int
    commune_name: str
    year: int
    evaluated_year: int
    header: Header
    signature: Signature
    recipients: list[str]
    filing: str
    sections: dict[str, list[Paragraph]]
    income_sentence: str = ""
    ocop: list[OcopLine] | None = None
    mobilisation: Mobilisation | None = None
    investment: PublicInvestment | None = None
    quarters: list[QuarterTasks] = field(default_factory=list)
    criteria_tables: list[CriteriaTable] = field(default_factory=list)
    current_tables: list[CriteriaTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def paragraphs(self, key: str) -> list[Paragraph]:
        return self.sections.get(key, [])


def paragraphs_of(text: str) -> list[Paragraph]:
    """One paragraph per non-empty line; "- " starts a bullet line (the dash is kept, as Decree 30 prints it)."""
    lines = (line.strip() for line in (text or "").splitlines())
    return [Paragraph(text=line, bullet=line.startswith("- ")) for line in lines if line]


def place_date(place: str, day: date | None) -> str:
    """ "Quảng Giao, ngày 09 tháng 4 năm 2024"; without a date the blanks stay for the clerk."""
    if day is None:
        return f"{place}, ngày{NBSP * 6}tháng{NBSP * 6}năm{NBSP * 8}"
    return f"{place}, {long_date(day)}"


def build_plan(document: PlanDocument) -> PlanDataset:
    """The dataset of one document. Pass a document from `PlanDocument.objects.with_parts()` to save queries."""
    sections = {section.key: paragraphs_of(section.text) for section in document.sections.all()}
    commune = document.commune
    commune_name = commune.name_on(date(document.evaluated_year, 12, 31))
    dataset = PlanDataset(
        document_id=document.pk,
        commune_name=commune_name,
        year=document.year,
        evaluated_year=document.evaluated_year,
        header=Header(
            issuing_body_lines=[line.strip() for line in document.issuing_body.splitlines() if line.strip()],
            number_line=document.number_line,
            place_date=place_date(document.place, document.issued_on),
            title=document.title,
            subject=document.subject,
        ),
        signature=Signature(
            authority=document.signer_authority, title=document.signer_title, name=document.signer_name
        ),
        recipients=[recipient.text for recipient in document.recipients.all()],
        filing=document.filing,
        sections={key: sections.get(key, []) for key in SectionKey.values},
    )
    _add_data_sections(dataset, document)
    return dataset


def _add_data_sections(dataset: PlanDataset, document: PlanDocument) -> None:
    """Figures of the other apps (reports/sections.py imports them; kept apart so this module stays plain data)."""
    from .sections import add_data_sections

    add_data_sections(dataset, document)
