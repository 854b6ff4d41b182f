"""Office.is_open_at and next_opening at the edges: times, weekends, NRW holidays, closures, zones, DST."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from ihk_office.models import OpeningHours, Weekday

from ..factories import ClosureFactory

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


# 23–26 November 2026 are Monday to Thursday, the 27th a Friday.
MON_TO_THU = [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)]
FRIDAY = date(2026, 11, 27)


@pytest.mark.parametrize("day", MON_TO_THU)
@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [(12, 59, False), (13, 0, True), (16, 59, True), (17, 0, False)],
)
def test_monday_to_thursday_open_from_13_until_just_before_17(office, day, hour, minute, expected):
    assert office.is_open_at(at(day, hour, minute)) is expected


@pytest.mark.parametrize(
    ("hour", "minute", "expected"), [(12, 59, False), (13, 0, True), (15, 29, True), (15, 30, False)]
)
def test_friday_closes_at_half_past_three(office, hour, minute, expected):
    assert office.is_open_at(at(FRIDAY, hour, minute)) is expected


@pytest.mark.parametrize(
    ("hour", "minute", "expected"), [(12, 59, False), (13, 0, True), (15, 29, True), (15, 30, False), (16, 0, False)]
)
def test_the_real_demo_office_closes_at_half_past_three_on_friday(db, hour, minute, expected):
    from ihk_office.demo import seed_office

    office = seed_office()  # the office seed_demo creates, with HATTINGEN_HOURS, not the test factory's
    assert office.is_open_at(at(FRIDAY, hour, minute)) is expected
    assert office.is_open_at(at(date(2026, 11, 26), 16, 30)) is True  # Thursday runs until 17:00


@pytest.mark.parametrize("day", [date(2026, 11, 28), date(2026, 11, 29)])
def test_weekends_are_closed(office, day):
    assert not any(office.is_open_at(at(day, hour)) for hour in range(24))


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 1, 1),  # Neujahr, a Thursday (a first Thursday!)
        date(2026, 4, 6),  # Ostermontag
        date(2026, 5, 14),  # Christi Himmelfahrt, always a Thursday
        date(2026, 6, 4),  # Fronleichnam, a Thursday and a holiday in NRW
        date(2026, 12, 25),  # Erster Weihnachtstag, a Friday
        date(2027, 11, 1),  # Allerheiligen, a Monday; a holiday in NRW
    ],
)
def test_nrw_public_holidays_close_the_office(office, holiday):
    assert not office.is_open_at(at(holiday, 14))
    assert office.closed_reason(holiday)


def test_a_holiday_of_another_state_does_not_close_it(office):
    # Reformationstag (31 October 2025, a Friday) is a holiday in Saxony, not in NRW.
    assert office.is_open_at(at(date(2025, 10, 31), 14))


def test_closures_close_every_day_of_their_range(office):
    ClosureFactory(office=office, start_date=date(2026, 11, 24), end_date=date(2026, 11, 25), reason="Fortbildung")
    office.refresh_from_db()
    assert office.is_open_at(at(date(2026, 11, 23), 14))
    assert not office.is_open_at(at(date(2026, 11, 24), 14))
    assert not office.is_open_at(at(date(2026, 11, 25), 14))
    assert office.is_open_at(at(date(2026, 11, 26), 14))
    assert office.closed_reason(date(2026, 11, 24)) == "Fortbildung"


@pytest.mark.parametrize(
    ("utc_moment", "expected"),
    [
        (datetime(2026, 11, 23, 11, 59, tzinfo=UTC), False),  # 12:59 CET
        (datetime(2026, 11, 23, 12, 0, tzinfo=UTC), True),  # 13:00 CET
        (datetime(2026, 11, 23, 15, 59, tzinfo=UTC), True),  # 16:59 CET
        (datetime(2026, 11, 23, 16, 0, tzinfo=UTC), False),  # 17:00 CET
        (datetime(2026, 7, 6, 10, 59, tzinfo=UTC), False),  # 12:59 CEST
        (datetime(2026, 7, 6, 11, 0, tzinfo=UTC), True),  # 13:00 CEST
        (datetime(2026, 7, 6, 14, 59, tzinfo=UTC), True),  # 16:59 CEST
        (datetime(2026, 7, 6, 15, 0, tzinfo=UTC), False),  # 17:00 CEST
    ],
)
def test_inputs_in_utc_are_read_as_local_time(office, utc_moment, expected):
    assert office.is_open_at(utc_moment) is expected


def test_inputs_in_other_time_zones_are_read_as_local_time(office):
    new_york = ZoneInfo("America/New_York")
    assert office.is_open_at(datetime(2026, 11, 23, 7, 0, tzinfo=new_york))  # 13:00 in Berlin
    assert not office.is_open_at(datetime(2026, 11, 23, 11, 0, tzinfo=new_york))  # 17:00 in Berlin


def test_the_days_the_clocks_change(office):
    # 29 March 2026: 02:00 CET becomes 03:00 CEST; 25 October 2026: 03:00 CEST becomes 02:00 CET.
    assert not office.is_open_at(datetime(2026, 3, 29, 1, 30, tzinfo=UTC))
    assert office.next_opening(datetime(2026, 3, 28, 20, 0, tzinfo=BERLIN)) == datetime(
        2026, 3, 30, 11, 0, tzinfo=UTC
    )
    assert office.is_open_at(datetime(2026, 3, 30, 11, 0, tzinfo=UTC))  # Monday 13:00 CEST
    assert not office.is_open_at(datetime(2026, 3, 30, 10, 59, tzinfo=UTC))
    assert office.next_opening(datetime(2026, 10, 24, 20, 0, tzinfo=BERLIN)) == datetime(
        2026, 10, 26, 12, 0, tzinfo=UTC
    )
    assert office.is_open_at(datetime(2026, 10, 26, 12, 0, tzinfo=UTC))  # Monday 13:00 CET
    assert not office.is_open_at(datetime(2026, 10, 26, 11, 59, tzinfo=UTC))


def test_naive_datetimes_are_refused(office):
    with pytest.raises(ValueError, match="aware"):
        office.is_open_at(datetime(2026, 11, 23, 14, 0))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(FRIDAY, 15, 30), at(date(2026, 11, 30), 13)),  # Friday closing → Monday
        (at(date(2026, 11, 23), 9), at(date(2026, 11, 23), 13)),  # Monday morning → same day
        (at(date(2026, 11, 23), 13), at(date(2026, 11, 24), 13)),  # strictly after the moment
        (at(date(2026, 12, 31), 17), at(date(2027, 1, 4), 13)),  # New Year's Day skipped
        (at(date(2026, 5, 13), 17), at(date(2026, 5, 15), 13)),  # Ascension Day skipped
    ],
)
def test_next_opening(office, moment, expected):
    assert office.next_opening(moment) == expected


def test_several_intervals_a_day(office):
    OpeningHours.objects.create(office=office, weekday=Weekday.SATURDAY, opens_at=time(9), closes_at=time(11))
    OpeningHours.objects.create(office=office, weekday=Weekday.SATURDAY, opens_at=time(12), closes_at=time(13))
    office.refresh_from_db()
    saturday = date(2026, 11, 28)
    assert office.is_open_at(at(saturday, 10))
    assert not office.is_open_at(at(saturday, 11, 30))
    assert office.is_open_at(at(saturday, 12, 30))
    assert office.next_opening(at(saturday, 11)) == at(saturday, 12)


def test_an_office_without_hours_never_opens(db):
    from ..factories import OfficeFactory

    empty = OfficeFactory(slug="witten", name="IHK-Regionalbüro Witten", hours=[])
    assert not empty.is_open_at(at(date(2026, 11, 23), 14))
    assert empty.next_opening(at(date(2026, 11, 23), 14)) is None


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (at(date(2026, 11, 23), 14), "jetzt geöffnet – bis 17:00 Uhr"),
        (at(FRIDAY, 14), "jetzt geöffnet – bis 15:30 Uhr"),
        (at(date(2026, 11, 23), 9), "geschlossen – öffnet heute um 13:00 Uhr"),
        (at(date(2026, 11, 23), 18), "geschlossen – öffnet morgen um 13:00 Uhr"),
        (at(date(2026, 11, 28), 10), "geschlossen – öffnet Montag um 13:00 Uhr"),
        (at(date(2026, 12, 23), 18), "geschlossen – öffnet morgen um 13:00 Uhr"),
    ],
)
def test_status_text(office, moment, text):
    assert office.status_at(moment).describe(moment) == text
