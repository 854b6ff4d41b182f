from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from consultations.models import Slot

from ..factories import ConsultationDayFactory

BERLIN = ZoneInfo("Europe/Berlin")
# Thursday before the demo day: the office plans the 3 December 2026 day.
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=BERLIN)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def day(office, frozen):
    """3 December 2026, 13:00–17:00, eight slots with one place each."""
    from datetime import date

    return ConsultationDayFactory(office=office, date=date(2026, 12, 3))


@pytest.fixture
def slot(day) -> Slot:
    return day.slots.order_by("starts_at").first()


@pytest.fixture
def counting_cache(own_cache):
    """A cache that counts (the rate limits need one), also when the suite runs with CACHE_URL=dummycache://."""
    yield
