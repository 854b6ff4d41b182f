"""Cold caches for tests that count what an uncached request costs."""

from django.core.cache import cache

from ihk_office.models import forget_default_office


def clear_caches() -> None:
    """Empty the shared cache and this process's copy of the office (ihk_office.models.default_office)."""
    cache.clear()
    forget_default_office()
