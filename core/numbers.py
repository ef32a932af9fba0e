"""Numbers as Vietnamese officials write them: a comma before the decimals, dots between thousands.

One rule for every form field and spreadsheet cell:
- with a comma, the comma is the decimal mark and dots group thousands: "60,16", "1.250,5";
- without a comma, dots in groups of three are thousands ("1.250", "1.250.000"), one other dot is a
  decimal point as a spreadsheet or an English keyboard writes it ("60.16");
- spaces are ignored; a cell that already holds a number (int, float, Decimal) is taken as it is.
"""

import re
from decimal import Decimal, InvalidOperation

THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")
WITH_COMMA = re.compile(r"-?\d{1,3}(\.\d{3})*,\d+|-?\d+,\d+")
PLAIN = re.compile(r"-?\d+(\.\d+)?")


def parse_vn_decimal(value) -> Decimal | None:
    """`value` as a Decimal; None when empty; ValueError when it is not a number written either way."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value or "").replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if WITH_COMMA.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    elif THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    elif not PLAIN.fullmatch(text):
        raise ValueError(value)
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(value) from error
