"""The dossier as one zip: every item as a file and an index PDF (Decree 30 layout) listing each item, how it was
made, who added it and when, its SHA-256, and the items still missing. The page's download and
`manage.py export_dossier` write the same bytes through `dossier_zip`."""

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.money import group_thousands
from core.text import strip_accents
from reports.document import Block, BlockKind, Header, place_date
from reports.renderers.pdf import html_to_pdf
from units.models import year_end

from .documents import context_for, document_pdf, generated_document, texts_of
from .reading import DossierState
from .rules import POSTING_RULE, POSTING_WINDOW_DAYS, POSTINGS_REQUIRED


@dataclass(frozen=True)
class IndexRow:
    number: str  # "1", or "" for a further file of the same item
    title: str
    how: str  # "Tạo từ dữ liệu" / "Tải lên"
    file_name: str
    added: str  # "canbo.quanggiao, 03/12/2026 15:40"
    sha256: str
    missing: bool = False

    @property
    def sha_lines(self) -> tuple[str, str]:
        return self.sha256[:32], self.sha256[32:]


@dataclass
class DossierIndex:
    header: Header
    outline: list[Block]
    rows: list[IndexRow]
    closing: list[Block] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    missing_label: str = ""  # "CÒN THIẾU", in the row of an item without a file


def _stamp(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else _("không rõ")


def dossier_filename(state: DossierState) -> str:
    """ "ho-so-cong-nhan-2024-quang-giao-xa_ntm_nang_cao.zip" """
    return f"ho-so-cong-nhan-{state.year}-{slugify(strip_accents(state.unit.name))}-{state.level}.zip"


def _entries(state: DossierState, now: datetime) -> tuple[list[tuple[str, bytes]], list[IndexRow]]:
    """The zip's files (name, bytes) and the index's rows, item by item in checklist order."""
    with translation.override("vi"):
        ctx = context_for(state.unit, state.year, state.level, state.assessment)
        texts = texts_of(state.dossier, ctx)
    files, rows = [], []
    dossier = state.dossier
    for number, item_state in enumerate(state.items, start=1):
        item, prefix = item_state.item, f"{number:02d}"
        if item.is_generated:
            data = document_pdf(generated_document(item.source, ctx, texts, state.postings))
            name = f"{prefix}-{slugify(strip_accents(item.title))[:60]}.pdf"
            edited = dossier.texts_updated_by if dossier and dossier.texts_updated_at else None
            added = _("Cổng NTM lập từ dữ liệu, %(at)s") % {"at": _stamp(now)}
            if edited:
                wording = {"who": _who(edited), "at": _stamp(dossier.texts_updated_at)}
                added += "; " + _("lời văn: %(who)s, %(at)s") % wording
            files.append((name, data))
            sha = hashlib.sha256(data).hexdigest()
            rows.append(IndexRow(str(number), item.title, _("Tạo từ dữ liệu"), name, added, sha))
            continue
        if not item_state.files:
            rows.append(IndexRow(str(number), item.title, _("Tải lên"), "", "", "", missing=True))
            continue
        for index, stored in enumerate(item_state.files, start=1):
            suffix = PurePosixPath(stored.file.name).suffix.lower()
            name = f"{prefix}-{index}-{slugify(strip_accents(PurePosixPath(stored.original_name).stem))[:60]}{suffix}"
            with stored.file.open("rb") as handle:
                data = handle.read()
            files.append((name, data))
            sha = hashlib.sha256(data).hexdigest()
            added = f"{_who(stored.uploaded_by)}, {_stamp(stored.uploaded_at)}"
            if sha != stored.sha256:  # the stored file changed since its upload: say so, never hide it
                added += " " + _("(TỆP ĐÃ BỊ THAY ĐỔI SAU KHI TẢI LÊN)")
            title = item.title if index == 1 else ""
            rows.append(IndexRow(str(number) if index == 1 else "", title, _("Tải lên"), name, added, sha))
    return files, rows


def _index(state: DossierState, rows: list[IndexRow], now: datetime) -> DossierIndex:
    ctx_name = state.unit.full_name_on(year_end(state.year))
    subject = _("Hồ sơ đề nghị xét công nhận %(unit)s đạt chuẩn %(level)s năm %(year)s") % {
        "unit": ctx_name,
        "level": state.level_words,
        "year": state.year,
    }
    header = Header(
        issuing_body_lines=[_("ỦY BAN NHÂN DÂN"), ctx_name.upper()],
        number_line="",
        place_date=place_date(state.unit.name, timezone.localdate(now)),
        title=_("DANH MỤC HỒ SƠ"),
        subject=subject,
    )
    status = _("Tình trạng bản tự đánh giá cùng năm và mức: %(state)s.") % {"state": state.assessment_label}
    outline = [Block(BlockKind.PARAGRAPH, status)]
    if state.unverified_items:
        unverified = _("Danh mục thành phần hồ sơ chưa được đối chiếu với văn bản quy định (chưa xác minh).")
        outline.append(Block(BlockKind.NOTE, unverified))
    return DossierIndex(
        header=header,
        outline=outline,
        rows=rows,
        closing=_closing(state, now),
        columns=_columns(),
        missing_label=_("CÒN THIẾU"),
    )


def _columns() -> list[str]:
    return [
        _("STT"),
        _("Thành phần hồ sơ"),
        _("Cách lập"),
        _("Tệp trong hồ sơ"),
        _("Người thêm, thời điểm"),
        _("SHA-256"),
    ]


def _closing(state: DossierState, now: datetime) -> list[Block]:
    blocks = [Block(BlockKind.HEADING, _("Thành phần còn thiếu"))]
    if state.missing:
        blocks += [Block(BlockKind.BULLET, f"- {item.title}: {_('CÒN THIẾU')}.") for item in state.missing]
    elif state.items:
        blocks.append(Block(BlockKind.PARAGRAPH, _("Không còn thiếu thành phần nào theo danh mục.")))
    else:
        blocks.append(Block(BlockKind.NOTE, _("(Giai đoạn này chưa có danh mục thành phần hồ sơ.)")))
    check = state.posting
    blocks.append(Block(BlockKind.HEADING, _("Niêm yết công khai")))
    blocks.append(Block(BlockKind.PARAGRAPH, str(POSTING_RULE)))
    counted = _("Đã ghi %(count)s lần niêm yết; nhiều nhất %(best)s lần trong %(days)s ngày liên tiếp.") % {
        "count": len(state.postings),
        "best": check.best,
        "days": POSTING_WINDOW_DAYS,
    }
    verdict = _("Đủ.") if check.satisfied else _("CHƯA ĐỦ %(required)s lần.") % {"required": POSTINGS_REQUIRED}
    blocks.append(Block(BlockKind.PARAGRAPH, f"{counted} {verdict}"))
    blocks += [Block(BlockKind.BULLET, f"- {posting.where}: {posting.dates};") for posting in state.postings]
    blocks.append(Block(BlockKind.HEADING, _("Lấy ý kiến sự hài lòng của người dân")))
    blocks.append(Block(BlockKind.PARAGRAPH, _survey_line(state)))
    blocks.append(Block(BlockKind.NOTE, _("Danh mục lập từ Cổng NTM lúc %(at)s.") % {"at": _stamp(now)}))
    return blocks


def _survey_line(state: DossierState) -> str:
    dossier = state.dossier
    if dossier is None or dossier.households_asked is None:
        counts = _("Chưa nhập số liệu khảo sát.")
    else:
        counts = _("Số hộ được lấy ý kiến: %(asked)s; trả lời: %(answered)s; hài lòng: %(satisfied)s.") % {
            "asked": group_thousands(dossier.households_asked),
            "answered": "—" if dossier.households_answered is None else group_thousands(dossier.households_answered),
            "satisfied": "—" if dossier.households_satisfied is None else group_thousands(dossier.households_satisfied),
        }
    share = _("Tỷ lệ hài lòng (trên số hộ trả lời): %(share)s; tỷ lệ yêu cầu: %(required)s.") % {
        "share": state.share_text,
        "required": state.required_text,
    }
    return f"{counts} {share}"


def index_pdf(index: DossierIndex) -> bytes:
    with translation.override("vi"):
        html = render_to_string("print/dossier_index.html", {"plan": index})
    return html_to_pdf(html)


def dossier_zip(state: DossierState, *, now: datetime | None = None) -> bytes:
    """The whole dossier as zip bytes: "00-danh-muc-ho-so.pdf" first, then every item's files in checklist order."""
    now = now or timezone.now()
    files, rows = _entries(state, now)
    with translation.override("vi"):
        index = _index(state, rows, now)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("00-danh-muc-ho-so.pdf", index_pdf(index))
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()
