"""Addresses of earlier releases keep answering, by a permanent redirect to today's (ADR 0007).

One mechanism, driven by a table (the project's is `ntm_portal/legacy.py`), never by code in a view:

- `moved(route, name, old_query)`: a URL pattern for an old path that redirects to the URL named `name`,
  with the same arguments;
- `OldQueryMiddleware`: a request with an old query parameter (or an old value of one) is redirected to the
  same page with today's names.

Every other parameter is kept. GET and HEAD get 301; any other method gets 308, which keeps the method
and the body, so a form loaded from an old address before the change still reaches its view (whose own
checks then apply). The redirect reveals nothing: it answers the anonymous visitor too, and the page it
leads to asks for a login.
"""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect, QueryDict
from django.urls import Resolver404, path, resolve, reverse
from django.views import View

SAFE_METHODS = ("GET", "HEAD")


class HttpResponsePermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308


def permanent_redirect(request, url: str) -> HttpResponsePermanentRedirect:
    if request.method in SAFE_METHODS:
        return HttpResponsePermanentRedirect(url)
    return HttpResponsePermanentRedirectKeepingMethod(url)


@dataclass(frozen=True)
class OldQuery:
    """Old query parameters and values, and the parameter values that became an address of their own."""

    parameters: dict[str, str] = field(default_factory=dict)  # old name → today's name
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # today's name → {old value → today's}
    # (URL name, today's parameter, value) → the URL name that answers it now (the parameter is dropped)
    addresses: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def renamed(self, query: QueryDict) -> QueryDict:
        """`query` with today's names and values (a descending sort "-name" keeps its minus)."""
        result = QueryDict(mutable=True)
        for key, values in query.lists():
            name = self.parameters.get(key, key)
            result.setlist(name, result.getlist(name) + [self._value(name, value) for value in values])
        return result

    def _value(self, name: str, value: str) -> str:
        table = self.values.get(name, {})
        if value in table:
            return table[value]
        if value.startswith("-") and value[1:] in table:
            return "-" + table[value[1:]]
        return value

    def target(self, url: str, query: QueryDict, path_info: str | None = None) -> str | None:
        """Today's address for `url` + `query`, or None when nothing in them is old."""
        new_query = self.renamed(query)
        new_url = self._address(path_info or url, new_query)
        if new_url is None and new_query == query:
            return None
        url = new_url or url
        return f"{url}?{new_query.urlencode()}" if new_query else url

    def _address(self, path_info: str, query: QueryDict) -> str | None:
        """The address that now answers one of the query's values (removed from `query`), if any."""
        if not any(query.get(parameter) == value for _name, parameter, value in self.addresses):
            return None
        try:
            match = resolve(path_info)
        except Resolver404:
            return None
        for (name, parameter, value), new_name in self.addresses.items():
            if match.view_name == name and query.get(parameter) == value:
                query.pop(parameter)
                return reverse(new_name, args=match.args, kwargs=match.kwargs)
        return None


class Moved(View):
    """The answer of an old path: a permanent redirect to `pattern_name`, with today's query parameters."""

    pattern_name = ""
    old_query = OldQuery()

    def dispatch(self, request, *args, **kwargs):
        url = reverse(self.pattern_name, args=args, kwargs=kwargs)
        target = self.old_query.target(url, request.GET)
        if target is None:
            target = f"{url}?{request.GET.urlencode()}" if request.GET else url
        return permanent_redirect(request, target)


def moved(route: str, name: str, old_query: OldQuery):
    """`route` (an old path, its arguments spelled as today's) redirects to the URL named `name`.

    The pattern is named after its target, "funding:summary" → "funding_summary" (include the patterns in
    one namespace, such as "old", so that the permission matrix reaches each of them).
    """
    view = login_not_required(Moved.as_view(pattern_name=name, old_query=old_query))
    return path(route, view, name=name.replace(":", "_"))


class OldQueryMiddleware:
    """Redirects a request whose query holds an old parameter or value; `old_query` is set by a subclass."""

    old_query = OldQuery()

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS and request.GET:
            target = self.old_query.target(request.path, request.GET, request.path_info)
            if target is not None and not _is_moved(request.path_info):  # an old path: one redirect does both
                return permanent_redirect(request, target)
        return self.get_response(request)


def _is_moved(path_info: str) -> bool:
    try:
        return getattr(resolve(path_info).func, "view_class", None) is Moved
    except Resolver404:
        return False
