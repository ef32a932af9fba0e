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
class Pieces:
    """How a kind's work divides into independent pieces, so that every worker of the queue takes some (the year
    zip's PDFs: one process made them one after another). Each callable checks the user's scope again."""

    # (user, parameters) -> the pieces' keys (short strings, in the order of the result)
    keys: Callable[[object, dict], list[str]]
    # (user, parameters, key) -> (name, content) of one piece
    make: Callable[[object, dict, str], tuple[str, bytes]]
    # (user, parameters, {name: content} of every piece, in the order of the keys) -> (file content, file name)
    join: Callable[[object, dict, dict[str, bytes]], tuple[bytes, str]]


@dataclass(frozen=True)
class JobKind:
    name: str
    # (user, parameters) -> (parameters as stored, title): raises Http404 for what the user may not see and
    # JobRefused when there is nothing to make; nothing is created then.
    prepare: Callable[[object, dict], tuple[dict, str]]
    # (user, parameters, progress) -> (file content, file name): checks the user's scope again (it may have
    # changed since the start) and calls progress(done, total) as it goes.
    run: Callable[[object, dict, Progress], tuple[bytes, str]]
    # With a queue, a kind that has pieces is made piece by piece, each a task of its own (`run` is then the
    # embedded default's way, in the web process).
    pieces: Pieces | None = None


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    KINDS[kind.name] = kind


def get(name: str) -> JobKind:
    return KINDS[name]
