"""Text rules shared by every form, cell and service: Unicode NFC, no markup, Vietnamese long dates."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def nfc(value):
    """Vietnamese typed on different keyboards arrives composed or decomposed; store it composed."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def reject_markup(value):
    """Officials type plain text; a tag in it is a paste accident or an attack, never content."""
    if isinstance(value, str) and TAG.search(value):
        raise ValidationError(_("Nội dung không được chứa mã HTML hoặc script (ví dụ “<script>”)."), code="markup")


def clean_text(value) -> str:
    """The clean-text rule every form, cell and service applies: NFC, trimmed, markup refused."""
    text = nfc(value or "").strip()
    reject_markup(text)
    return text


def strip_accents(value: str) -> str:
    """ "Quảng Giao" → "Quang Giao", for searches that ignore diacritics."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def long_date(value) -> str:
    """The date line of a Decree 30 document: "ngày 09 tháng 4 năm 2024".

    Days under 10 and the months January and February take a leading zero (Decree 30/2020, Appendix I).
    """
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
