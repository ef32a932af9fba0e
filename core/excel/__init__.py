"""Excel import and export shared by the apps (django-import-export with Vietnamese widgets).

The one import pipeline (docs/adr/0022-excel-import.md) that works, progress, money lines and criteria sets
all follow:

- The upload form is `core.forms.XlsxUploadForm` (size limit, zip signature). The file is read with openpyxl
  ourselves (`read_xlsx`, `data_only=False`): a formula cell stays text ("=SUM(…)") so it can be refused,
  instead of arriving as its cached value or as an empty cell.
- The header row must be the template's Vietnamese headers, no more and no fewer (`check_headers`).
- Each row is parsed by an app's resource built on `ScopedResource`: Vietnamese widgets and messages, every
  field's error reported at once, a cell starting with = + - @ (or tab/CR) refused as a formula, a row of
  another scope refused by the resource's `scope_check` (`CommuneResource`: a row naming another commune in
  "Xã"; the criteria set resource: a row naming another set). Saving goes through the app's services
  (rules, audit).
- `run_import` runs the whole file in one transaction. With `dry_run` it is a rehearsal that is rolled
  back and becomes the preview (`ImportOutcome`: every row's action — new, update, unchanged, error —,
  changes and errors; `templates/includes/import_preview.html` shows it); a real run is kept only if every
  row passes: any error and nothing is saved.
- Between the preview and the confirmation the file waits in the session (`PendingImport`), removed when
  confirmed, replaced by another upload, or expired.

Export (`write_xlsx`, `escape_cell`; `stream_xlsx` for many rows of plain values, written whole by XlsxWriter):
one way to write cells; a text cell that a spreadsheet would run as a formula is written with a leading
apostrophe; money and shares are numbers with a number format (`money`, `percent`; in `stream_xlsx` the column's
format, the share given as a `fraction`).
"""

from .pending import PendingFile, PendingImport
from .pipeline import Change, CommuneResource, ImportOutcome, PreviewRow, ScopedResource, import_outcome, run_import
from .widgets import (
    ChoiceLabelWidget,
    DateWidget,
    IntegerWidget,
    MoneyField,
    MoneyWidget,
    TextWidget,
    error_text,
    integer_field,
)
from .workbook import (
    FORMULA_PREFIXES,
    MONEY_FORMAT,
    PERCENT_FORMAT,
    Formatted,
    cell_text,
    check_headers,
    escape_cell,
    fill_sheet,
    fraction,
    money,
    percent,
    read_xlsx,
    stream_xlsx,
    write_xlsx,
)

__all__ = [
    "FORMULA_PREFIXES",
    "MONEY_FORMAT",
    "PERCENT_FORMAT",
    "Change",
    "ChoiceLabelWidget",
    "CommuneResource",
    "DateWidget",
    "Formatted",
    "ImportOutcome",
    "IntegerWidget",
    "MoneyField",
    "MoneyWidget",
    "PendingFile",
    "PendingImport",
    "PreviewRow",
    "ScopedResource",
    "TextWidget",
    "cell_text",
    "check_headers",
    "error_text",
    "escape_cell",
    "import_outcome",
    "integer_field",
    "money",
    "percent",
    "read_xlsx",
    "run_import",
    "fill_sheet",
    "fraction",
    "stream_xlsx",
    "write_xlsx",
]
