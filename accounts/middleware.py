from django.conf import settings
from django.utils import translation


class PreferredLanguageMiddleware:
    """Speaks a signed-in person's preferred language unless they chose one in this browser.
    An address with ``?lang=sw`` (or ``en``) is always in that language: those are the
    ``hreflang`` alternates search engines are given; following one changes no preference.

    Runs after LocaleMiddleware (which reads the language cookie and the browser's
    Accept-Language) and after authentication.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        asked = request.GET.get("lang")
        if asked in dict(settings.LANGUAGES):
            translation.activate(asked)
            request.LANGUAGE_CODE = translation.get_language()
        elif (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.preferred_language != request.LANGUAGE_CODE
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
