"""The API's renderers: JSON by orjson with REST framework's bytes, and CSV for the national export (a spreadsheet
opens it: UTF-8 with a byte-order mark)."""

import csv
import io
import re

import orjson
from rest_framework.renderers import BaseRenderer, JSONRenderer

# What orjson would write otherwise than REST framework's encoder (date-times, dataclasses, subclasses of the
# built-in types) goes to that encoder's `default`; keys that are not strings become strings, as `json` makes them.
ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS
# U+2028 and U+2029 in UTF-8, escaped as REST framework does (JSON that is also JavaScript): one scan of the answer,
# where `bytes.replace` twice took ten times as long on a page's Vietnamese text.
SEPARATORS = re.compile(b"\xe2\x80[\xa8\xa9]")
ESCAPED = {"\u2028".encode(): b"\\u2028", "\u2029".encode(): b"\\u2029"}


class FastJSONRenderer(JSONRenderer):
    """REST framework's compact JSON, the same bytes, written by orjson: a page of 100 assessments is some 2.6 MB,
    which `json` took 12-30 ms to write (docs/PERFORMANCE.md). An indented answer, an ASCII-only setting or a value
    orjson refuses (an integer past 64 bits) is left to REST framework's renderer. Where floats differ (the API has
    none: its decimals are strings): one under 1e-4 is written "1e-7", not "1e-07", and NaN, which REST framework
    refuses, is written null."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None or self.ensure_ascii or not self.compact:
            return super().render(data, accepted_media_type, renderer_context)
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            text = orjson.dumps(data, default=self.encoder_class().default, option=ORJSON_OPTIONS)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        return SEPARATORS.sub(lambda match: ESCAPED[match[0]], text)


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        view = (renderer_context or {}).get("view")
        columns = list(rows[0]) if rows else list(view.get_serializer().fields) if view else []
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
