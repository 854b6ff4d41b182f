from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info

from .models import layout_office
from .permissions import is_office_staff

# The addresses the layout's navigation links to on every page (header, footer, the staff area's tabs), by the
# name templates use: `{{ layout_urls.home }}`. None takes arguments.
LAYOUT_URL_NAMES = {
    "home": "home",
    "login": "login",
    "logout": "logout",
    "impressum": "impressum",
    "privacy": "privacy",
    "accessibility": "accessibility",
    "consultations": "consultations:days",
    "events": "events:list",
    "member_home": "committees:member_home",
    "staff_home": "staff_home",
    "events_staff": "events_staff:list",
    "companies_directory": "companies:directory",
    "companies_dashboard": "companies:dashboard",
    "companies_coverage": "companies:coverage",
    "companies_follow_ups": "companies:my_follow_ups",
    "companies_networks": "companies:network_list",
    "companies_introductions": "companies:introduction_list",
    "companies_obstacles": "companies:obstacle_list",
    "companies_import": "companies:import",
    "companies_topics": "admin:companies_topic_changelist",
    "companies_occupations": "admin:companies_trainingoccupation_changelist",
    "answers": "answers:list",
}


def site(request):
    """The office for header and footer (loaded only if a template uses it), the staff flag, the layout's links and
    the links to this page in the other languages."""
    return {
        "office": SimpleLazyObject(layout_office),
        "is_office_staff": is_office_staff(request.user) if hasattr(request, "user") else False,
        "layout_urls": layout_urls(),
        "language_links": SimpleLazyObject(lambda: _language_links(request)),
    }


def layout_urls() -> dict[str, str]:
    """The layout's links in the active language: reversed once per process and language, not twenty times on
    every page (measured: a sixth of a staff page's template time went into `{% url %}`)."""
    return _reversed(get_language(), get_script_prefix(), get_urlconf())


@lru_cache(maxsize=32)
def _reversed(language: str | None, script_prefix: str, urlconf: str | None) -> dict[str, str]:
    # The arguments are the key: reverse() depends on each of them (the language through i18n_patterns).
    return {key: reverse(name, urlconf=urlconf) for key, name in LAYOUT_URL_NAMES.items()}


def _language_links(request) -> list[dict]:
    """This page in the other languages, for the switch in the header: plain links (the language is in the URL)."""
    current = get_language()
    return [{"code": code, "name": get_language_info(code)["name_local"],
             "url": translate_url(request.get_full_path(), code)}
            for code, _name in settings.LANGUAGES if code != current]
