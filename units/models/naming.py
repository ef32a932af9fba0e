"""Levels and kinds of unit, and a unit's name and parent on a day (`NamedOverTime`, shared by the model and the
plain units an export reads in bulk)."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/Thành phố")
    DISTRICT = "district", _("Huyện/Thị xã")
    COMMUNE = "commune", _("Xã/Phường")
    VILLAGE = "village", _("Thôn/Bản")


class Kind(models.TextChoices):
    """The unit's type as the statistics office's list names it (a level holds several)."""

    PROVINCE = "tinh", _("Tỉnh")
    CENTRAL_CITY = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
    RURAL_DISTRICT = "huyen", _("Huyện")
    URBAN_DISTRICT = "quan", _("Quận")
    TOWN = "thi_xa", _("Thị xã")
    PROVINCIAL_CITY = "thanh_pho", _("Thành phố thuộc tỉnh")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")
    VILLAGE = "thon", _("Thôn/Bản")


# A unit's name with its type, as a sentence names it; villages carry "Thôn" in their name already.
FULL_NAME = {
    Kind.PROVINCE: _("tỉnh %(name)s"),
    Kind.CENTRAL_CITY: _("thành phố %(name)s"),
    Kind.RURAL_DISTRICT: _("huyện %(name)s"),
    Kind.URBAN_DISTRICT: _("quận %(name)s"),
    Kind.TOWN: _("thị xã %(name)s"),
    Kind.PROVINCIAL_CITY: _("thành phố %(name)s"),
    Kind.COMMUNE: _("xã %(name)s"),
    Kind.WARD: _("phường %(name)s"),
    Kind.TOWNSHIP: _("thị trấn %(name)s"),
    Kind.SPECIAL_ZONE: _("đặc khu %(name)s"),
    Kind.VILLAGE: "%(name)s",
}

# The type a unit of a level has when nobody said otherwise (the seed's units, the admin's quick adds).
DEFAULT_KIND = {
    Level.PROVINCE: Kind.PROVINCE,
    Level.DISTRICT: Kind.RURAL_DISTRICT,
    Level.COMMUNE: Kind.COMMUNE,
    Level.VILLAGE: Kind.VILLAGE,
}

KINDS_OF_LEVEL = {
    Level.PROVINCE: {Kind.PROVINCE, Kind.CENTRAL_CITY},
    Level.DISTRICT: {Kind.RURAL_DISTRICT, Kind.URBAN_DISTRICT, Kind.TOWN, Kind.PROVINCIAL_CITY},
    Level.COMMUNE: {Kind.COMMUNE, Kind.WARD, Kind.TOWNSHIP, Kind.SPECIAL_ZONE},
    Level.VILLAGE: {Kind.VILLAGE},
}


def year_end(year: int) -> datetime.date:
    """The day on which a year's units are read: a report for a year shows the units in force at its end."""
    return datetime.date(year, 12, 31)


class NamedOverTime:
    """A unit's name and parent on a day, from its history (`former()`: the entries of its earlier names and
    parents, each valid until the day a change took effect). The one statement of that rule, shared by the model and
    by the plain `units.reporting.NamedUnit` an export reads in bulk."""

    __slots__ = ()

    def former(self):
        raise NotImplementedError

    def _entry_on(self, day):
        """The history entry in force on `day` (the first to end after it), or None when the current one was."""
        earlier = [entry for entry in self.former() if entry.valid_until > day]
        return min(earlier, key=lambda entry: entry.valid_until) if earlier else None

    def name_on(self, day) -> str:
        """The name in force on `day`: reports for an earlier year show the name of that year."""
        entry = self._entry_on(day)
        return entry.name if entry else self.name

    def full_name_on(self, day) -> str:
        """The full name in force on `day` (None: today's): "xã Quảng Giao" in 2024 reports."""
        name = self.name if day is None else self.name_on(day)
        return str(FULL_NAME[self.kind or DEFAULT_KIND[self.level]]) % {"name": name}

    def parent_on(self, day):
        """The unit above on `day` (a commune under its district before 1 July 2025)."""
        entry = self._entry_on(day)
        return entry.parent if entry else self.parent
