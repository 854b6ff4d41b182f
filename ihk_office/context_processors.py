from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info

from .models import layout_office
from .permissions import is_office_staff


def site(request):
    """The office for header and footer (loaded only if a template uses it), the staff flag and the links to this
    page in the other languages."""
    return {
        "office": SimpleLazyObject(layout_office),
        "is_office_staff": is_office_staff(request.user) if hasattr(request, "user") else False,
        "language_links": SimpleLazyObject(lambda: _language_links(request)),
    }


def _language_links(request) -> list[dict]:
    """This page in the other languages, for the switch in the header: plain links (the language is in the URL)."""
    current = get_language()
    return [{"code": code, "name": get_language_info(code)["name_local"],
             "url": translate_url(request.get_full_path(), code)}
            for code, _name in settings.LANGUAGES if code != current]
