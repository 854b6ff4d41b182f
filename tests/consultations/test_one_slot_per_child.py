"""Issue 13, finding 4: a parent with two children books two slots on the same day, one per child. One active
booking per address, day and person advised (the child's name, else the booker's own); the same person twice that
day is refused with a clear German message (by mail on the public form, on the page for staff and the manage
link), never with an IntegrityError."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from consultations import services, tokens
from consultations.models import Booking
from ihk_office.models import OutgoingMail

from ..factories import BookingFactory, ConsultationDayFactory

PARENT = {"name": "Sabine Krüger", "email": "sabine@example.org", "phone": "", "role": "parent",
          "school_or_company": "", "school_year": "", "topic": "career", "question": "", "privacy": "on",
          "website": ""}


def post_booking(client, slot, **changes):
    return client.post(reverse("consultations:book", args=[slot.pk]), {**PARENT, "slot": slot.pk, **changes})


def test_a_parent_books_one_slot_for_each_of_two_children_on_the_same_day(day, staff_client):
    first, second = day.slots.order_by("starts_at")[:2]
    assert post_booking(Client(), first, person_name="Jonas Krüger").status_code == 302
    assert post_booking(Client(), second, person_name="Lea Krüger").status_code == 302

    holds = Booking.objects.filter(email="sabine@example.org", status="pending").order_by("slot__starts_at")
    assert [b.person_name for b in holds] == ["Jonas Krüger", "Lea Krüger"]
    assert OutgoingMail.objects.filter(category="consultation-confirm-link").count() == 2
    assert not OutgoingMail.objects.filter(category="consultation-refused").exists()
    for booking in holds:
        assert services.confirm(booking=booking)

    # The day sheet names the child beside the parent.
    sheet = staff_client.get(reverse("consultations_staff:day_sheet", args=[day.pk])).content.decode()
    assert "für Jonas Krüger" in sheet and "für Lea Krüger" in sheet
    assert sheet.count("Sabine Krüger") >= 2


def test_the_form_asks_a_parent_for_the_childs_name_and_nobody_else(client, day):
    first, second = day.slots.order_by("starts_at")[:2]
    response = post_booking(client, first)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte geben Sie den Namen Ihres Kindes an." in html
    assert 'value="Sabine Krüger"' in html  # what was typed stays
    assert not Booking.objects.exists()
    # A pupil booking for herself leaves it empty.
    assert post_booking(client, second, role="pupil", name="Lea Krüger", email="lea@example.org").status_code == 302
    assert Booking.objects.get().person_name == ""


def test_the_field_is_labelled_and_explained_on_the_form(client, day):
    html = client.get(reverse("consultations:book", args=[day.slots.first().pk])).content.decode()
    assert '<label for="id_person_name"' in html
    assert "Name des Kindes / der Person, die beraten wird" in html
    assert "Nur wenn Sie für jemand anderen buchen" in html


def test_the_same_child_twice_that_day_is_refused_by_mail_with_a_clear_message(day):
    first, second = day.slots.order_by("starts_at")[:2]
    booked = post_booking(Client(), first, person_name="Jonas Krüger")
    again = post_booking(Client(), second, person_name="jonas  krüger")  # another browser, same child

    assert (booked.status_code, booked["Location"]) == (again.status_code, again["Location"])
    assert Booking.objects.count() == 1
    refused = OutgoingMail.objects.get(category="consultation-refused")
    assert refused.to == ["sabine@example.org"]
    assert "für jonas krüger gibt es am 3. Dezember 2026 unter dieser E-Mail-Adresse schon eine Buchung" in refused.body
    assert "Eine Person kann an einem Tag nur einen Termin haben" in refused.body
    assert "für ein weiteres Kind" in refused.body and "/sprechtag/meine-termine/" in refused.body


def test_the_booker_herself_counts_as_one_person_beside_her_children(day):
    first, second, third = day.slots.order_by("starts_at")[:3]
    services.book(first, name="Lea Krüger", email="family@example.org")
    with pytest.raises(services.AlreadyBookedThatDay):
        services.book(second, name="Lea Krüger", email="family@example.org", person_name="LEA KRÜGER")
    services.book(third, name="Lea Krüger", email="family@example.org", person_name="Jonas Krüger")
    assert Booking.objects.filter(email="family@example.org").count() == 2


def test_the_database_allows_siblings_and_refuses_the_same_person(day):
    first, second, third = day.slots.order_by("starts_at")[:3]
    BookingFactory(slot=first, day=day, email="a@example.org", name="Sabine", person_name="Jonas")
    BookingFactory(slot=second, day=day, email="a@example.org", name="Sabine", person_name="Lea")
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(slot=third, day=day, email="a@example.org", name="Sabine", person_name="jonas")
    # The booker's own name stands for the person when none is given.
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(slot=third, day=day, email="a@example.org", name="Jonas", person_name="")


def test_phone_booking_of_the_same_person_says_so_on_the_form(staff_client, day):
    first, second = day.slots.order_by("starts_at")[:2]
    url = reverse("consultations_staff:phone_booking", args=[day.pk])
    data = {"name": "Sabine Krüger", "phone": "0171 1", "email": "sabine@example.org", "role": "parent",
            "topic": "career", "person_name": "Jonas", "language": "de"}
    assert staff_client.post(url, {**data, "slot": first.pk}).status_code == 302
    response = staff_client.post(url, {**data, "slot": second.pk})
    assert response.status_code == 400
    assert "Für diese Person gibt es unter dieser E-Mail-Adresse an diesem Tag schon eine Buchung" in (
        response.content.decode())
    # The sibling is booked.
    assert staff_client.post(url, {**data, "slot": second.pk, "person_name": "Lea"}).status_code == 302
    assert sorted(Booking.objects.values_list("person_name", flat=True)) == ["Jonas", "Lea"]


def test_moving_onto_a_day_where_the_same_child_is_booked_is_refused_clearly_and_a_sibling_is_not(client, office,
                                                                                                   frozen):
    first_day = ConsultationDayFactory(office=office, date=date(2026, 12, 3))
    second_day = ConsultationDayFactory(office=office, date=date(2026, 12, 10))
    jonas = services.book(first_day.slots.first(), name="Sabine", email="s@example.org", person_name="Jonas",
                          source="phone")
    lea = services.book(first_day.slots.last(), name="Sabine", email="s@example.org", person_name="Lea",
                        source="phone")
    services.book(second_day.slots.first(), name="Sabine", email="s@example.org", person_name="Jonas",
                  source="phone")
    target = second_day.slots.order_by("starts_at").last()

    response = client.post(reverse("consultations:manage_move", args=[tokens.manage_token(jonas.pk)]),
                           {"slot": target.pk})
    assert response.status_code == 409
    assert "Für Jonas ist nur ein Termin am Tag möglich" in response.content.decode()
    # Lea has nothing on the second day: her booking moves.
    services.move(booking=lea, to_slot=target)
    assert Booking.objects.get(pk=lea.pk).day == second_day


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_rows_of_before_valid_and_unique_per_address_and_day(office):
    executor = MigrationExecutor(connection)
    executor.migrate([("consultations", "0004_booking_calendar_sequence")])
    old = executor.loader.project_state([("consultations", "0004_booking_calendar_sequence")]).apps
    day = old.get_model("consultations", "ConsultationDay").objects.create(office_id=office.pk, date=date(2026, 12, 3))
    Slot = old.get_model("consultations", "Slot")
    from datetime import datetime
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Berlin")
    slots = [Slot.objects.create(day=day, starts_at=datetime(2026, 12, 3, 13 + n, tzinfo=tz),
                                 ends_at=datetime(2026, 12, 3, 13 + n, 30, tzinfo=tz)) for n in range(3)]
    OldBooking = old.get_model("consultations", "Booking")
    for slot, email in zip(slots, ("a@example.org", "b@example.org", "a@example.org"), strict=True):
        OldBooking.objects.create(slot=slot, day=day, name="Sabine", email=email,
                                  status="confirmed" if slot != slots[2] else "cancelled")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert list(Booking.objects.order_by("pk").values_list("person_name", flat=True)) == ["", "", ""]
    # The old rows still count: the same person at the same address cannot be booked again that day…
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(slot_id=slots[2].pk, day_id=day.pk, name="sabine", email="a@example.org",
                               status="confirmed")
    # …her child can.
    Booking.objects.create(slot_id=slots[2].pk, day_id=day.pk, name="Sabine", person_name="Jonas",
                           email="a@example.org", status="confirmed")
