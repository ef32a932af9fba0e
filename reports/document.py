"""The plan document as plain data, read by every renderer (HTML, PDF, XLSX, DOCX), and its pure helpers.

`reports.plan_builder.build_plan(document)` fills these dataclasses: the metadata and narrative of
`PlanDocument`, the figures of the other apps, and the outline (every heading and sentence of the body, once).
Renderers never query and write no wording of their own; they lay out these blocks.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext as _

from core.money import format_vnd, format_vnd_short
from core.text import long_date

from .models import NBSP

# The national heading of every administrative document (Decree 30/2020, form 1.1): never translated.
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


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
    nation: str = NATION
    motto: str = MOTTO


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


@dataclass(frozen=True)
class UnitMoney:
    """One unit's money of the evaluated year, in a plan that counts several (a commune formed by a merge):
    "xã Quảng Giao (đến 30/06/2025)" with its own mobilisation and public investment."""

    label: str
    mobilisation: Mobilisation | None
    investment: PublicInvestment | None


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
    # The office's appraisal beside the commune's figures (docs/adr/0018), in a table whose `appraised` is set.
    appraised_value: str = ""
    appraised_verdict: str = ""
    criterion_appraised_verdict: str = ""
    appraisal_note: str = ""


@dataclass(frozen=True)
class CriteriaTable:
    title: str
    legal_basis: str
    year: int
    rows: list[IndicatorRow]
    met_count: int  # the appraisal's wherever one exists (docs/adr/0018), else the self-assessment's
    total: int
    level_reached: bool
    partial: bool = False  # only the indicators with a value so far (the plan year's figures)
    appraised: bool = False  # the office appraised the assessment: the rows carry its figures too
    heading: str = ""  # "PHỤ LỤC: KẾT QUẢ TỰ ĐÁNH GIÁ TIÊU CHÍ NĂM 2023"
    total_line: str = ""  # "Tổng số tiêu chí đạt: x/N", N the set's count; none for a partial table

    @property
    def caption(self) -> str:
        """The set's name, with its legal basis in brackets when known."""
        return f"{self.title} ({self.legal_basis})" if self.legal_basis else self.title


@dataclass(frozen=True)
class OcopLine:
    name: str
    group: str
    stars: int
    year_recognised: int


class BlockKind(StrEnum):
    PART = "part"  # "PHẦN I: …", centred
    SECTION = "section"  # "I. …"
    HEADING = "heading"  # "1. …"
    MINOR = "minor"  # "a) …", "Quý 1/2024:", in italics
    PARAGRAPH = "paragraph"
    BULLET = "bullet"  # a line starting with "- " (the dash is in the text, as Decree 30 prints it)
    NOTE = "note"  # what the data does not hold yet: "(Chưa có số liệu đầu tư công.)"
    TABLE = "table"  # a criteria table on its own landscape page; the text is its heading


@dataclass(frozen=True)
class Block:
    """One piece of the document's outline; renderers lay blocks out by kind and add no words of their own."""

    kind: BlockKind
    text: str = ""
    table: CriteriaTable | None = None


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
    # The programme as the plan names it, for the year evaluated (Part I) and the year planned (Part II), and
    # the legal basis of the planned year's period ("Căn cứ …" lines, when the document cites them).
    programme_evaluated: str = ""
    programme_planned: str = ""
    legal_basis: list[str] = field(default_factory=list)
    income_sentence: str = ""
    ocop: list[OcopLine] | None = None
    mobilisation: Mobilisation | None = None
    investment: PublicInvestment | None = None
    # The evaluated year's money unit by unit, when the plan counts the records of several (docs/adr/0095).
    money_by_unit: list[UnitMoney] = field(default_factory=list)
    quarters: list[QuarterTasks] = field(default_factory=list)
    criteria_tables: list[CriteriaTable] = field(default_factory=list)
    recognitions: list = field(default_factory=list)  # criteria.Recognition held on 31/12 of the evaluated year
    current_tables: list[CriteriaTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The wording, once: the body between the header and the signature, then the appendices.
    outline: list[Block] = field(default_factory=list)
    appendices: list[Block] = field(default_factory=list)
    table_columns: list[str] = field(default_factory=list)
    # An appraised table groups the result and verdict columns under the self-assessment, then the appraisal.
    table_groups: list[str] = field(default_factory=list)
    table_note: str = ""
    recipients_label: str = ""  # "Nơi nhận:"
    filing_line: str = ""  # "Lưu: VT."


def paragraphs_of(text: str) -> list[Paragraph]:
    """One paragraph per non-empty line; "- " starts a bullet line (the dash is kept, as Decree 30 prints it)."""
    lines = (line.strip() for line in (text or "").splitlines())
    return [Paragraph(text=line, bullet=line.startswith("- ")) for line in lines if line]


def place_date(place: str, day: date | None) -> str:
    """ "Quảng Giao, ngày 09 tháng 4 năm 2024"; without a date the blanks stay for the clerk."""
    if day is None:
        return f"{place}, ngày{NBSP * 6}tháng{NBSP * 6}năm{NBSP * 8}"
    return f"{place}, {long_date(day)}"
