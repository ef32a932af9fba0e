"""The files of the pinned package `vietnamadminunits`: where they are, whether they are the version and shape the
loader was written for, and their rows (opened read-only with sqlite3; the package's parsers are never imported).
"""

import importlib.metadata
import importlib.util
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

PACKAGE = "vietnamadminunits"
PINNED_VERSION = "1.0.4"  # requirements.txt pins the same; a different version is refused

LEGACY_COLUMNS = {"provinceKey", "provinceShort", "provinceCode", "districtKey", "districtShort", "districtType"}
CURRENT_COLUMNS = {"provinceKey", "provinceShort", "province", "provinceCode", "wardKey", "wardShort", "wardType"}


class CatalogueError(Exception):
    """The catalogue cannot be read or does not fit: a message for the administrator, in Vietnamese."""


@dataclass
class Source:
    """The package's data directory and version, checked before anything is written."""

    data_dir: Path
    version: str

    @classmethod
    def installed(cls) -> "Source":
        spec = importlib.util.find_spec(PACKAGE)
        if spec is None or not spec.submodule_search_locations:
            raise CatalogueError(
                _("Chưa cài gói dữ liệu %(package)s (make setup cài theo requirements.txt).") % {"package": PACKAGE}
            )
        return cls(Path(spec.submodule_search_locations[0]) / "data", importlib.metadata.version(PACKAGE))

    def check(self):
        if self.version != PINNED_VERSION:
            raise CatalogueError(
                _(
                    "Gói dữ liệu %(package)s phiên bản %(found)s không phải phiên bản đã kiểm tra (%(pinned)s); cài "
                    "đúng phiên bản trong requirements.txt rồi nạp lại."
                )
                % {"package": PACKAGE, "found": self.version, "pinned": PINNED_VERSION}
            )
        for name in ("dataset.db", "converter_2025.json"):
            if not (self.data_dir / name).is_file():
                raise CatalogueError(
                    _("Thiếu tệp %(name)s trong dữ liệu danh mục %(dir)s.") % {"name": name, "dir": self.data_dir}
                )
        with self._connect() as connection:
            for table, columns in (("admin_units_legacy", LEGACY_COLUMNS), ("admin_units", CURRENT_COLUMNS)):
                found = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}  # nosec B608
                if not columns <= found:
                    raise CatalogueError(
                        _("Tệp danh mục không đúng định dạng: bảng %(table)s thiếu cột %(columns)s.")
                        % {"table": table, "columns": ", ".join(sorted(columns - found))}
                    )

    def _connect(self):
        connection = sqlite3.connect(f"file:{self.data_dir / 'dataset.db'}?mode=ro", uri=True)
        connection.row_factory = sqlite3.Row
        return connection

    def rows(self, table: str, province_keys) -> list[dict]:
        marks = ",".join("?" for _key in province_keys)
        sql = f"SELECT * FROM {table} WHERE provinceKey IN ({marks})"  # noqa: S608  # nosec B608: fixed names, bound keys
        with self._connect() as connection:
            return [dict(row) for row in connection.execute(sql, list(province_keys))]

    def mapping(self) -> dict:
        return json.loads((self.data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    def province_keys(self, name: str | None) -> list[str]:
        """The 34 current provinces' keys; one of them when `name` ("Thanh Hóa") is given."""
        with self._connect() as connection:
            rows = connection.execute("SELECT DISTINCT provinceKey, provinceShort FROM admin_units").fetchall()
        if name is None:
            return sorted(row["provinceKey"] for row in rows)
        matches = [row["provinceKey"] for row in rows if row["provinceShort"].casefold() == name.strip().casefold()]
        if not matches:
            raise CatalogueError(
                _("Không có tỉnh “%(name)s” trong danh mục 34 tỉnh, thành phố từ 01/7/2025.") % {"name": name}
            )
        return matches
