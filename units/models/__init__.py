"""Administrative units over time and who belongs where (docs/adr/0004, 0090, 0092).

`naming` holds the levels, kinds and a unit's names over time; `tree` the units, their queries and the memberships;
`changes` the merges, splits, renames and moves, and the catalogue loads.
"""

from .changes import ChangeKind, UnitCatalogue, UnitChange
from .naming import DEFAULT_KIND, FULL_NAME, KINDS_OF_LEVEL, Kind, Level, NamedOverTime, year_end
from .tree import (
    AdministrativeUnit,
    AdministrativeUnitQuerySet,
    Membership,
    Role,
    ScopedQuerySet,
    UnitHistory,
    is_administrator,
    membership_of,
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
