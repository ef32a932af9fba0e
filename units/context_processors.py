from .models import Role, is_administrator, membership_of


def membership(request):
    """The current user's membership and role flags, for the navigation."""
    current = membership_of(request.user)
    return {
        "membership": current,
        "is_administrator": is_administrator(request.user),
        "role_names": Role,
    }
