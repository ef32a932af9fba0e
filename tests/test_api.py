"""The read API on the seed of Quảng Giao (docs/adr/0100-read-api.md): a token sees what its owner sees on the
pages, through `visible_to`; bad input is a JSON 400/401/404 in both languages, never a server error."""

import datetime
import itertools
import logging
import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from api.models import ApiToken, TokenUse
from api.renderers import FastJSONRenderer
from api.rows import moments
from api.serializers import AssessmentSerializer, ExportRowSerializer, IndicatorRowSerializer, UnitRefSerializer
from api.tokens import api_token_create, api_token_revoke, hash_of

NAMES = itertools.count()


def token(user) -> str:
    return api_token_create(user=user, name=f"kiểm thử {next(NAMES)}")[1]


def get(user_or_token, url, **params):
    raw = user_or_token if isinstance(user_or_token, str) else token(user_or_token)
    return Client().get(url, params, HTTP_AUTHORIZATION=f"Bearer {raw}")


def ids(response, key="id"):
    assert response.status_code == 200, response.content
    return {row[key] for row in response.json()["results"]}


# Each Quảng Giao record the API lists, by endpoint: (world attribute, the id in the answer).
RECORDS = {
    "unit": ("quang_giao", "id"),
    "assessment": ("assessment", "id"),
    "recognition": ("recognition", "id"),
    "work": ("work", "id"),
    "task": ("task", "id"),
    "document": ("issued", "id"),
}


@pytest.mark.parametrize("basename", sorted(RECORDS))
def test_readers_of_quang_giao_list_and_read_its_record_and_others_get_nothing(
    basename, world, official, coordinator, office, other_official, outsider
):
    attribute, key = RECORDS[basename]
    record = getattr(world, attribute)
    listed, detail = reverse(f"api:{basename}-list"), reverse(f"api:{basename}-detail", args=[record.pk])
    for reader in (official, coordinator, office):
        assert record.pk in ids(get(reader, listed, page_size=100), key), reader
        assert get(reader, detail).json()["id"] == record.pk
    assert record.pk not in ids(get(other_official, listed, page_size=100), key)
    outside = ids(get(outsider, listed, page_size=100), key)
    # The outsider's list holds his own province's records only: its units, nothing of the others here.
    assert outside == ({outsider.membership.unit_id} if basename == "unit" else set())
    for stranger in (other_official, outsider):
        answer = get(stranger, detail)
        assert answer.status_code == 404 and answer.json()["error"] == "not_found"
        assert "Quảng Giao" not in answer.content.decode()


def test_money_and_area_summaries_are_listed_per_commune_within_the_scope(world, office, other_official, outsider):
    for name, key in (("api:money-list", "commune"), ("api:area-summary-list", "unit")):
        listed = reverse(name)

        def communes(user, key=key, listed=listed):
            rows = get(user, listed, page_size=100).json()["results"]
            return {row[key] if key == "commune" else row[key]["id"] for row in rows}

        assert world.quang_giao.pk in communes(office), name
        assert world.quang_giao.pk not in communes(other_official), name
        assert communes(outsider) == set(), name


def test_money_by_source_adds_up_to_the_commune_year_totals(world, office):
    rows = get(office, reverse("api:money-list"), unit=world.quang_hai.pk).json()["results"]
    assert rows and all(
        row[stage] == sum(source[stage] for source in row["sources"])
        for row in rows
        for stage in ("planned", "mobilised", "disbursed")
    )


def test_the_catalogue_of_periods_and_criteria_sets_is_read_by_every_signed_in_user(world, outsider):
    assert {row["code"] for row in get(outsider, reverse("api:period-list")).json()["results"]} >= {"2021-2025"}
    sets = get(outsider, reverse("api:criteria-set-list"), period="2021-2025", page_size=100).json()["results"]
    assert sets and all(row["period"] == "2021-2025" for row in sets)
    indicators = [indicator for row in sets for criterion in row["criteria"] for indicator in criterion["indicators"]]
    assert indicators and {"code", "target_value", "verified", "year_targets"} <= set(indicators[0])


def test_an_assessment_carries_each_indicators_value_and_verdicts(world, official):
    answer = get(official, reverse("api:assessment-detail", args=[world.assessment.pk])).json()
    row = next(row for row in answer["values"] if row["indicator_id"] == world.value.indicator_id)
    assert row["verdict_self_assessment"] in ("met", "not_met", "not_assessed")
    assert answer["status"] == world.assessment.status and answer["unit"]["id"] == world.quang_giao.pk


def test_assessments_written_without_a_serializer_have_the_fields_the_schema_states(world, office):
    rows = get(office, reverse("api:assessment-list"), page_size=100).json()["results"]
    assert rows and all(list(row) == list(AssessmentSerializer().fields) for row in rows)
    assert all(list(row["unit"]) == list(UnitRefSerializer().fields) for row in rows)
    values = [value for row in rows for value in row["values"]]
    assert values and all(list(value) == list(IndicatorRowSerializer().fields) for value in values)
    exported = get(office, reverse("api:indicator-export-list"), year=world.assessment.year).json()
    assert exported and all(list(row) == list(ExportRowSerializer().fields) for row in exported)


def test_the_rows_write_date_times_as_the_framework_does():
    for zone in (timezone.get_current_timezone(), datetime.UTC):
        with timezone.override(zone):
            moment = moments()
            for value in (
                datetime.datetime(2025, 3, 4, 23, 6, 7, 123456, tzinfo=datetime.UTC),
                datetime.datetime(2024, 12, 31, 17, 0, tzinfo=datetime.UTC),
            ):
                assert moment(value) == serializers.DateTimeField().to_representation(value)
    assert moment(None) is None


def test_the_json_is_written_byte_for_byte_as_the_framework_writes_it(world, office):
    page = get(office, reverse("api:assessment-list"), page_size=100)
    assert page.data["results"] and page.content == JSONRenderer().render(page.data)
    text = "".join(map(chr, range(0x250))) + "\u2028\u2029 Quảng Giao \U0001f600"
    moment = datetime.datetime(2025, 3, 4, 5, 6, 7, 123456, tzinfo=datetime.UTC)
    data = {
        "text": [text, _("Năm"), 2**64 - 1, -(2**63), True, None, 1.5, 123456.789, (1, 2)],
        "keys": {1: "một", None: "không"},
        "decimal": Decimal("1.2300"),
        "moments": [moment, moment.astimezone(timezone.get_current_timezone()), moment.date(), moment.time()],
        "other": [uuid.uuid4(), datetime.timedelta(seconds=3)],
    }
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)
    assert FastJSONRenderer().render({"past 64 bits": 2**70}) == JSONRenderer().render({"past 64 bits": 2**70})
    assert FastJSONRenderer().render(data, "application/json; indent=2") == JSONRenderer().render(
        data, "application/json; indent=2"
    )


def test_the_unit_filter_takes_the_subtree_and_a_unit_out_of_scope_empties_the_list(world, office, other_official):
    works = reverse("api:work-list")
    assert world.work.pk in ids(get(office, works, unit=world.quang_xuong.pk, page_size=100))
    assert world.work.pk not in ids(get(office, works, unit=world.quang_hai.pk, page_size=100))
    assert ids(get(other_official, works, unit=world.quang_giao.pk)) == set()


def test_changed_since_returns_only_what_changed_after_the_moment(world, office):
    works = reverse("api:work-list")
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert ids(get(office, works, changed_since=future)) == set()
    assert world.work.pk in ids(get(office, works, changed_since="2000-01-01", page_size=100))


def test_the_cursor_walks_every_record_once_in_a_stable_order(world, office):
    raw, seen, url = token(office), [], reverse("api:task-list") + "?page_size=2"
    while url:
        page = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {raw}").json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == sorted(seen) and len(seen) == len(set(seen)) and world.task.pk in seen


def test_a_list_answers_with_an_etag_and_304_when_nothing_changed(office):
    raw = token(office)
    first = Client().get(reverse("api:work-list"), HTTP_AUTHORIZATION=f"Bearer {raw}")
    again = Client().get(reverse("api:work-list"), HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert first["ETag"] and again.status_code == 304
    uses = TokenUse.objects.filter(token__key_hash=hash_of(raw)).order_by("id").values_list("status", flat=True)
    assert list(uses) == [200, 304]


BAD = [
    ("api:work-list", {"colour": "red"}, "unknown_filter"),
    ("api:assessment-list", {"changed_since": "hôm qua"}, "invalid_timestamp"),
    ("api:assessment-list", {"changed_since": "2025-13-45"}, "invalid_timestamp"),
    ("api:work-list", {"year": "1999"}, "invalid_year"),
    ("api:work-list", {"year": "20244"}, "invalid_year"),
    ("api:task-list", {"cursor": "gia-mao"}, "invalid_cursor"),
    ("api:task-list", {"cursor": "cD1hYmM="}, "invalid_cursor"),  # base64 of "p=abc"
    ("api:assessment-list", {"period": "1990-1995"}, "unknown_period"),
    ("api:unit-list", {"level": "nation"}, "invalid_choice"),
    ("api:indicator-export-list", {}, "year_required"),
]


@pytest.mark.parametrize(("name", "params", "code"), BAD)
def test_bad_input_is_a_400_in_both_languages_and_no_server_error(name, params, code, office, caplog):
    with caplog.at_level(logging.WARNING):
        answer = get(office, reverse(name), **params)
    assert answer.status_code == 400 and answer["Content-Type"] == "application/json"
    body = answer.json()
    assert body["error"] == code and body["detail"] and body["detail_en"]
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_a_token_is_shown_once_and_kept_only_as_its_hash(official):
    saved, raw = api_token_create(user=official, name="bản đồ của tỉnh")
    assert raw.startswith("ntm_") and saved.key_hash == hash_of(raw) and raw not in str(vars(saved).values())
    assert ApiToken.objects.filter(key_hash=hash_of(raw)).exists() and not ApiToken.objects.filter(prefix=raw).exists()


@pytest.mark.parametrize("state", ["revoked", "expired", "unknown", "malformed"])
def test_a_revoked_expired_or_wrong_token_is_a_401(state, official):
    saved, raw = api_token_create(user=official, name="thử")
    if state == "revoked":
        api_token_revoke(user=official, token=saved)
    elif state == "expired":
        ApiToken.objects.filter(pk=saved.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    header = {"unknown": "Bearer ntm_khong-co", "malformed": f"Bearer {raw} thừa"}.get(state, f"Bearer {raw}")
    answer = Client().get(reverse("api:work-list"), HTTP_AUTHORIZATION=header)
    assert answer.status_code == 401 and answer.json()["detail_en"] and answer["WWW-Authenticate"]


def test_a_token_in_the_query_string_is_refused(official):
    raw = token(official)
    for params in ({"token": raw}, {"year": raw}):
        answer = Client().get(reverse("api:work-list"), params)
        assert answer.status_code == 400 and answer.json()["error"] == "token_in_query_string"


def test_without_a_token_or_session_the_api_answers_401_not_a_login_page(db):
    answer = Client().get(reverse("api:work-list"))
    assert answer.status_code == 401 and answer.json()["error"] == "not_authenticated"


def test_each_use_of_a_token_is_logged_and_its_last_use_recorded(world, official):
    saved, raw = api_token_create(user=official, name="đồng bộ")
    Client().get(reverse("api:work-list"), {"year": "2024"}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    Client().get(reverse("api:work-detail", args=[world.hai_work.pk]), HTTP_AUTHORIZATION=f"Bearer {raw}")
    uses = list(TokenUse.objects.filter(token=saved).order_by("id").values_list("user", "path", "query", "status"))
    assert uses == [
        (official.pk, reverse("api:work-list"), "year=2024", 200),
        (official.pk, reverse("api:work-detail", args=[world.hai_work.pk]), "", 404),
    ]
    saved.refresh_from_db()
    assert saved.last_used_at is not None


def test_a_token_is_throttled_on_its_own(official, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_token": "2/hour"}}
    busy, quiet = token(official), token(official)
    answers = [get(busy, reverse("api:period-list")).status_code for _ in range(3)]
    assert answers == [200, 200, 429] and get(quiet, reverse("api:period-list")).status_code == 200
    assert get(busy, reverse("api:period-list")).json()["detail_en"]


def test_the_session_works_for_the_docs_page(client, official):
    client.force_login(official)
    assert client.get(reverse("api:work-list")).status_code == 200
    assert Client().get(reverse("api:docs")).status_code == 200
    assert Client().get(reverse("api:schema")).status_code == 200


def test_the_command_prints_a_token_once_for_the_user(official, capsys):
    call_command("create_api_token", official.username, "--name", "tỉnh")
    raw = capsys.readouterr().out.strip()
    assert ApiToken.objects.get(key_hash=hash_of(raw)).user == official


def test_the_national_export_names_set_and_period_per_row_in_json_and_csv(world, office):
    url = reverse("api:indicator-export-list")
    rows = get(office, url, year=world.assessment.year).json()
    mine = [row for row in rows if row["commune"] == world.quang_giao.pk]
    assert mine and all(row["criteria_set"] and "period" in row and "verdict_self_assessment" in row for row in mine)
    csv = get(office, url, year=world.assessment.year, format="csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode("utf-8-sig").splitlines()[0].startswith("commune,commune_code,commune_name,year,period")


# The queries of one page, pinned: token, token use (3: savepoint, update, insert), the page and its prefetches.
# Assessments: the page, its criteria (3), values and appraisals (criteria.plain; evidence is not counted there).
PAGE_QUERIES = {
    "api:assessment-list": 14,
    "api:work-list": 11,
    "api:unit-list": 13,
    "api:task-list": 9,
    "api:criteria-set-list": 11,
    "api:money-list": 10,
}


@pytest.mark.parametrize("name", sorted(PAGE_QUERIES))
def test_a_list_page_costs_the_same_queries_whatever_its_size(name, world, office, django_assert_num_queries):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token(office)}")
    client.get(reverse(name), {"page_size": 2})  # the content types and the like are cached after a first request
    for size in (1, 2) if name == "api:money-list" else (2, 3):  # the seed: three assessments, two money rows
        with django_assert_num_queries(PAGE_QUERIES[name]):
            answer = client.get(reverse(name), {"page_size": size})
        assert len(answer.json()["results"]) == size


def test_the_token_page_shows_a_new_token_once_and_revokes_only_the_users_own(client, official, other_official):
    client.force_login(official)
    page = client.post(reverse("api:tokens"), {"name": "bản đồ", "days": "90"}).content.decode()
    saved = ApiToken.objects.get(user=official, name="bản đồ")
    raw = next(word.split('"')[1] for word in page.split("value=") if word.startswith('"ntm_'))
    assert hash_of(raw) == saved.key_hash
    assert raw not in client.get(reverse("api:tokens")).content.decode()
    again = client.post(reverse("api:tokens"), {"name": "bản đồ", "days": "90"})
    assert again.status_code == 200 and again.context["form"].errors["name"]
    neighbour = ApiToken.objects.get(key_hash=hash_of(token(other_official)))
    assert client.post(reverse("api:token_revoke", args=[neighbour.pk])).status_code == 404
    client.post(reverse("api:token_revoke", args=[saved.pk]))
    saved.refresh_from_db()
    neighbour.refresh_from_db()
    assert saved.is_revoked and not neighbour.is_revoked


def test_an_error_says_it_in_vietnamese_and_in_english(office):
    body = get(office, reverse("api:work-list"), colour="red").json()
    assert body["detail"].startswith("Tham số không được hỗ trợ: colour.")
    assert body["detail_en"].startswith("Parameters not supported: colour.")
    body = Client().get(reverse("api:work-list"), HTTP_AUTHORIZATION="Bearer ntm_khong-co").json()
    assert (body["detail"], body["detail_en"]) == ("Mã truy cập không đúng.", "The access token is not valid.")
