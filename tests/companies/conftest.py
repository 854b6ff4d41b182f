"""Shared data of the companies tests."""

from datetime import date

import pytest
import time_machine

from ..factories import CompanyFactory, TopicFactory, VisitFactory


@pytest.fixture
def frozen_day():
    """10 March 2026, 09:00 in Hattingen: the day the dashboard and coverage tests look from."""
    with time_machine.travel("2026-03-10 09:00 +01:00", tick=False):
        yield


@pytest.fixture
def three_companies(db):
    """Welper Werkzeugbau visited twice within twelve months (Breitband and Ausbildung, then Breitband), Ruhrblick
    Café visited once sixteen months back (Ausbildung), Nie Besucht KG never visited."""
    broadband, training = TopicFactory(name="Breitband"), TopicFactory(name="Ausbildung")
    welper = CompanyFactory(name="Welper Werkzeugbau", district="welper", wz_code="25.73")
    cafe = CompanyFactory(name="Ruhrblick Café", district="mitte", wz_code="56.10.2")
    CompanyFactory(name="Nie Besucht KG", district="mitte", wz_code="56.10.2")
    VisitFactory(company=welper, date=date(2025, 8, 1), topics=[broadband, training])
    VisitFactory(company=welper, date=date(2026, 2, 1), topics=[broadband])
    VisitFactory(company=cafe, date=date(2024, 11, 1), topics=[training])  # older than 12 months
