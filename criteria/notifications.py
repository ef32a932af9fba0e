"""E-mail to the people whose turn it is after a step of the loop (docs/adr/0019).

`transition_notify(step)` is called by `criteria.review.assessment_transition` inside its transaction: it
reads who now has something to do (`NOTIFY`: the office above the unit after a submission, the commune's
steering committee and officials after a return, a reopening or an approval; by the role checks of
`units.scoping`, administrators aside) and composes one message each, in Vietnamese, with an absolute link
built on `settings.PORTAL_BASE_URL`. The messages leave through Django's e-mail backend only once the
transaction commits (`transaction.on_commit`): a transition that is rolled back sends nothing, and a mail
server that fails is logged without undoing the committed transition (`robust=True`). People without an
e-mail address are skipped.
"""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.display import display_name
from units.models import Role
from units.reporting import label_in, load_names
from units.scoping import people_with_role_over

from .models import AssessmentTransition, TransitionAction

COMMUNE = (Role.STEERING, Role.OFFICIAL)
OFFICE = (Role.COORDINATOR,)


@dataclass(frozen=True)
class Notice:
    roles: tuple  # whose turn it now is
    subject: str  # %(unit)s, %(year)s
    todo: str


NOTIFY = {
    TransitionAction.SUBMIT: Notice(
        OFFICE,
        gettext_lazy("%(unit)s gửi bản tự đánh giá năm %(year)s để thẩm định"),
        gettext_lazy("Nhận thẩm định, rồi phê duyệt hoặc trả lại kèm lý do."),
    ),
    TransitionAction.RESUBMIT: Notice(
        OFFICE,
        gettext_lazy("%(unit)s gửi lại bản tự đánh giá năm %(year)s để thẩm định"),
        gettext_lazy("Nhận thẩm định lại, rồi phê duyệt hoặc trả lại kèm lý do."),
    ),
    TransitionAction.RETURN: Notice(
        COMMUNE,
        gettext_lazy("Bản tự đánh giá năm %(year)s của %(unit)s bị trả lại"),
        gettext_lazy(
            "Cán bộ xã sửa số liệu theo lý do và ý kiến của Văn phòng điều phối; Ban Chỉ đạo xã gửi lại để thẩm định."
        ),
    ),
    TransitionAction.REOPEN: Notice(
        COMMUNE,
        gettext_lazy("Bản tự đánh giá năm %(year)s của %(unit)s được mở lại để sửa"),
        gettext_lazy("Cán bộ xã sửa số liệu theo lý do mở lại; Ban Chỉ đạo xã gửi lại để thẩm định."),
    ),
    TransitionAction.APPROVE: Notice(
        COMMUNE,
        gettext_lazy("Bản tự đánh giá năm %(year)s của %(unit)s đã được phê duyệt"),
        gettext_lazy(
            "Không còn việc phải làm: số liệu của năm đã khóa. Muốn sửa phải đề nghị Văn phòng điều phối mở lại."
        ),
    ),
    # Taking an assessment up is the office's own step: nobody else has anything to do.
}


def recipients(step: AssessmentTransition) -> list[str]:
    """The e-mail addresses of the people whose turn it is after `step` (none for a step in `NOTIFY`'s gaps)."""
    notice = NOTIFY.get(step.action)
    if notice is None:
        return []
    people = people_with_role_over(step.assessment.unit, notice.roles)
    return sorted({person.email for person in people if person.email})


def transition_notify(step: AssessmentTransition) -> None:
    """Compose the e-mails of `step` now and send them once the current transaction commits."""
    addresses = recipients(step)
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _compose(step)
    messages = [EmailMessage(subject, body, to=[address]) for address in addresses]
    transaction.on_commit(partial(_send, messages), robust=True)


def _send(messages: list[EmailMessage]) -> None:
    get_connection().send_messages(messages)


def _compose(step: AssessmentTransition) -> tuple[str, str]:
    assessment, notice = step.assessment, NOTIFY[step.action]
    load_names([assessment.unit])
    unit = label_in(assessment.unit, assessment.year)
    subject = "[NTM Portal] " + notice.subject % {"unit": unit, "year": assessment.year}
    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse("criteria:assessment", args=[assessment.pk])
    lines = [
        _("Bản tự đánh giá năm %(year)s của %(unit)s theo %(set)s (%(level)s) vừa chuyển sang trạng thái “%(status)s”.")
        % {
            "year": assessment.year,
            "unit": unit,
            "set": assessment.criteria_set.name,
            "level": assessment.criteria_set.get_level_display(),
            "status": assessment.get_status_display(),
        },
        "",
        _("Thao tác: %(action)s, do %(who)s thực hiện lúc %(time)s ngày %(date)s.")
        % {
            "action": step.get_action_display(),
            "who": display_name(step.by),
            "time": f"{timezone.localtime(step.at):%H:%M}",
            "date": f"{timezone.localtime(step.at):%d/%m/%Y}",
        },
    ]
    if step.reason:
        lines.append(_("Lý do: %(reason)s") % {"reason": step.reason})
    lines += [
        _("Việc cần làm: %(todo)s") % {"todo": notice.todo},
        "",
        _("Mở bản tự đánh giá: %(link)s") % {"link": link},
        "",
        "-- ",
        _("Thư gửi tự động từ NTM Portal; xin đừng trả lời. Mọi việc đang chờ bạn có ở trang “Việc cần làm”: %(inbox)s")
        % {"inbox": settings.PORTAL_BASE_URL.rstrip("/") + reverse("inbox")},
    ]
    return subject, "\n".join(lines)
