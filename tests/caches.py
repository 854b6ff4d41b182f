"""Cold caches for tests that count what an uncached request costs."""

from django.core.cache import cache

from ihk_office import outbox
from ihk_office.models import forget_default_office


def clear_caches() -> None:
    """Empty the shared cache and this process's copy of the office (ihk_office.models.default_office), and
    forget a broker failure an earlier test caused (ihk_office.outbox.hand_off pauses after one)."""
    cache.clear()
    forget_default_office()
    outbox._Broker.failed_at = None
