"""The documents the portal writes for the dossier, in the Decree 30 layout of the plan (docs/adr/0042, 0043):
the request letter ("Tờ trình") and the results report with the criteria table. Each is a `GeneratedDocument`
holding what `templates/print/plan.html` reads (header, outline blocks, closing, appendices), rendered by the
reports app's WeasyPrint machinery with the vendored fonts. The narrative is the dossier's, or, until an official
has written it, a draft prefilled from the year's records (`default_texts`).
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.money import format_vnd_short
from criteria.evaluation import evaluate
from reports.document import Block, BlockKind, Header, Signature, paragraphs_of, place_date
from reports.models import PlanDocument
from reports.renderers.pdf import html_to_pdf
from reports.sections import criteria_table, funding_summary, mobilisation_of
from units.models import year_end

from .models import ItemSource
from .rules import level_words

DECISION_18 = "Quyết định số 18/2022/QĐ-TTg ngày 02/8/2022 của Thủ tướng Chính phủ"


@dataclass
class GeneratedDocument:
    """A Decree 30 document in the shape `print/plan.html` reads."""

    header: Header
    signature: Signature
    outline: list[Block]
    recipients: list[str]
    filing_line: str
    recipients_label: str
    appendices: list[Block] = field(default_factory=list)
    table_columns: list[str] = field(default_factory=list)
    table_groups: list[str] = field(default_factory=list)  # an appraised table's two groups (docs/adr/0018)
    table_note: str = ""


@dataclass(frozen=True)
class Context:
    """What the documents of one dossier read, gathered once: the unit's names of the year, the self-assessment's
    result, the plan document that gives the commune's issuing body and signer."""

    unit: object
    year: int
    level: str
    name: str  # "Quảng Giao"
    full_name: str  # "xã Quảng Giao"
    office_above: str  # "Ủy ban nhân dân huyện Quảng Xương"
    result: object | None  # criteria.results.AssessmentResult
    plan: PlanDocument | None

    @property
    def level_words(self) -> str:
        return level_words(self.level)


def context_for(unit, year: int, level: str, assessment) -> Context:
    day = year_end(year)
    parent = unit.parent
    office = _("Ủy ban nhân dân %(unit)s") % {"unit": parent.full_name_on(day)} if parent else ""
    plans = PlanDocument.objects.filter(commune=unit, year__in=[year + 1, year]).order_by("-year")
    return Context(
        unit=unit,
        year=year,
        level=level,
        name=unit.name_on(day),
        full_name=unit.full_name_on(day),
        office_above=office,
        result=evaluate(assessment) if assessment is not None else None,
        plan=plans.first(),
    )


def _result_sentence(ctx: Context) -> str:
    result = ctx.result
    if result is None:
        return _("Chưa có bản tự đánh giá năm %(year)s theo mức này.") % {"year": ctx.year}
    missing = [str(c.criterion.number) for c in result.criteria if not c.is_met]
    text = _("Năm %(year)s, %(unit)s tự đánh giá theo %(set)s: đạt %(met)s/%(total)s tiêu chí.") % {
        "year": ctx.year,
        "unit": ctx.full_name,
        "set": result.criteria_set.name,
        "met": result.met_count,
        "total": result.total,
    }
    if missing:
        text += " " + _("Các tiêu chí chưa đạt hoặc chưa đủ số liệu: %(numbers)s.") % {"numbers": ", ".join(missing)}
    return text


def _funding_sentence(ctx: Context) -> str:
    summary = funding_summary(ctx.unit, ctx.year)
    mobilisation = mobilisation_of(summary) if summary is not None else None
    if mobilisation is None:
        return ""
    return _("Tổng nguồn vốn huy động xây dựng nông thôn mới năm %(year)s là %(total)s.") % {
        "year": ctx.year,
        "total": format_vnd_short(mobilisation.total),
    }


def default_texts(ctx: Context) -> dict[str, str]:
    """The narrative prefilled from the year's records, for the official to edit."""
    request = [
        _("Căn cứ %(act)s;") % {"act": DECISION_18},
        _("Căn cứ kết quả tự đánh giá mức độ đạt các tiêu chí năm %(year)s của %(unit)s;")
        % {"year": ctx.year, "unit": ctx.full_name},
        _(
            "Ủy ban nhân dân %(unit)s kính đề nghị %(office)s thẩm tra, xét công nhận %(unit)s đạt chuẩn %(level)s "
            "năm %(year)s."
        )
        % {"unit": ctx.full_name, "office": ctx.office_above, "level": ctx.level_words, "year": ctx.year},
    ]
    report = [_result_sentence(ctx), _funding_sentence(ctx)]
    proposal = [
        _("Đề nghị %(office)s thẩm tra, xét công nhận %(unit)s đạt chuẩn %(level)s năm %(year)s.")
        % {"office": ctx.office_above, "unit": ctx.full_name, "level": ctx.level_words, "year": ctx.year}
    ]
    return {
        "request_text": "\n".join(request),
        "report_text": "\n".join(line for line in report if line),
        "proposal_text": "\n".join(proposal),
    }


def texts_of(dossier, ctx: Context) -> dict[str, str]:
    """The dossier's narrative where written, the prefilled draft elsewhere."""
    defaults = default_texts(ctx)
    if dossier is None:
        return defaults
    return {key: getattr(dossier, key) or default for key, default in defaults.items()}


def _header(ctx: Context, *, symbol: str, title: str, subject: str) -> Header:
    plan = ctx.plan
    if plan is not None:
        body = [line.strip() for line in plan.issuing_body.splitlines() if line.strip()]
    else:
        body = [_("ỦY BAN NHÂN DÂN"), ctx.full_name.upper()]
    number = f"{_('Số:')}{' ' * 2}{chr(0xA0) * 8}/{symbol}"
    return Header(
        issuing_body_lines=body,
        number_line=number,
        place_date=place_date(plan.place if plan else ctx.name, None),
        title=title,
        subject=subject,
    )


def _signature(ctx: Context) -> Signature:
    plan = ctx.plan
    return Signature(
        authority=plan.signer_authority if plan else _("TM. ỦY BAN NHÂN DÂN"),
        title=plan.signer_title if plan else _("CHỦ TỊCH"),
        name=plan.signer_name if plan else "",
    )


def _narrative(text: str) -> list[Block]:
    kinds = {True: BlockKind.BULLET, False: BlockKind.PARAGRAPH}
    return [Block(kinds[paragraph.bullet], paragraph.text) for paragraph in paragraphs_of(text)]


def request_letter(ctx: Context, texts: dict[str, str]) -> GeneratedDocument:
    subject = _("Về việc đề nghị thẩm tra, xét công nhận %(unit)s đạt chuẩn %(level)s năm %(year)s") % {
        "unit": ctx.full_name,
        "level": ctx.level_words,
        "year": ctx.year,
    }
    outline = [Block(BlockKind.HEADING, _("Kính gửi: %(office)s.") % {"office": ctx.office_above})]
    return GeneratedDocument(
        header=_header(ctx, symbol="TTr-UBND", title=_("TỜ TRÌNH"), subject=subject),
        signature=_signature(ctx),
        outline=outline + _narrative(texts["request_text"]),
        recipients=[_("Như trên;")],
        recipients_label=_("Nơi nhận:"),
        filing_line=_("Lưu: VT."),
    )


def _postings_blocks(postings) -> list[Block]:
    """What the posting log says, as facts: how many times, from when to when, where."""
    if not postings:
        return [Block(BlockKind.NOTE, _("(Chưa ghi lần niêm yết công khai nào.)"))]
    days = [posting.posted_on for posting in postings]
    places = ", ".join(dict.fromkeys(posting.where for posting in postings))
    text = _(
        "Báo cáo đã được niêm yết, thông báo công khai %(count)s lần, từ ngày %(first)s đến ngày %(last)s, tại: "
        "%(places)s."
    )
    values = {"count": len(days), "first": f"{min(days):%d/%m/%Y}", "last": f"{max(days):%d/%m/%Y}", "places": places}
    return [Block(BlockKind.PARAGRAPH, text % values)]


def results_report(ctx: Context, texts: dict[str, str], postings=()) -> GeneratedDocument:
    subject = _("Kết quả xây dựng %(level)s năm %(year)s của %(unit)s") % {
        "level": ctx.level_words,
        "year": ctx.year,
        "unit": ctx.full_name,
    }
    outline = [
        Block(BlockKind.SECTION, _("I. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ")),
        *_narrative(texts["report_text"]),
        Block(BlockKind.PARAGRAPH, _("(Chi tiết tại bảng tổng hợp kết quả thực hiện các tiêu chí kèm theo.)")),
        Block(BlockKind.SECTION, _("II. CÔNG KHAI BÁO CÁO VÀ LẤY Ý KIẾN")),
        *_postings_blocks(list(postings)),
        Block(BlockKind.SECTION, _("III. KIẾN NGHỊ, ĐỀ XUẤT")),
        *_narrative(texts["proposal_text"]),
    ]
    appendices = []
    if ctx.result is not None:
        table = criteria_table(ctx.result)
        heading = _("BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ NĂM %(year)s") % {"year": ctx.year}
        appendices.append(Block(BlockKind.TABLE, heading, table))
    else:
        outline.insert(2, Block(BlockKind.NOTE, _("(Chưa có bản tự đánh giá: chưa có bảng tiêu chí.)")))
    return GeneratedDocument(
        header=_header(ctx, symbol="BC-UBND", title=_("BÁO CÁO"), subject=subject),
        signature=_signature(ctx),
        outline=outline,
        recipients=[ctx.office_above + ";"] if ctx.office_above else [],
        recipients_label=_("Nơi nhận:"),
        filing_line=_("Lưu: VT."),
        appendices=appendices,
        table_columns=[_("Mã"), _("Chỉ tiêu"), _("Chỉ tiêu chuẩn"), _("Kết quả"), _("Đánh giá")],
        table_groups=[_("Tự đánh giá"), _("Kết quả thẩm định")],
        table_note=_("(*) Ngưỡng chưa đối chiếu văn bản gốc."),
    )


def generated_document(kind: str, ctx: Context, texts: dict[str, str], postings=()) -> GeneratedDocument:
    """The document of a generated checklist item (its `source`)."""
    if kind == ItemSource.REQUEST_LETTER:
        return request_letter(ctx, texts)
    if kind == ItemSource.RESULTS_REPORT:
        return results_report(ctx, texts, postings)
    raise ValueError(kind)


def document_pdf(document: GeneratedDocument) -> bytes:
    """The document as PDF, through the plan's print template and stylesheet (always in Vietnamese)."""
    with translation.override("vi"):
        html = render_to_string("print/plan.html", {"plan": document})
    return html_to_pdf(html)
