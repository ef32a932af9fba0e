from .lineage import ending_of
from .models import Role, is_administrator, membership_of


def membership(request):
    """The current user's membership and role flags, for the navigation; and, when his own unit has ended
    (merged away), how it ended, for the banner that asks him to have his account moved (docs/adr/0092).
    The ending costs queries only for people of an ended unit."""
    current = membership_of(request.user)
    return {
        "membership": current,
        "is_administrator": is_administrator(request.user),
        "role_names": Role,
        "own_unit_ending": ending_of(current.unit) if current is not None else None,
    }
