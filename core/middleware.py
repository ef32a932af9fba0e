from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Vietnamese unless the user chose English with the switch (its cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most office
    computers in Vietnam run an English browser; the portal must still open in Vietnamese.
    The language is the request's alone: after the response the thread is back to the default, so
    whatever runs next in it (a job, a command, the next test) does not speak the last visitor's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY as the Content-Security-Policy header.

    Django 5.2 has no CSP support of its own. Scripts come only from our static files (no inline
    <script>, no event-handler attributes, no eval), so injected markup cannot run. A view that
    sets its own header (protected media files do) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", {})
        self.header = "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Content-Security-Policy", self.header)
        return response
