"""No criteria total is written into the code: counts read "x/10" or "x/19" from the set of the assessment.

2021–2025 sets have 19 criteria, the 2026–2030 set has 10 (docs/adr/0015). A "19" typed into a template, a
sentence or an export would be wrong for every 2026 assessment, so the source is searched for one. Legal text and
data (fixtures/, the reference notes), tests and migrations are left out: they may quote the old decisions.
"""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SUFFIXES = {".py", ".html", ".txt"}
LEFT_OUT = {".venv", ".git", "node_modules", "fixtures", "locale", "static", "tests", "migrations", "docs", "artifacts"}

# "x/19", "17/19", "…/19", "19/19" (not a date such as 19/05/2024, nor 2019), "19 tiêu chí", "19 criteria",
# and a comparison or assignment with the number ("total = 19", "== 19").
HARD_CODED_TOTAL = re.compile(
    r"(?:(?<![\d/.])(?:\d{1,2}|x|…|\.\.\.)|[)}\]]+)\s*/19(?![\d/])"
    r"|\b19\s+(?:tiêu\s+chí|criteria|criterions?)\b"
    r"|(?:total|count|tổng)\w*\s*(?:==|=|<=|>=)\s*19\b",
    re.IGNORECASE,
)


def hard_coded_totals(text: str) -> list[str]:
    return [match.group(0) for match in HARD_CODED_TOTAL.finditer(text)]


def is_source(relative: Path) -> bool:
    if relative.suffix not in SUFFIXES or LEFT_OUT & set(relative.parts[:-1]):
        return False
    return not relative.name.startswith("test_") and relative.name != "conftest.py"


def source_files():
    for path in sorted(ROOT.rglob("*")):
        if path.is_file() and is_source(path.relative_to(ROOT)):
            yield path


def test_the_pattern_finds_the_ways_a_total_is_written_and_leaves_dates_alone():
    written = (
        'đạt {{ met }}/19 · "17/19" · x/19 · Tổng số tiêu chí đạt: …/19 · 19 tiêu chí · total = 19 · '
        'criteria_count == 19 · f"{len(met)}/19"'
    )
    assert hard_coded_totals(written) == [
        "}}/19",
        "17/19",
        "x/19",
        "…/19",
        "19 tiêu chí",
        "total = 19",
        "count == 19",
        ")}/19",
    ]
    assert hard_coded_totals("ngày 19/05/2024, năm 2019, 2,19 tỷ, mục 3.1/19a, 119/19, 01/19/2024") == []


def test_no_source_file_hard_codes_a_criteria_total():
    files = list(source_files())
    assert any(path.name == "evaluation.py" for path in files)  # the search does read the source
    assert any(path.suffix == ".html" for path in files)
    found = {
        str(path.relative_to(ROOT)): hits
        for path in files
        if (hits := hard_coded_totals(path.read_text(encoding="utf-8", errors="replace")))
    }
    assert found == {}
