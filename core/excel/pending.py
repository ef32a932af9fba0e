"""The uploaded file between the preview and the confirmation, kept one way for every import."""

import base64
import io
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from .workbook import read_xlsx

PREFIX = "import:"
MAX_AGE_SECONDS = 60 * 60  # a preview older than an hour is uploaded again


@dataclass
class PendingFile:
    content: bytes
    data: dict = field(default_factory=dict)  # what the preview found and the confirmation checks (versions)


class PendingImport:
    """A previewed file waiting for its confirmation, in the user's session under `import:<kind>:<scope>`.

    Only a file whose preview had no error is put; a new upload replaces it (`discard`), the confirmation
    takes it (read and removed, whatever the outcome), and one older than MAX_AGE_SECONDS is not given back.
    The session lives in the database, so nothing is left behind in media/ or in a process's memory.
    """

    def __init__(self, session, *, kind: str, scope):
        self.session = session
        self.key = f"{PREFIX}{kind}:{scope}"

    def put(self, content: bytes, **data) -> None:
        self._drop_expired()
        self.session[self.key] = {"at": time.time(), "content": base64.b64encode(content).decode("ascii"), **data}

    def preview(self, form, run):
        """Dry-run the valid upload `form`'s file with `run(dataset=…)` and return its ImportOutcome; a file
        without errors waits here for the confirmation. A file that cannot be read puts its message on the
        form (None is returned)."""
        content = form.cleaned_data["file"].read()
        try:
            outcome = run(dataset=read_xlsx(io.BytesIO(content)))
        except ValidationError as error:
            form.add_error("file", error)
            return None
        if outcome.ok:
            self.put(content, versions=outcome.versions)
        return outcome

    def take(self) -> PendingFile | None:
        """The waiting file, removed from the session; None if there is none or it expired."""
        stored = self.session.pop(self.key, None)
        if not stored or _expired(stored):
            return None
        content = base64.b64decode(stored.pop("content"))
        stored.pop("at")
        return PendingFile(content=content, data=stored)

    def discard(self) -> None:
        self.session.pop(self.key, None)

    def _drop_expired(self):
        # A session is not iterable; keys() is its way to list them.
        for key in [k for k in self.session.keys() if k.startswith(PREFIX)]:  # noqa: SIM118
            if _expired(self.session[key]):
                del self.session[key]


def _expired(stored) -> bool:
    return not isinstance(stored, dict) or time.time() - stored.get("at", 0) > MAX_AGE_SECONDS
