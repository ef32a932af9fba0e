"""Every URL of the project, asked by every role of the cast and by an anonymous visitor, GET and POST.

The table below is the reviewed answer for each named URL: who may read, who may write, who must not
even learn that the record exists. A URL added to the project without an entry here fails
`test_every_url_of_the_project_has_a_reviewed_entry`. Each request runs in a savepoint rolled back
afterwards, so every role meets the same data; the rows of every model are counted before and after,
and a refused request (login redirect, 403, 404, 405) must leave every count as it was, while an allowed
write that adds or removes rows must also add to the audit log. Nobody outside
Quảng Giao (anonymous, the neighbouring official, the other province, a user without a unit) may read its
name or its records' names on any HTML answer, refusals and empty lists included.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dossiers.tests import records as dossier_records
from jobs.tests import records as job_records

from .conftest import row_counts

ROLES = (
    "anonymous",
    "official",
    "former_official",
    "other_official",
    "steering",
    "coordinator",
    "office",
    "outsider",
    "administrator",
    "no_unit_user",
)
LOGIN = "redirect to login"
REDIRECT = "redirect"  # 302 somewhere else than the login page
ALLOWED = "allowed"  # a write that is let through: 200 (form shown again) or 302 (saved, redirected)
REFUSED = {LOGIN, 403, 404, 405}
AUDIT_TABLE = "core_auditentry"
OUTSIDE_QUANG_GIAO = {"anonymous", "other_official", "outsider", "no_unit_user"}
SKIPPED_PREFIXES = ("admin/", "i18n/", "static/")


def each(value, **overrides) -> dict:
    """`value` for every signed-in role, the login redirect for the anonymous visitor, then the overrides."""
    answers = {role: value for role in ROLES}
    answers["anonymous"] = LOGIN
    answers.update(overrides)
    return answers


# The answers that recur. A Quảng Giao record: its readers are the commune's official and steering
# committee, the coordination offices above it and the administrator; nobody else may learn it exists.
# Since 1/7/2025 "official" and "steering" are phường Nam Sầm Sơn's, which continues Quảng Giao's records;
# "former_official" is Quảng Giao's own, who reads its history only (docs/adr/0092). "coordinator" is the
# office of the ended district of Quảng Xương (reads only); "office" is the province's, the office above
# every commune since then: it reads all of Thanh Hóa, takes up, returns, approves and appraises.
READ = each(404, official=200, former_official=200, steering=200, coordinator=200, office=200, administrator=200)
READERS_ONLY = {"former_official": 403, "steering": 403, "coordinator": 403, "office": 403}
# A Quảng Giao write: officials and administrators may; read-only roles get 403; the others 404.
WRITE_FORM = each(404, official=200, administrator=200, **READERS_ONLY)
WRITE = each(404, official=ALLOWED, administrator=ALLOWED, **READERS_ONLY)
# A step of the loop (criteria.review.TRANSITIONS) by those whose role takes it, 403 for the commune's
# other readers. The matrix's assessment is a draft with values missing: a submission is refused with the
# list of what is missing, and any other step with a message about the state (a redirect back to the
# assessment page, nothing written), so the answer is a redirect whatever the step.
COMMUNE_STEP = each(
    404, steering=REDIRECT, administrator=REDIRECT, official=403, former_official=403, coordinator=403, office=403
)
# The office's steps, and its comment or appraisal of an indicator (refused with a message in a draft).
READERS_ONLY_BUT_OFFICE = {role: answer for role, answer in READERS_ONLY.items() if role != "office"}
OFFICE_STEP = each(404, office=REDIRECT, administrator=REDIRECT, official=403, **READERS_ONLY_BUT_OFFICE)
POST_ONLY = each(405)
OWNER_ONLY = each(404, official=200)  # a job (jobs/): its owner, the official, and nobody else
READ_ONLY = each(405)  # the POST of a read-only page (require_safe): 405 for every signed-in role
EVERYONE = each(200)  # lists and catalogues: each role sees its own scope (possibly empty)
# An address of an earlier release (ntm_portal/legacy.py): a permanent redirect for everybody, the anonymous
# visitor included (it leads to a page that asks for a login); 308 keeps a POST a POST.
# The read API answers the anonymous visitor 401 (JSON), not a login redirect.
API_LIST = each(200, anonymous=401)
API_LIST_NEEDS_YEAR = each(400, anonymous=401)  # the national export without ?year= is a 400 for everyone
API_READ = {**READ, "anonymous": 401}
API_READ_ONLY = each(405, anonymous=401)
MOVED_GET = each(301, anonymous=301)
MOVED_POST = each(308, anonymous=308)


def dossier_key(world):
    return [world.quang_giao.pk, dossier_records.YEAR, dossier_records.LEVEL]


@dataclass(frozen=True)
class Route:
    args: Callable  # world -> URL arguments
    get: dict
    post: dict


def no_args(world):
    return []


ROUTES: dict[str, Route] = {
    # core
    "home": Route(no_args, each(REDIRECT, no_unit_user=403), READ_ONLY),
    "health": Route(no_args, each(200, anonymous=200), each(405, anonymous=405)),
    "audit_list": Route(no_args, EVERYONE, READ_ONLY),
    # what waits for each user (criteria.inbox): everyone signed in, each his own (possibly empty) list
    "inbox": Route(no_args, EVERYONE, READ_ONLY),
    "media_file": Route(lambda w: [w.photo.image.name], READ, READ_ONLY),
    # accounts (Django's views; the login page and password reset are open to everybody)
    "login": Route(no_args, each(200, anonymous=200), each(200, anonymous=200)),
    "logout": Route(no_args, each(405), each(REDIRECT)),
    "password_change": Route(no_args, EVERYONE, EVERYONE),
    "password_change_done": Route(no_args, EVERYONE, each(405)),
    "password_reset": Route(no_args, each(200, anonymous=200), each(200, anonymous=200)),
    "password_reset_done": Route(no_args, each(200, anonymous=200), each(405, anonymous=405)),
    "password_reset_confirm": Route(
        lambda w: ["MQ", "khong-hop-le"], each(200, anonymous=200), each(200, anonymous=200)
    ),
    "password_reset_complete": Route(no_args, each(200, anonymous=200), each(405, anonymous=405)),
    # units
    "units:list": Route(no_args, EVERYONE, READ_ONLY),
    "units:detail": Route(lambda w: [w.quang_giao.pk], READ, READ_ONLY),
    # criteria: the sets are a national/provincial catalogue everybody reads; only administrators import
    "criteria:sets": Route(no_args, EVERYONE, READ_ONLY),
    "criteria:set": Route(lambda w: [w.assessment.criteria_set_id], EVERYONE, READ_ONLY),
    "criteria:set_export": Route(lambda w: [w.assessment.criteria_set_id], EVERYONE, READ_ONLY),
    "criteria:set_import": Route(
        lambda w: [w.assessment.criteria_set_id], each(403, administrator=200), each(403, administrator=ALLOWED)
    ),
    "criteria:unit": Route(lambda w: [w.quang_giao.pk], READ, READ_ONLY),
    "criteria:assessment_create": Route(lambda w: [w.quang_giao.pk], POST_ONLY, WRITE),
    "criteria:history": Route(lambda w: [w.quang_giao.pk], READ, READ_ONLY),
    "criteria:villages": Route(lambda w: [w.quang_giao.pk], READ, READ_ONLY),
    "criteria:ocop": Route(lambda w: [w.quang_giao.pk], READ, READ_ONLY),
    "criteria:ocop_create": Route(lambda w: [w.quang_giao.pk], WRITE_FORM, WRITE),
    "criteria:ocop_edit": Route(lambda w: [w.quang_giao.pk, w.ocop.pk], WRITE_FORM, WRITE),
    "criteria:ocop_delete": Route(lambda w: [w.quang_giao.pk, w.ocop.pk], POST_ONLY, WRITE),
    "criteria:assessment": Route(lambda w: [w.assessment.pk], READ, READ_ONLY),
    "criteria:group": Route(lambda w: [w.assessment.pk, 1], READ, READ_ONLY),
    "criteria:gaps": Route(lambda w: [w.assessment.pk], READ, READ_ONLY),
    "criteria:indicator_save": Route(lambda w: [w.assessment.pk, w.indicator.pk], POST_ONLY, WRITE),
    "criteria:evidence_upload": Route(lambda w: [w.value.pk], POST_ONLY, WRITE),
    "criteria:evidence": Route(lambda w: [w.evidence.pk], READ, READ_ONLY),
    "criteria:evidence_delete": Route(lambda w: [w.evidence.pk], POST_ONLY, WRITE),
    # the loop (criteria.review): the office above the commune comments and appraises, the steering committee
    # submits, the office takes up, returns, approves and reopens; one address per step
    "criteria:indicator_comment": Route(lambda w: [w.assessment.pk, w.indicator.pk], POST_ONLY, OFFICE_STEP),
    "criteria:indicator_appraisal": Route(lambda w: [w.assessment.pk, w.indicator.pk], POST_ONLY, OFFICE_STEP),
    "criteria:transition_submit": Route(lambda w: [w.assessment.pk], POST_ONLY, COMMUNE_STEP),
    "criteria:transition_resubmit": Route(lambda w: [w.assessment.pk], POST_ONLY, COMMUNE_STEP),
    "criteria:transition_take_up": Route(lambda w: [w.assessment.pk], POST_ONLY, OFFICE_STEP),
    "criteria:transition_return": Route(lambda w: [w.assessment.pk], POST_ONLY, OFFICE_STEP),
    "criteria:transition_approve": Route(lambda w: [w.assessment.pk], POST_ONLY, OFFICE_STEP),
    "criteria:transition_reopen": Route(lambda w: [w.assessment.pk], POST_ONLY, OFFICE_STEP),
    "criteria:recognition_scan": Route(lambda w: [w.recognition.pk], READ, READ_ONLY),
    # The office records the decision once the year is approved; the world's assessment is a draft, so the
    # office and the administrator are sent back to it with a message; the commune's people may not (403).
    "criteria:recognition_create": Route(
        lambda w: [w.assessment.pk],
        each(404, office=REDIRECT, administrator=REDIRECT, official=403, **READERS_ONLY_BUT_OFFICE),
        each(404, office=REDIRECT, administrator=REDIRECT, official=403, **READERS_ONLY_BUT_OFFICE),
    ),
    # projects
    "projects:work_list": Route(no_args, EVERYONE, READ_ONLY),
    "projects:work_export": Route(no_args, EVERYONE, READ_ONLY),
    "projects:work_detail": Route(lambda w: [w.work.pk], READ, READ_ONLY),
    "projects:work_edit": Route(lambda w: [w.work.pk], WRITE_FORM, WRITE),
    "projects:progress_create": Route(lambda w: [w.work.pk], WRITE_FORM, WRITE),
    "projects:progress_quick": Route(lambda w: [w.work.pk], POST_ONLY, WRITE),
    "projects:work_create": Route(lambda w: [w.quang_giao.pk], WRITE_FORM, WRITE),
    # a commune's people go to their commune's plan; the others choose among the communes they see
    "projects:plan_home": Route(
        no_args,
        each(200, official=REDIRECT, former_official=REDIRECT, steering=REDIRECT, other_official=REDIRECT),
        READ_ONLY,
    ),
    "projects:plan": Route(lambda w: [w.quang_giao.pk, 2024], READ, READ_ONLY),
    "projects:task_create": Route(lambda w: [w.quang_giao.pk, 2024], WRITE_FORM, WRITE),
    "projects:task_edit": Route(lambda w: [w.task.pk], WRITE_FORM, WRITE),
    "projects:task_done": Route(lambda w: [w.task.pk], POST_ONLY, WRITE),
    "projects:task_delete": Route(lambda w: [w.task.pk], POST_ONLY, WRITE),
    "projects:import_template": Route(lambda w: ["works"], EVERYONE, READ_ONLY),
    "projects:import": Route(lambda w: [w.quang_giao.pk, "works"], WRITE_FORM, WRITE),
    "projects:import_confirm": Route(lambda w: [w.quang_giao.pk, "works"], POST_ONLY, WRITE),
    # funding: a commune's own people are taken to their commune's summary
    "funding:home": Route(
        no_args,
        each(200, official=REDIRECT, former_official=REDIRECT, steering=REDIRECT, other_official=REDIRECT),
        READ_ONLY,
    ),
    "funding:summary": Route(lambda w: [w.quang_giao.pk, 2023], READ, READ_ONLY),
    "funding:lines": Route(lambda w: [w.quang_giao.pk, 2023], READ, READ_ONLY),
    "funding:line_create": Route(lambda w: [w.quang_giao.pk], WRITE_FORM, WRITE),
    "funding:line_edit": Route(lambda w: [w.money_line.pk], WRITE_FORM, WRITE),
    "funding:line_delete": Route(lambda w: [w.money_line.pk], WRITE_FORM, WRITE),
    "funding:work_money": Route(lambda w: [w.work.pk], READ, READ_ONLY),
    "funding:export_summary": Route(lambda w: [w.quang_giao.pk, 2023], READ, READ_ONLY),
    "funding:export_lines": Route(lambda w: [w.quang_giao.pk, 2023], READ, READ_ONLY),
    "funding:import_template": Route(lambda w: [w.quang_giao.pk], READ, READ_ONLY),
    "funding:import": Route(lambda w: [w.quang_giao.pk], WRITE_FORM, WRITE),
    # reports: issuing is the steering committee's (and the administrator's), not the official's
    "reports:document_list": Route(no_args, EVERYONE, READ_ONLY),
    "reports:document_detail": Route(lambda w: [w.document.pk], READ, READ_ONLY),
    "reports:document_edit": Route(lambda w: [w.document.pk], WRITE_FORM, WRITE),
    "reports:document_issue": Route(
        lambda w: [w.document.pk],
        POST_ONLY,
        each(
            404,
            steering=ALLOWED,
            administrator=ALLOWED,
            official=403,
            former_official=403,
            coordinator=403,
            office=403,
        ),
    ),
    # the current rendering as HTML (each PDF takes seconds; the browser journey downloads and reads a PDF)
    "reports:document_download": Route(lambda w: [w.document.pk, "html"], READ, READ_ONLY),
    "reports:year_zip": Route(
        lambda w: [2024],
        each(REDIRECT, official=200, former_official=200, steering=200, coordinator=200, office=200, administrator=200),
        READ_ONLY,
    ),
    "reports:document_create": Route(lambda w: [w.quang_giao.pk], POST_ONLY, WRITE),
    "reports:issued_download": Route(lambda w: [w.issued.pk], READ, READ_ONLY),
    "reports:dashboard_home": Route(no_args, each(REDIRECT), READ_ONLY),
    "reports:dashboard_area": Route(no_args, EVERYONE, READ_ONLY),
    # the dashboard's map: each role's own area; 404 for those who see no commune (no map of nothing)
    "reports:dashboard_area_map": Route(no_args, each(200, outsider=404, no_unit_user=404), READ_ONLY),
    "reports:dashboard_area_export": Route(no_args, EVERYONE, READ_ONLY),
    "reports:dashboard_area_pdf": Route(no_args, EVERYONE, READ_ONLY),
    "reports:dashboard_commune": Route(lambda w: [w.quang_giao.pk], READ, READ_ONLY),
    "reports:dashboard_commune_pdf": Route(lambda w: [w.quang_giao.pk], READ, READ_ONLY),
    # dossiers: the recognition dossier of Quảng Giao, 2024, NTM nâng cao; its official writes, its readers read
    "dossiers:dossier": Route(lambda w: dossier_key(w), READ, READ_ONLY),
    "dossiers:texts": Route(lambda w: dossier_key(w), WRITE_FORM, WRITE),
    "dossiers:upload": Route(lambda w: [*dossier_key(w), dossier_records.upload_item().pk], POST_ONLY, WRITE),
    "dossiers:posting_add": Route(lambda w: dossier_key(w), POST_ONLY, WRITE),
    "dossiers:survey": Route(lambda w: dossier_key(w), POST_ONLY, WRITE),
    "dossiers:document": Route(lambda w: [*dossier_key(w), "request_letter"], READ, READ_ONLY),
    "dossiers:download": Route(lambda w: dossier_key(w), READ, READ_ONLY),
    "dossiers:file": Route(lambda w: [dossier_records.dossier_file(w).pk], READ, READ_ONLY),
    "dossiers:file_delete": Route(lambda w: [dossier_records.dossier_file(w).pk], POST_ONLY, WRITE),
    "dossiers:posting_delete": Route(lambda w: [dossier_records.posting(w).pk], POST_ONLY, WRITE),
    # jobs: a job and its file are its owner's (the official here) alone; everybody else gets 404
    "jobs:list": Route(no_args, EVERYONE, READ_ONLY),
    "jobs:detail": Route(lambda w: [job_records.done_job().pk], OWNER_ONLY, READ_ONLY),
    "jobs:download": Route(lambda w: [job_records.done_job().pk], OWNER_ONLY, READ_ONLY),
    "jobs:retry": Route(lambda w: [job_records.failed_job().pk], POST_ONLY, each(404, official=REDIRECT)),
    # the read API (docs/adr/0100): the session works as a token does; no login page for a machine, a 401; lists
    # are scoped (possibly empty), another commune's record is a 404; nothing is written (405)
    **{
        f"api:{name}-list": Route(no_args, API_LIST, API_READ_ONLY)
        for name in ("unit", "period", "criteria-set", "assessment", "recognition", "work", "task", "money")
    },
    **{f"api:{name}-list": Route(no_args, API_LIST, API_READ_ONLY) for name in ("document", "area-summary")},
    "api:indicator-export-list": Route(lambda w: [], API_LIST_NEEDS_YEAR, API_READ_ONLY),
    "api:unit-detail": Route(lambda w: [w.quang_giao.pk], API_READ, API_READ_ONLY),
    "api:assessment-detail": Route(lambda w: [w.assessment.pk], API_READ, API_READ_ONLY),
    "api:recognition-detail": Route(lambda w: [w.recognition.pk], API_READ, API_READ_ONLY),
    "api:work-detail": Route(lambda w: [w.work.pk], API_READ, API_READ_ONLY),
    "api:task-detail": Route(lambda w: [w.task.pk], API_READ, API_READ_ONLY),
    "api:document-detail": Route(lambda w: [w.issued.pk], API_READ, API_READ_ONLY),
    "api:period-detail": Route(lambda w: [w.assessment.criteria_set.period_id], API_LIST, API_READ_ONLY),
    "api:criteria-set-detail": Route(lambda w: [w.assessment.criteria_set_id], API_LIST, API_READ_ONLY),
    # the schema and its docs page describe the API, not the portal's data: open to everybody
    "api:schema": Route(no_args, each(200, anonymous=200), each(405, anonymous=405)),
    "api:docs": Route(no_args, each(200, anonymous=200), each(405, anonymous=405)),
    # each user's own API tokens (api.pages): every signed-in user makes and revokes his own; an empty form is shown
    # again; nobody revokes another person's token (the id of no token of his: 404)
    "api:tokens": Route(no_args, EVERYONE, each(ALLOWED)),
    "api:token_revoke": Route(lambda w: [0], each(405), each(404)),
    # any other address under /api/: a JSON 404 for everybody
    "api:unknown": Route(lambda w: ["v1/khong-co/"], each(404, anonymous=404), each(405, anonymous=405)),
    # old addresses (Vietnamese paths of funding until December 2026), each redirecting to today's
    "old:funding_summary": Route(lambda w: [w.quang_giao.pk, 2023], MOVED_GET, MOVED_POST),
    "old:funding_lines": Route(lambda w: [w.quang_giao.pk, 2023], MOVED_GET, MOVED_POST),
    "old:funding_line_create": Route(lambda w: [w.quang_giao.pk], MOVED_GET, MOVED_POST),
    "old:funding_line_edit": Route(lambda w: [w.money_line.pk], MOVED_GET, MOVED_POST),
    "old:funding_line_delete": Route(lambda w: [w.money_line.pk], MOVED_GET, MOVED_POST),
    "old:funding_work_money": Route(lambda w: [w.work.pk], MOVED_GET, MOVED_POST),
    "old:funding_export_summary": Route(lambda w: [w.quang_giao.pk, 2023], MOVED_GET, MOVED_POST),
    "old:funding_export_lines": Route(lambda w: [w.quang_giao.pk, 2023], MOVED_GET, MOVED_POST),
    "old:funding_import_template": Route(lambda w: [w.quang_giao.pk], MOVED_GET, MOVED_POST),
    "old:funding_import": Route(lambda w: [w.quang_giao.pk], MOVED_GET, MOVED_POST),
}


def project_url_names() -> list[str]:
    """Every URL pattern of the project (admin, static files and the language switch aside), by name."""
    names = []

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, route)
            elif isinstance(pattern, URLPattern):
                names.append(f"{namespace}{pattern.name}" if pattern.name else f"(sans nom) {route}")

    walk(get_resolver().url_patterns, "", "")
    return names


def test_every_url_of_the_project_has_a_reviewed_entry():
    names = project_url_names()  # "login" twice: the project's login page shadows django.contrib.auth's
    missing = sorted(set(names) - set(ROUTES))
    stale = sorted(set(ROUTES) - set(names))
    assert not missing, (
        f"URLs without an entry in the permission matrix (add one, with its expected answers): {missing}"
    )
    assert not stale, f"entries of the permission matrix for URLs that no longer exist: {stale}"


def test_the_matrix_covers_every_role_for_both_methods():
    for name, route in ROUTES.items():
        assert set(route.get) == set(ROLES) and set(route.post) == set(ROLES), name


@pytest.fixture
def cast(
    official, former_official, other_official, steering, coordinator, office, outsider, administrator, no_unit_user
):
    return {
        "anonymous": None,
        "official": official,
        "former_official": former_official,
        "other_official": other_official,
        "steering": steering,
        "coordinator": coordinator,
        "office": office,
        "outsider": outsider,
        "administrator": administrator,
        "no_unit_user": no_unit_user,
    }


@dataclass
class Answer:
    status: object  # the status code, or the exception a 500 would have been
    location: str = ""
    before: dict | None = None
    after: dict | None = None
    page: str = ""  # the text of an HTML answer


def ask(user, method: str, url: str) -> Answer:
    """One request in a savepoint rolled back afterwards, with the row counts before and after."""
    client = Client()
    if user is not None:
        client.force_login(user)
    try:
        with transaction.atomic():
            before = row_counts()
            response = getattr(client, method)(url)
            after = row_counts()
            transaction.set_rollback(True)
    except Exception as error:  # a 500: reported as a mismatch, never as a pass
        return Answer(f"{type(error).__name__}: {error}")
    html = response.get("Content-Type", "").startswith("text/html") and not response.streaming
    page = response.content.decode() if html else ""
    return Answer(response.status_code, response.get("Location", ""), before, after, page)


def verdict(status, location: str):
    """The answer as the table spells it."""
    if status == 302:
        return LOGIN if location.startswith(reverse("login") + "?") else REDIRECT
    return status


def matches(expected, got) -> bool:
    if expected == ALLOWED:
        return got in (200, REDIRECT)
    return expected == got


def unaudited_change(before: dict, after: dict) -> bool:
    """Rows were added or removed (an allowed write) but the audit log did not grow."""
    changed = [table for table in before if before[table] != after[table] and table != AUDIT_TABLE]
    return bool(changed) and after[AUDIT_TABLE] <= before[AUDIT_TABLE]


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_role_gets_its_expected_answer_and_refusals_change_nothing(name, world, cast):
    route = ROUTES[name]
    url = reverse(name, args=route.args(world))
    # What only Quảng Giao's readers may learn: no page (not even a 404 or an empty list) may show it to others.
    secrets = ["Quảng Giao", world.work.name, world.work.code, world.ocop.name]
    problems = []
    for method in ("get", "post"):
        expected_answers = route.get if method == "get" else route.post
        for role in ROLES:
            answer = ask(cast[role], method, url)
            got = verdict(answer.status, answer.location)
            expected = expected_answers[role]
            before, after = answer.before, answer.after
            if not matches(expected, got):
                problems.append(f"{method.upper()} {url} as {role}: expected {expected}, got {got} {answer.location}")
            elif (got in REFUSED or method == "get") and before != after:
                changed = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
                problems.append(f"{method.upper()} {url} as {role} ({got}) changed rows: {changed}")
            if before and after and unaudited_change(before, after):
                problems.append(f"{method.upper()} {url} as {role} ({got}) changed rows without an audit entry")
            if role in OUTSIDE_QUANG_GIAO:
                leaked = [secret for secret in secrets if secret in answer.page]
                if leaked:
                    problems.append(f"{method.upper()} {url} as {role} ({got}) shows {leaked}")
    assert not problems, "\n".join(problems)
