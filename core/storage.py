"""Static files storage for production: whitenoise's compressed, hashed files."""

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    def keep(pattern):
        return "sourceMappingURL" not in (pattern if isinstance(pattern, str) else pattern[0])

    return tuple((glob, tuple(filter(keep, rules))) for glob, rules in patterns)


class CompressedManifestStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's storage, leaving source-map comments alone.

    The vendored minified Bootstrap names a `.map` file we do not ship; Django's manifest storage would
    stop collectstatic on that dangling reference. Browsers only fetch maps with developer tools open.
    """

    patterns = _without_source_maps(HashedFilesMixin.patterns)
