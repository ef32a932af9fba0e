from django.utils.functional import SimpleLazyObject

from .inbox import waiting_count


def inbox(request):
    """The number of assessments waiting for the user, for the navigation's badge (criteria.inbox): one COUNT
    query, run only when a page shows the badge; none for an anonymous visitor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"inbox_count": 0}
    return {"inbox_count": SimpleLazyObject(lambda: waiting_count(user))}
