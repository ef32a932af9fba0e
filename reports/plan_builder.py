"""The plan document's dataset, built once and read by every renderer (HTML, PDF, XLSX, DOCX).

`build_plan(document)` gathers the metadata and narrative of `PlanDocument`, the figures of the other apps
(`reports.sections`: criteria income, OCOP, water, criteria tables; projects quarterly tasks; funding
mobilisation, public investment, consistency warnings) and writes the outline: every heading and sentence
of the body, in the order of the seed document (Decree 30/2020 layout). The print template and the Word
renderer only walk `PlanDataset.outline` and `appendices` (docs/adr/0043-one-dataset-many-renderers.md).
"""

from datetime import date

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.money import format_percent, format_vnd_short
from criteria.evaluation import figures_of
from criteria.models import Recognition
from units.reporting import counting_for, year_scope

from .document import Block, BlockKind, Header, PlanDataset, Signature, paragraphs_of, place_date
from .models import PlanDocument, SectionKey
from .sections import (
    assessment_results,
    criteria_table,
    funding_summary,
    income_sentence,
    investment_of,
    legal_basis_lines,
    mobilisation_of,
    money_of_units,
    ocop_lines,
    programme_of,
    programme_wording,
    quarters_of,
)


def build_plan(document: PlanDocument) -> PlanDataset:
    """The dataset of one document, worded in the active language (`build_printed_plan` for the files).

    Pass a document from `PlanDocument.objects.with_parts()` to save queries."""
    sections = {section.key: paragraphs_of(section.text) for section in document.sections.all()}
    commune = document.commune
    dataset = PlanDataset(
        document_id=document.pk,
        commune_name=commune.name_on(date(document.evaluated_year, 12, 31)),
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
    add_data_sections(dataset, document)
    dataset.outline = outline_of(dataset)
    dataset.appendices = [
        Block(BlockKind.TABLE, table.heading, table) for table in dataset.criteria_tables + dataset.current_tables
    ]
    dataset.table_columns = [_("Mã"), _("Chỉ tiêu"), _("Chỉ tiêu chuẩn"), _("Kết quả"), _("Đánh giá")]
    dataset.table_groups = [_("Tự đánh giá"), _("Kết quả thẩm định")]
    dataset.table_note = _("(*) Ngưỡng chưa đối chiếu văn bản gốc.")
    dataset.recipients_label = _("Nơi nhận:")
    dataset.filing_line = f"{_('Lưu:')} {dataset.filing}."
    return dataset


def build_printed_plan(document: PlanDocument) -> PlanDataset:
    """The dataset as the files print it: in Vietnamese, the language the document is issued in."""
    with translation.override("vi"):
        return build_plan(document)


def add_data_sections(dataset: PlanDataset, document: PlanDocument) -> None:
    commune, last = document.commune, document.evaluated_year
    planned, evaluated = programme_of(document.year), programme_of(last)
    dataset.programme_planned = programme_wording(planned, document.year, dataset.warnings)
    dataset.programme_evaluated = programme_wording(evaluated, last, dataset.warnings)
    if document.cites_programme_basis:
        dataset.legal_basis = legal_basis_lines(planned)
    results = assessment_results(commune, last)
    dataset.income_sentence = income_sentence(results, dataset.commune_name, last)
    dataset.ocop = ocop_lines(commune, last, results)
    # The recognitions the commune held at the end of the evaluated year: always on the page that previews the
    # document; beside the count of the table of the same level when the document states them.
    dataset.recognitions = list(Recognition.objects.held_by(commune, last))
    stated = {r.level: r for r in dataset.recognitions} if document.states_recognition else {}
    dataset.criteria_tables = [
        criteria_table(result, recognition=stated.get(result.criteria_set.level)) for result in results
    ]
    # Figures already recorded for the plan year (the seed's clean water: 752 of 1.250 households, Q1/2024).
    current_results = assessment_results(commune, document.year)
    current = [criteria_table(result, partial=True) for result in current_results]
    dataset.current_tables = [table for table in current if table.rows]
    # The evaluated year counts the records of the communes merged into this one by then; for a year before it
    # began, its predecessors'. Each is listed under its name (docs/adr/0095); a commune on its own reads as before.
    scope = year_scope(commune, last)
    if scope.units == [commune]:
        summary = funding_summary(commune, last)
    else:
        summary, dataset.money_by_unit = money_of_units(scope)
    if summary is not None:
        dataset.mobilisation = mobilisation_of(summary)
        dataset.investment = investment_of(summary)
        dataset.warnings.extend(warning.message for warning in summary.warnings)
    communes = counting_for(commune, document.year)
    dataset.quarters = quarters_of(communes, document.year, figures_of(current_results), dataset.warnings)
    for result in results:
        awaiting = sum(1 for criterion in result.criteria if not criterion.indicators)
        if awaiting:
            dataset.warnings.append(
                _(
                    "Bộ tiêu chí %(code)s (năm %(year)s): %(count)s/%(total)s tiêu chí chưa có chỉ tiêu, chờ bảng chỉ "
                    "tiêu chính thức."
                )
                % {"code": result.criteria_set.code, "year": last, "count": awaiting, "total": result.total}
            )
    unverified = sum(result.unverified_targets_used for result in results)
    if unverified:
        dataset.warnings.append(
            _("%(count)s ngưỡng chỉ tiêu trong bảng tự đánh giá năm %(year)s chưa đối chiếu văn bản gốc (đánh dấu *).")
            % {"count": unverified, "year": last}
        )


# --- the outline: every heading and sentence of the body, written once --------------------------------------


def outline_of(plan: PlanDataset) -> list[Block]:
    basis = [Block(BlockKind.PARAGRAPH, line) for line in plan.legal_basis]
    return [*basis, *_part_one(plan), *_part_two(plan)]


def _narrative(plan: PlanDataset, key: str) -> list[Block]:
    kinds = {True: BlockKind.BULLET, False: BlockKind.PARAGRAPH}
    return [Block(kinds[paragraph.bullet], paragraph.text) for paragraph in plan.sections.get(key, [])]


def _part_one(plan: PlanDataset) -> list[Block]:
    last = plan.evaluated_year
    part = _("PHẦN I: Đánh giá kết quả thực hiện %(programme)s năm %(year)s")
    blocks = [
        Block(BlockKind.PART, part % {"programme": plan.programme_evaluated, "year": last}),
        Block(BlockKind.SECTION, _("I. KẾT QUẢ CHỈ ĐẠO THỰC HIỆN.")),
        Block(BlockKind.HEADING, _("1. Công tác chỉ đạo, điều hành")),
        *_narrative(plan, "direction"),
        Block(BlockKind.HEADING, _("2. Công tác truyền thông, đào tạo, tập huấn.")),
        Block(BlockKind.MINOR, _("a) Công tác truyền thông.")),
        *_narrative(plan, "communication"),
        Block(BlockKind.MINOR, _("b) Công tác đào tạo, tập huấn.")),
        *_narrative(plan, "training"),
        Block(BlockKind.HEADING, _("3. Phát triển sản xuất, ngành nghề, nâng cao thu nhập cho người dân")),
        Block(BlockKind.MINOR, _("a) Phát triển sản xuất nông nghiệp.")),
        *_narrative(plan, "agriculture"),
        Block(
            BlockKind.MINOR,
            _("b) Công tác phát triển công nghiệp, tiểu thủ công nghiệp, dịch vụ và ngành nghề nông thôn."),
        ),
        *_narrative(plan, "industry"),
        Block(BlockKind.MINOR, _("c) Kết quả nâng cao thu nhập, giảm nghèo cho người dân.")),
        *_narrative(plan, "income"),
    ]
    if plan.income_sentence:
        blocks.append(Block(BlockKind.PARAGRAPH, plan.income_sentence))
    blocks.append(Block(BlockKind.HEADING, _("4. Chương trình OCOP.")))
    blocks += _ocop(plan)
    heading = _("5. Kết quả huy động nguồn lực xây dựng nông thôn mới năm %(year)s.") % {"year": last}
    blocks += [Block(BlockKind.HEADING, heading), *_mobilisation(plan)]
    blocks += [Block(BlockKind.HEADING, _("6. Chính sách đầu tư công năm %(year)s.") % {"year": last})]
    blocks += _investment(plan)
    return blocks


def _ocop(plan: PlanDataset) -> list[Block]:
    if plan.ocop is None:
        return [Block(BlockKind.NOTE, _("(Chưa có số liệu sản phẩm OCOP.)"))]
    names = {"year": plan.evaluated_year, "commune": plan.commune_name}
    if not plan.ocop:
        return [Block(BlockKind.PARAGRAPH, _("Năm %(year)s, xã %(commune)s chưa có sản phẩm OCOP.") % names)]
    count = len(plan.ocop)
    intro = ngettext(
        "Năm %(year)s, xã %(commune)s có %(counter)s sản phẩm OCOP:",
        "Năm %(year)s, xã %(commune)s có %(counter)s sản phẩm OCOP:",
        count,
    ) % {**names, "counter": count}
    stars, recognised = _("sao"), _("công nhận năm")
    return [Block(BlockKind.PARAGRAPH, intro)] + [
        Block(BlockKind.BULLET, f"- {p.name} ({p.group}), {p.stars} {stars}, {recognised} {p.year_recognised};")
        for p in plan.ocop
    ]


def _money_bullets(rows) -> list[Block]:
    """ "- Ngân sách xã: 19,7 tỷ đồng, chiếm 88,3 %;" … the last line closed by a full stop."""
    blocks = []
    for index, row in enumerate(rows, start=1):
        share = f", {_('chiếm')} {format_percent(row.share, 1)}" if row.share is not None else ""
        end = "." if index == len(rows) else ";"
        blocks.append(
            Block(BlockKind.BULLET, f"- {row.label}: {format_vnd_short(row.amount, row.qualifier)}{share}{end}")
        )
    return blocks


def _mobilisation(plan: PlanDataset) -> list[Block]:
    m = plan.mobilisation
    if not m:
        return [Block(BlockKind.NOTE, _("(Chưa có số liệu huy động nguồn lực.)"))]
    total = _("Tổng nguồn vốn thực hiện chương trình xây dựng NTM năm %(year)s là: %(total)s. Trong đó:")
    blocks = [Block(BlockKind.PARAGRAPH, total % {"year": m.year, "total": format_vnd_short(m.total)})]
    if not plan.money_by_unit:
        return blocks + _money_bullets(m.rows)
    # Several units' records (a commune formed by a merge): each unit's sources under its name.
    for unit in plan.money_by_unit:
        if unit.mobilisation:
            line = f"{capfirst(unit.label)}: {format_vnd_short(unit.mobilisation.total)}"
            blocks += [Block(BlockKind.MINOR, line), *_money_bullets(unit.mobilisation.rows)]
    return blocks


def _investment(plan: PlanDataset) -> list[Block]:
    inv = plan.investment
    if not inv:
        return [Block(BlockKind.NOTE, _("(Chưa có số liệu đầu tư công.)"))]
    if not plan.money_by_unit:
        stated = _(
            "Năm %(year)s, xã %(commune)s đã đầu tư các hạng mục công trình với tổng số tiền là: %(total)s. Cụ thể:"
        )
        return _investment_of(
            inv, plan.commune_name, stated, _("Năm %(year)s, xã %(commune)s đã đầu tư các hạng mục công trình sau:")
        )
    # Several units' records (a commune formed by a merge): each unit's works under its name ("xã Quảng Giao
    # (đến 30/06/2025)"), its type in the name.
    stated = _("Năm %(year)s, %(commune)s đã đầu tư các hạng mục công trình với tổng số tiền là: %(total)s. Cụ thể:")
    listed = _("Năm %(year)s, %(commune)s đã đầu tư các hạng mục công trình sau:")
    return [
        block
        for unit in plan.money_by_unit
        if unit.investment
        for block in _investment_of(unit.investment, unit.label, stated, listed)
    ]


def _investment_of(inv, name: str, stated: str, listed: str) -> list[Block]:
    """The intro sentence (with the stated total when there is one), then one bullet per work."""
    names = {"year": inv.year, "commune": name}
    if inv.stated_total is not None:
        intro = stated % {**names, "total": format_vnd_short(inv.stated_total)}
    else:
        intro = listed % names
    return [Block(BlockKind.PARAGRAPH, intro), *_money_bullets(inv.rows)]


def _part_two(plan: PlanDataset) -> list[Block]:
    part = _("PHẦN II: KẾ HOẠCH THỰC HIỆN %(programme)s NĂM %(year)s")
    blocks = [
        Block(BlockKind.PART, part % {"programme": plan.programme_planned.upper(), "year": plan.year}),
        Block(BlockKind.SECTION, _("I. MỤC ĐÍCH, YÊU CẦU")),
        Block(BlockKind.HEADING, _("1. Mục đích:")),
        *_narrative(plan, "purpose"),
        Block(BlockKind.HEADING, _("2. Yêu cầu.")),
        *_narrative(plan, "requirements"),
        Block(BlockKind.HEADING, _("3. Các nhiệm vụ")),
        Block(BlockKind.HEADING, _("3.1. Nhiệm vụ cụ thể theo từng quý trong năm")),
    ]
    for quarter in plan.quarters:
        blocks.append(Block(BlockKind.MINOR, _("Quý %(q)s/%(year)s:") % {"q": quarter.quarter, "year": quarter.year}))
        blocks += [Block(BlockKind.BULLET, f"- {task.sentence}{task.end}") for task in quarter.tasks]
    if not plan.quarters:
        blocks.append(Block(BlockKind.NOTE, _("(Chưa có nhiệm vụ theo quý.)")))
    return blocks + [
        Block(BlockKind.HEADING, _("3.2. Một số nhiệm vụ trọng tâm khác.")),
        *_narrative(plan, "key_tasks"),
        Block(BlockKind.HEADING, _("4. Giải pháp và tổ chức thực hiện.")),
        *_narrative(plan, "solutions"),
        Block(BlockKind.SECTION, _("II. Kiến nghị, đề xuất.")),
        *_narrative(plan, "recommendations"),
    ]
