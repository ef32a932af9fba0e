"""Administrative units over time and who belongs where (docs/adr/0004, 0090, 0092).

`tree` holds the units, their names over time and the memberships; `changes` the merges, splits, renames and
moves, and the catalogue loads.
"""

from .changes import ChangeKind, UnitCatalogue, UnitChange
from .tree import (
    DEFAULT_KIND,
    FULL_NAME,
    KINDS_OF_LEVEL,
    AdministrativeUnit,
    AdministrativeUnitQuerySet,
    Kind,
    Level,
    Membership,
    NamedOverTime,
    Role,
    ScopedQuerySet,
    UnitHistory,
    is_administrator,
    membership_of,
    year_end,
)

__all__ = [
    "DEFAULT_KIND",
    "FULL_NAME",
    "KINDS_OF_LEVEL",
    "AdministrativeUnit",
    "AdministrativeUnitQuerySet",
    "ChangeKind",
    "Kind",
    "Level",
    "Membership",
    "NamedOverTime",
    "Role",
    "ScopedQuerySet",
    "UnitCatalogue",
    "UnitChange",
    "UnitHistory",
    "is_administrator",
    "membership_of",
    "year_end",
]
