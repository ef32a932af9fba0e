"""The page where a user makes, sees and revokes his personal API tokens (his own only, nobody else's)."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .forms import ApiTokenForm
from .models import ApiToken
from .tokens import api_token_create, api_token_revoke


@require_http_methods(["GET", "POST"])
def token_list(request):
    """GET: the user's tokens and the form; POST: a new token, shown on this answer once and never again."""
    form = ApiTokenForm(request.POST or None)
    created = raw = None
    if request.method == "POST" and form.is_valid():
        try:
            created, raw = api_token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
            form = ApiTokenForm()
        except ValidationError as error:
            form.add_error("name", error.messages)
    tokens = ApiToken.objects.of(request.user)
    context = {"form": form, "tokens": tokens, "created": created, "raw": raw}
    return render(request, "api/tokens.html", context, status=200)


@require_POST
def token_revoke(request, pk):
    api_token_revoke(user=request.user, token=get_object_or_404(ApiToken.objects.of(request.user), pk=pk))
    return redirect("api:tokens")
