"""The English catalogue is complete, keeps every placeholder, and the portal really switches to it.

Source strings are Vietnamese; English comes from locale/en/LC_MESSAGES/django.po. The .po is read with
a few lines of Python (no polib), so the test needs nothing beyond the standard library.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# %(name)s, %s, %d, %% and {name} placeholders.
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdifr]|%[sdifr%]|\{[^{}]*\}")
FIELD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$")


def _entries():
    """Every entry of the catalogue: its flags and fields (msgid, msgid_plural, msgstr, msgstr[0], …)."""
    entries = []
    for block in PO_FILE.read_text(encoding="utf-8").split("\n\n"):
        flags, fields, current = set(), {}, None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] += ast.literal_eval(line)
            else:
                match = FIELD.match(line)
                assert match, f"unexpected line in {PO_FILE.name}: {line!r}"
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
        if fields:
            entries.append((flags, fields))
    return entries


def _translatable():
    return [(flags, fields) for flags, fields in _entries() if fields.get("msgid")]


def test_the_catalogue_has_its_header_and_entries():
    headers = [fields for _flags, fields in _entries() if fields.get("msgid") == ""]
    assert len(headers) == 1
    assert "Language: en\n" in headers[0]["msgstr"]
    assert len(_translatable()) > 500


def test_every_entry_is_translated_and_not_fuzzy():
    missing = []
    for flags, fields in _translatable():
        translations = [value for key, value in fields.items() if key.startswith("msgstr")]
        if "fuzzy" in flags or not translations or not all(value.strip() for value in translations):
            missing.append(fields["msgid"])
    assert missing == []


def test_every_translation_keeps_the_placeholders_of_its_source():
    wrong = []
    for _flags, fields in _translatable():
        if "msgid_plural" in fields:
            # A singular source may leave the counter out ("một công trình"); the set of names must match.
            sources = {fields["msgid"]: [fields["msgstr[0]"]], fields["msgid_plural"]: [fields["msgstr[1]"]]}
            for source, translations in sources.items():
                expected = set(PLACEHOLDER.findall(fields["msgid"])) | set(PLACEHOLDER.findall(source))
                for translation in translations:
                    if set(PLACEHOLDER.findall(translation)) != expected:
                        wrong.append((source, translation))
        elif sorted(PLACEHOLDER.findall(fields["msgid"])) != sorted(PLACEHOLDER.findall(fields["msgstr"])):
            wrong.append((fields["msgid"], fields["msgstr"]))
    assert wrong == []


def _choose_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_the_login_page_is_in_english_after_choosing_english(client_for, official):
    # The choice is a cookie, kept after logging out: the next login page is in English.
    client = client_for(official)
    _choose_english(client)
    client.post(reverse("logout"))
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page
    assert "Password" in page
    assert "Đăng nhập" not in page
    assert "Mật khẩu" not in page


@pytest.mark.django_db
def test_a_visitor_can_choose_english_on_the_login_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert '<html lang="en">' in client.get(reverse("login")).content.decode()


def test_the_commune_dashboard_is_in_english_after_choosing_english(client_for, official, quang_giao):
    # `quang_giao` is the seeded commune: tests/conftest.py loads `call_command("seed_portal")` first.
    client = client_for(official)
    _choose_english(client)
    response = client.get(reverse("reports:dashboard_commune", args=[quang_giao.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Dashboard of commune {quang_giao.name}" in page
    assert "Criteria met at each target level" in page
    assert "Funding" in page
    assert "Bảng điều khiển" not in page
    assert "Tiêu chí đạt theo từng mức phấn đấu" not in page
