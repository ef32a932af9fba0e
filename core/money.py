"""Vietnamese money: parse what officials type, format what the portal shows.

Amounts are whole đồng held as `int` (BigIntegerField in models), never floats. The seed
document writes money many ways ("22,3 tỷ đồng", "800 triệu", "2.981.839.000 đồng",
"gần 500 triệu"); `parse_money` accepts all of them and keeps the qualifier of an
approximate amount so it can be shown again ("gần 500 triệu đồng").
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Whole state budgets stay far below this; anything above is a typing slip (or an overflow).
MAX_AMOUNT = 10**15

UNITS = {
    "tỷ": 10**9,
    "ty": 10**9,
    "tỉ": 10**9,
    "triệu": 10**6,
    "trieu": 10**6,
    "tr": 10**6,
    "nghìn": 10**3,
    "ngàn": 10**3,
    "nghin": 10**3,
    "ngan": 10**3,
}
QUALIFIERS = ("khoảng", "gần", "hơn", "trên", "xấp xỉ", "ước")
CURRENCY_WORDS = re.compile(r"(đồng|vnđ|vnd|đ)\.?$")
PART = re.compile(r"(\d[\d.,]*)\s*([^\d\s.,]+)?")


@dataclass(frozen=True)
class Money:
    amount: int
    qualifier: str = ""

    @property
    def is_approximate(self) -> bool:
        return bool(self.qualifier)


def parse_money(text: str) -> Money:
    """Read an amount as Vietnamese officials write it; raise ValidationError otherwise."""
    cleaned = unicodedata.normalize("NFC", str(text)).strip().lower()
    if not cleaned:
        raise ValidationError(_("Chưa nhập số tiền."), code="empty")
    if cleaned.startswith("-"):
        raise ValidationError(_("Số tiền không được âm."), code="negative")
    qualifier = next((q for q in QUALIFIERS if cleaned.startswith(q + " ")), "")
    cleaned = CURRENCY_WORDS.sub("", cleaned[len(qualifier) :]).strip()
    amount = _parse_parts(cleaned, original=text)
    if amount > MAX_AMOUNT:
        raise ValidationError(_("Số tiền quá lớn: %(text)s.") % {"text": text}, code="overflow")
    return Money(amount=amount, qualifier=qualifier)


def _parse_parts(cleaned: str, *, original: str) -> int:
    """Sum "1 tỷ 200 triệu"-style parts; a number alone is whole đồng."""
    invalid = ValidationError(
        _("Không đọc được số tiền “%(text)s”. Ví dụ hợp lệ: 2.981.839.000 đồng, 22,3 tỷ, 800 triệu.")
        % {"text": original},
        code="invalid",
    )
    parts = list(PART.finditer(cleaned))
    if not parts or PART.sub("", cleaned).strip():
        raise invalid
    total = Decimal(0)
    for match in parts:
        number, unit = match.group(1), match.group(2)
        if unit is None:
            if len(parts) > 1:  # "1 triệu 2" is colloquial for 1,2 triệu: too ambiguous to guess
                raise invalid
            total += _whole_number(number, invalid)
        elif unit in UNITS:
            total += _decimal_number(number, invalid) * UNITS[unit]
        else:
            raise invalid
    if total != total.to_integral_value():
        raise ValidationError(_("Số tiền phải là số đồng nguyên: %(text)s.") % {"text": original})
    return int(total)


def _whole_number(number: str, invalid: ValidationError) -> int:
    # "2.981.839.000" groups thousands with dots; a comma here would be a decimal đồng.
    if not re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", number):
        raise invalid
    return int(number.replace(".", ""))


def _decimal_number(number: str, invalid: ValidationError) -> Decimal:
    # "22,3 tỷ" uses the Vietnamese decimal comma; "1.5 tỷ" is accepted as a decimal point too.
    if re.fullmatch(r"\d+([.,]\d+)?", number) is None:
        raise invalid
    try:
        return Decimal(number.replace(",", "."))
    except InvalidOperation as error:
        raise invalid from error


def group_thousands(value: int) -> str:
    """12345678 → "12.345.678"."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def format_decimal(value, places: int) -> str:
    """A number with a decimal comma, rounded half up, trailing zeros dropped: 88.30 → "88,3"."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _dot, fraction = f"{abs(rounded):f}".partition(".")
    fraction = fraction.rstrip("0")
    text = sign + group_thousands(int(whole))
    return f"{text},{fraction}" if fraction else text


def format_vnd(amount, qualifier: str = "") -> str:
    """2981839000 → "2.981.839.000 đồng"."""
    if amount is None:
        return ""
    return _qualified(f"{group_thousands(amount)} đồng", qualifier)


def format_vnd_short(amount, qualifier: str = "", places: int = 2) -> str:
    """22300000000 → "22,3 tỷ đồng"; 800000000 → "800 triệu đồng"."""
    if amount is None:
        return ""
    for unit, size in (("tỷ", 10**9), ("triệu", 10**6)):
        if abs(amount) >= size:
            number = format_decimal(Decimal(int(amount)) / size, places)
            return _qualified(f"{number} {unit} đồng", qualifier)
    return format_vnd(amount, qualifier)


def _qualified(text: str, qualifier: str) -> str:
    return f"{qualifier} {text}" if qualifier else text


def format_percent(value, places: int = 2) -> str:
    """60.16 → "60,16 %"."""
    if value is None:
        return ""
    return f"{format_decimal(value, places)} %"


def share(part, whole, places: int = 2):
    """Part of whole in percent, or None when the whole is zero (a share that cannot be computed)."""
    if not whole:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(quantum, rounding=ROUND_HALF_UP)
