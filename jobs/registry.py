"""The kinds of job. An app registers each kind once (in its AppConfig.ready), saying how to check that a user
may start it and how to make its file; the jobs app runs them without knowing what they make."""

from collections.abc import Callable
from dataclasses import dataclass

Progress = Callable[[int, int], None]  # (done, total)


class JobRefused(Exception):
    """The job cannot start (nothing to make); `message` is shown and the user is sent to `url`."""

    def __init__(self, message: str, url: str):
        super().__init__(message)
        self.message, self.url = message, url


@dataclass(frozen=True)
class JobKind:
    name: str
    # (user, parameters) -> (parameters as stored, title): raises Http404 for what the user may not see and
    # JobRefused when there is nothing to make; nothing is created then.
    prepare: Callable[[object, dict], tuple[dict, str]]
    # (user, parameters, progress) -> (file content, file name): checks the user's scope again (it may have
    # changed since the start) and calls progress(done, total) as it goes.
    run: Callable[[object, dict, Progress], tuple[bytes, str]]


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    KINDS[kind.name] = kind


def get(name: str) -> JobKind:
    return KINDS[name]
