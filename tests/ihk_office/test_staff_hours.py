"""Staff maintain the weekly hours and closures; bad input keeps what was typed and gives German errors."""

from datetime import date, time

from django.urls import reverse

from ihk_office.models import Closure, OpeningHours


def formset_data(office, rows):
    data = {"hours-TOTAL_FORMS": str(len(rows)), "hours-INITIAL_FORMS": str(office.opening_hours.count()),
            "hours-MIN_NUM_FORMS": "0", "hours-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"hours-{i}-{key}"] = value
    return data


def existing_rows(office):
    return [
        {"id": str(h.pk), "office": str(office.pk), "weekday": str(h.weekday),
         "opens_at": h.opens_at.strftime("%H:%M"), "closes_at": h.closes_at.strftime("%H:%M")}
        for h in office.opening_hours.order_by("weekday")
    ]


def test_staff_add_a_saturday_morning(staff_client, office):
    rows = existing_rows(office) + [{"weekday": "5", "opens_at": "09:00", "closes_at": "12:00"}]
    response = staff_client.post(reverse("office_hours"), formset_data(office, rows))
    assert response.status_code == 302
    assert OpeningHours.objects.filter(office=office, weekday=5, opens_at=time(9), closes_at=time(12)).exists()


def test_overlapping_hours_are_refused_with_a_german_message(staff_client, office):
    rows = existing_rows(office) + [{"weekday": "0", "opens_at": "16:00", "closes_at": "18:00"}]
    response = staff_client.post(reverse("office_hours"), formset_data(office, rows))
    assert response.status_code == 200
    assert "überschneiden sich" in response.content.decode()
    assert office.opening_hours.count() == 5


def test_an_end_before_the_start_is_refused(staff_client, office):
    rows = existing_rows(office) + [{"weekday": "5", "opens_at": "12:00", "closes_at": "09:00"}]
    response = staff_client.post(reverse("office_hours"), formset_data(office, rows))
    html = response.content.decode()
    assert "Das Ende muss nach dem Beginn liegen." in html
    assert 'value="12:00"' in html  # what was typed is still there


def test_staff_enter_and_delete_a_closure(staff_client, office):
    response = staff_client.post(
        reverse("closure_create"), {"start_date": "2026-12-28", "end_date": "2026-12-30", "reason": "Betriebsferien"}
    )
    assert response.status_code == 302
    closure = Closure.objects.get(office=office)
    assert closure.start_date == date(2026, 12, 28)
    staff_client.post(reverse("closure_delete", args=[closure.pk]))
    assert not Closure.objects.exists()


def test_a_closure_ending_before_it_starts_is_refused(staff_client, office):
    response = staff_client.post(
        reverse("closure_create"), {"start_date": "2026-12-30", "end_date": "2026-12-28", "reason": "Ferien"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Das Ende darf nicht vor dem Beginn liegen." in html
    assert 'value="Ferien"' in html
    assert not Closure.objects.exists()
