"""Dutch unless the user chose otherwise."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import check_for_language


class DutchByDefaultMiddleware:
    """Pages speak Dutch unless the user picked another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a Dutch
    professional with an English laptop would get English pages. The API does follow
    Accept-Language (clients ask for what they parse).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        elif chosen and check_for_language(chosen):
            language = chosen
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
