"""Staff record a company's training places on its page or from a visit, and change them; the list of recognised
occupations is seeded and maintained (issue 15, item 4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from companies.models import TrainingOccupation, TrainingPlace
from consultations import services as consultation_services

from ..factories import CompanyFactory, ConsultationDayFactory, VisitFactory

pytestmark = pytest.mark.django_db

RETAIL = "Kaufmann/-frau im Einzelhandel"


@pytest.fixture
def company():
    return CompanyFactory(name="Modehaus Berger", district="mitte")


def retail() -> TrainingOccupation:
    return TrainingOccupation.objects.get(name=RETAIL)


def test_the_recognised_occupations_are_seeded_as_the_official_list_spells_them():
    names = set(TrainingOccupation.objects.active().values_list("name", flat=True))
    assert len(names) >= 60
    assert {RETAIL, "Kaufmann/-frau für Büromanagement", "Industriemechaniker/-in", "Verkäufer/-in",
            "Fachkraft für Lagerlogistik", "Industriekaufmann/-frau", "Mechatroniker/-in",
            "Elektroniker/-in für Betriebstechnik", "Kaufmann/-frau für Groß- und Außenhandelsmanagement",
            "Fachinformatiker/-in – Fachrichtung Anwendungsentwicklung", "Hotelfachmann/-frau"} <= names


def test_staff_record_training_places_on_the_company_page(staff_client, staff_user, company):
    page = staff_client.get(company.get_absolute_url()).content.decode()
    assert "Keine Ausbildungsplätze eingetragen." in page
    create_url = reverse("companies:training_place_create", args=[company.pk])
    assert f'href="{create_url}"' in page
    with time_machine.travel("2026-11-26 10:00 +01:00", tick=False):
        form = staff_client.get(create_url).content.decode()
    assert 'value="2027"' in form  # from August on, the places staff hear of start next year
    response = staff_client.post(create_url, {"occupation": retail().pk, "start_year": 2027, "places": 2,
                                              "note": "Fachoberschulreife erwünscht"})
    assert response.status_code == 302 and response["Location"].endswith("#ausbildungsplaetze")
    place = TrainingPlace.objects.get()
    assert (place.company, place.occupation, place.start_year, place.places, place.filled, place.recorded_by) == \
        (company, retail(), 2027, 2, 0, staff_user)
    page = staff_client.get(company.get_absolute_url()).content.decode()
    assert "Kaufmann/-frau im Einzelhandel</a>, Beginn 2027" in page
    assert "2 Plätze, 2 frei · Fachoberschulreife erwünscht" in page


def test_a_second_entry_for_the_same_occupation_and_year_is_refused_with_a_hint(staff_client, company):
    url = reverse("companies:training_place_create", args=[company.pk])
    data = {"occupation": retail().pk, "start_year": 2027, "places": 1}
    staff_client.post(url, data)
    response = staff_client.post(url, data)
    assert response.status_code == 400
    assert "Bitte dort die Zahl der Plätze ändern." in response.content.decode()
    assert TrainingPlace.objects.count() == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("places", "0", "Mindestens ein Platz."),
    ("start_year", "27", "Bitte ein Jahr wie 2027 eingeben."),
    ("occupation", "", "Bitte den Ausbildungsberuf wählen."),
])
def test_bad_input_gives_a_german_message(staff_client, company, field, value, message):
    data = {"occupation": retail().pk, "start_year": 2027, "places": 1, field: value}
    response = staff_client.post(reverse("companies:training_place_create", args=[company.pk]), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not TrainingPlace.objects.exists()


def test_staff_record_training_places_from_a_visit_prefilled_with_its_company(staff_client, staff_user, company):
    visit = VisitFactory(company=company, staff=staff_user)
    visit_page = staff_client.get(visit.get_absolute_url()).content.decode()
    url = reverse("companies:training_place_create", args=[company.pk]) + f"?visit={visit.pk}"
    assert f'href="{url}"' in visit_page
    form = staff_client.get(url).content.decode()
    assert "Modehaus Berger" in form and visit.get_absolute_url() in form
    response = staff_client.post(url, {"occupation": retail().pk, "start_year": 2027, "places": 1})
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    assert TrainingPlace.objects.get().visit == visit
    # A visit of another company is not taken for this one.
    other_visit = VisitFactory(company=CompanyFactory(), staff=staff_user)
    staff_client.post(reverse("companies:training_place_create", args=[company.pk]) + f"?visit={other_visit.pk}",
                      {"occupation": retail().pk, "start_year": 2028, "places": 1})
    assert TrainingPlace.objects.get(start_year=2028).visit is None


def test_staff_change_the_numbers_but_never_below_the_office_placements(staff_client, company, office):
    place = TrainingPlace.objects.create(company=company, occupation=retail(), start_year=2027, places=3)
    day = ConsultationDayFactory(office=office, date=timezone.localdate() + timedelta(days=14))
    booking = consultation_services.book(day.slots.order_by("starts_at").first(), name="Lena", phone="1",
                                         source="phone", wish=retail())
    consultation_services.place_booking(booking=booking, place=place)
    url = reverse("companies:training_place_edit", args=[place.pk])
    assert f'href="{url}"' in staff_client.get(company.get_absolute_url()).content.decode()
    response = staff_client.post(url, {"places": 3, "filled": 0, "note": ""})
    assert response.status_code == 400
    assert "Das Büro hat hier schon 1 Person(en) vermittelt" in response.content.decode()
    response = staff_client.post(url, {"places": 2, "filled": 3, "note": ""})
    assert response.status_code == 400
    assert "Es können nicht mehr Plätze besetzt sein, als es gibt." in response.content.decode()
    response = staff_client.post(url, {"places": 4, "filled": 2, "note": "ein Platz selbst besetzt"})
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.places, place.filled, place.note) == (4, 2, "ein Platz selbst besetzt")
    assert "4 Plätze, 2 frei" in staff_client.get(company.get_absolute_url()).content.decode()
    assert place.history.count() == 2  # created, changed: who changed what stays visible in the admin


def test_the_database_refuses_more_filled_places_than_there_are(company):
    from django.db import IntegrityError

    place = TrainingPlace.objects.create(company=company, occupation=retail(), start_year=2027, places=1, filled=1)
    with pytest.raises(IntegrityError):
        TrainingPlace.objects.filter(pk=place.pk).update(filled=2)


# --- Role tests: anonymous, member of committee A, member of committee B, staff -------------------------------

@pytest.fixture
def pages(company):
    place = TrainingPlace.objects.create(company=company, occupation=retail(), start_year=2027, places=1)
    return [reverse("companies:training_place_create", args=[company.pk]),
            reverse("companies:training_place_edit", args=[place.pk])]


def test_anonymous_visitors_are_sent_to_the_login_page(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
        assert client.post(url, {"places": 5, "filled": 0}).status_code == 302
    assert TrainingPlace.objects.get().places == 1


def test_members_of_either_committee_are_refused(member_a_client, member_b_client, pages):
    for member in (member_a_client, member_b_client):
        for url in pages:
            assert member.get(url).status_code == 403, url
            assert member.post(url, {"places": 5, "filled": 0}).status_code == 403, url
    assert TrainingPlace.objects.get().places == 1


def test_staff_open_both_pages(staff_client, pages):
    for url in pages:
        assert staff_client.get(url).status_code == 200, url
