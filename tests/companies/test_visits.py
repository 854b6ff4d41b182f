"""Logging a visit: topics, contacts, follow-ups in one form; German errors that keep what was typed;
the change history (who, when, what)."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from companies.models import FollowUp, Visit

from ..factories import CompanyFactory, ContactFactory, FollowUpFactory, StaffFactory, TopicFactory, VisitFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel("2026-03-10 09:00 +01:00", tick=False):
        yield


def visit_post(**overrides):
    data = {
        "date": "2026-03-09", "summary": "Glasfaser fürs Gewerbegebiet", "notes": "Funkloch am Hang",
        "wv-TOTAL_FORMS": "2", "wv-INITIAL_FORMS": "0", "wv-MIN_NUM_FORMS": "0", "wv-MAX_NUM_FORMS": "20",
        "wv-0-what": "", "wv-0-due_on": "", "wv-0-assignee": "",
        "wv-1-what": "", "wv-1-due_on": "", "wv-1-assignee": "",
    }
    data.update(overrides)
    return data


def test_the_visit_form_opens_with_today_and_the_active_topics_as_checkboxes(staff_client):
    company = CompanyFactory()
    TopicFactory(name="Fachkräfte")
    response = staff_client.get(reverse("companies:visit_create", args=[company.pk]))
    html = response.content.decode()
    assert 'value="2026-03-10"' in html
    assert 'type="checkbox"' in html and "Fachkräfte" in html


def test_staff_log_a_visit_with_two_topics_a_contact_and_a_follow_up(staff_client, staff_user):
    company = CompanyFactory()
    contact = ContactFactory(company=company)
    broadband, succession = TopicFactory(name="Breitband"), TopicFactory(name="Nachfolge")
    response = staff_client.post(reverse("companies:visit_create", args=[company.pk]), visit_post(**{
        "topics": [broadband.pk, succession.pk], "contacts": [contact.pk],
        "wv-0-what": "Ausbau beim Netzbetreiber nachfragen", "wv-0-due_on": "2026-03-20",
        "wv-0-assignee": str(staff_user.pk), "wv-1-assignee": str(staff_user.pk),
    }))
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == company.get_absolute_url() + f"#besuch-{visit.pk}"
    assert visit.staff == staff_user and visit.date == date(2026, 3, 9)
    assert set(visit.topics.all()) == {broadband, succession}
    assert list(visit.contacts.all()) == [contact]
    follow_up = visit.follow_ups.get()
    assert (follow_up.what, follow_up.due_on, follow_up.assignee) == (
        "Ausbau beim Netzbetreiber nachfragen", date(2026, 3, 20), staff_user)
    timeline = staff_client.get(company.get_absolute_url()).content.decode()
    assert "Glasfaser fürs Gewerbegebiet" in timeline and "Ausbau beim Netzbetreiber nachfragen" in timeline


def test_a_visit_form_with_an_error_keeps_every_field_typed(staff_client, staff_user):
    company = CompanyFactory()
    contact = ContactFactory(company=company)
    topic = TopicFactory(name="Ausbildung")
    response = staff_client.post(reverse("companies:visit_create", args=[company.pk]), visit_post(**{
        "date": "2026-04-01",  # in the future: refused
        "summary": "Azubi-Speed-Dating", "notes": "Zwei Plätze frei", "topics": [topic.pk],
        "contacts": [contact.pk], "wv-0-what": "Flyer schicken", "wv-0-due_on": "2026-03-31",
        "wv-0-assignee": str(staff_user.pk),
    }))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ein Besuch kann nicht in der Zukunft liegen." in html
    assert 'role="alert"' in html
    for typed in ['value="2026-04-01"', 'value="Azubi-Speed-Dating"', "Zwei Plätze frei", 'value="Flyer schicken"',
                  'value="2026-03-31"']:
        assert typed in html, typed
    assert _checked(html, "topics", topic.pk)
    assert _checked(html, "contacts", contact.pk)
    assert not Visit.objects.exists()


def _checked(html: str, name: str, pk: int) -> bool:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*value="{pk}"[^>]*>', html)
    return bool(tag and "checked" in tag.group(0))


def test_a_follow_up_without_a_due_date_is_refused_in_german(staff_client, staff_user):
    company = CompanyFactory()
    response = staff_client.post(reverse("companies:visit_create", args=[company.pk]), visit_post(**{
        "wv-0-what": "Rückruf", "wv-0-assignee": str(staff_user.pk)}))
    assert response.status_code == 400
    assert "Bitte ein Fälligkeitsdatum angeben." in response.content.decode()
    assert not Visit.objects.exists()


def test_a_missing_summary_is_refused_in_german(staff_client):
    company = CompanyFactory()
    response = staff_client.post(reverse("companies:visit_create", args=[company.pk]), visit_post(summary=""))
    assert response.status_code == 400
    assert "Bitte in einem Satz festhalten, worum es ging." in response.content.decode()


def test_editing_a_visit_is_kept_in_its_history_with_who_and_what(staff_client, staff_user):
    visit = VisitFactory(summary="Erstgespräch", staff=staff_user)
    follow_up = FollowUpFactory(visit=visit, assignee=staff_user, what="Unterlagen schicken")
    editor = StaffFactory(first_name="Hans", last_name="Kammer")
    staff_client.force_login(editor)
    response = staff_client.post(reverse("companies:visit_edit", args=[visit.pk]), visit_post(**{
        "summary": "Erstgespräch zur Nachfolge", "date": "2026-03-01",
        "wv-TOTAL_FORMS": "3", "wv-INITIAL_FORMS": "1", "wv-0-id": str(follow_up.pk),
        "wv-0-what": "Unterlagen schicken", "wv-0-due_on": "2026-03-10", "wv-0-assignee": str(staff_user.pk),
        "wv-0-done": "on", "wv-2-what": "", "wv-2-due_on": "", "wv-2-assignee": "",
    }))
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_on == TODAY
    latest = visit.history.latest()
    assert latest.history_user == editor
    page = staff_client.get(reverse("companies:visit_detail", args=[visit.pk])).content.decode()
    assert "Hans Kammer" in page
    assert "Erstgespräch → Erstgespräch zur Nachfolge" in page
    assert "Themen: – → " not in page  # topics unchanged: not listed as a change
    assert "erledigt am" in page


def test_my_follow_ups_lists_the_overdue_first_and_only_mine(staff_client, staff_user):
    other = StaffFactory()
    later = FollowUpFactory(assignee=staff_user, due_on=date(2026, 3, 20), what="später")
    overdue = FollowUpFactory(assignee=staff_user, due_on=date(2026, 3, 1), what="überfällig")
    FollowUpFactory(assignee=other, due_on=date(2026, 3, 1), what="fremd")
    FollowUpFactory(assignee=staff_user, due_on=date(2026, 3, 1), what="erledigt", done_on=date(2026, 3, 2))
    html = staff_client.get(reverse("companies:my_follow_ups")).content.decode()
    listed = re.findall(r'<span class="visually-hidden">: (.*?)</span></button>', html)
    assert listed == [overdue.what, later.what]
    assert "überfällig seit 01.03.2026" in html


def test_marking_a_follow_up_done_stamps_today(staff_client, staff_user):
    follow_up = FollowUpFactory(assignee=staff_user)
    response = staff_client.post(reverse("companies:follow_up_done", args=[follow_up.pk]))
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_on == TODAY
    assert FollowUp.history.filter(id=follow_up.pk).latest().history_user == staff_user


def test_the_company_history_page_shows_who_changed_which_field(staff_client, staff_user):
    company = CompanyFactory(name="Alt GmbH", legal_form="GmbH")
    data = {"name": "Neu GmbH", "legal_form": "GmbH", "street": company.street, "postcode": "45525",
            "city": "Hattingen", "district": "welper", "wz_code": "25.11", "is_member": "on"}
    response = staff_client.post(reverse("companies:company_edit", args=[company.pk]), data)
    assert response.status_code == 302
    html = staff_client.get(reverse("companies:company_history", args=[company.pk])).content.decode()
    assert "Alt GmbH → Neu GmbH" in html
    assert staff_user.get_full_name() in html


def test_the_visit_start_page_finds_a_company_and_links_to_its_visit_form(staff_client):
    company = CompanyFactory(name="Ruhrtal Radverleih")
    html = staff_client.get(reverse("companies:visit_start"), {"q": "radverleih"}).content.decode()
    assert reverse("companies:visit_create", args=[company.pk]) in html


def test_the_visit_start_page_offers_the_companies_visited_last(staff_client, staff_user):
    first, second = CompanyFactory(name="Erste"), CompanyFactory(name="Zweite")
    VisitFactory(company=first, staff=staff_user, date=date(2026, 3, 1))
    VisitFactory(company=second, staff=staff_user, date=date(2026, 3, 5))
    VisitFactory(company=first, staff=staff_user, date=date(2026, 2, 1))
    VisitFactory(company=CompanyFactory(name="Fremd"))  # someone else's visit
    response = staff_client.get(reverse("companies:visit_start"))
    assert [c.name for c in response.context["recent"]] == ["Zweite", "Erste"]


def test_the_follow_up_history_names_the_assignee_and_formats_dates(staff_client, staff_user):
    visit = VisitFactory(staff=staff_user)
    follow_up = FollowUpFactory(visit=visit, assignee=staff_user, due_on=date(2026, 3, 12))
    colleague = StaffFactory(first_name="Carla", last_name="Kollegin")
    staff_client.post(reverse("companies:visit_edit", args=[visit.pk]), visit_post(**{
        "summary": visit.summary, "date": "2026-03-01",
        "wv-TOTAL_FORMS": "1", "wv-INITIAL_FORMS": "1", "wv-0-id": str(follow_up.pk),
        "wv-0-what": follow_up.what, "wv-0-due_on": "2026-03-19", "wv-0-assignee": str(colleague.pk),
    }))
    html = staff_client.get(reverse("companies:visit_detail", args=[visit.pk])).content.decode()
    assert "12.03.2026 → 19.03.2026" in html
    assert f"{staff_user.get_full_name()} → Carla Kollegin" in html


def test_the_visit_history_shows_topics_and_contacts_met_by_name(staff_client, staff_user):
    company = CompanyFactory()
    contact = ContactFactory(company=company, name="Petra Ruhrmann", role="")
    broadband, tourism = TopicFactory(name="Breitband"), TopicFactory(name="Tourismus")
    staff_client.post(reverse("companies:visit_create", args=[company.pk]), visit_post(topics=[broadband.pk]))
    visit = Visit.objects.get()
    staff_client.post(reverse("companies:visit_edit", args=[visit.pk]), visit_post(
        topics=[broadband.pk, tourism.pk], contacts=[contact.pk]))
    page = staff_client.get(reverse("companies:visit_detail", args=[visit.pk])).content.decode()
    assert "Themen: Breitband → Breitband, Tourismus" in page
    assert "Gesprächspartner: – → Petra Ruhrmann" in page


def test_my_follow_ups_come_in_pages_the_overdue_first(staff_client, staff_user):
    from companies.selectors import FOLLOW_UPS_PER_PAGE

    visit = VisitFactory()
    for n in range(FOLLOW_UPS_PER_PAGE + 2):
        FollowUpFactory(visit=visit, assignee=staff_user, what=f"Aufgabe {n}",
                        due_on=date(2026, 3, 1) + timedelta(days=n))
    url = reverse("companies:my_follow_ups")
    first = staff_client.get(url)
    assert len(first.context["page"].object_list) == FOLLOW_UPS_PER_PAGE
    assert "Aufgabe 0<" in first.content.decode() and visit.company.get_absolute_url() in first.content.decode()
    second = staff_client.get(url, {"seite": 2}).content.decode()
    assert "Aufgabe 51" in second and "Aufgabe 0<" not in second


def test_staff_add_a_new_contact_person_on_the_spot_while_logging_the_visit(staff_client):
    company = CompanyFactory()
    known = ContactFactory(company=company, name="Petra Ruhrmann")
    form = staff_client.get(reverse("companies:visit_create", args=[company.pk])).content.decode()
    assert 'name="new_contact_name"' in form and "Neue Ansprechperson" in form
    response = staff_client.post(reverse("companies:visit_create", args=[company.pk]), visit_post(**{
        "contacts": [known.pk], "new_contact_name": "Jonas Döhn", "new_contact_role": "Ausbildungsleiter",
        "new_contact_phone": "02324 123456", "new_contact_email": "doehn@example.org"}))
    assert response.status_code == 302
    visit = Visit.objects.get()
    new = company.contacts.get(name="Jonas Döhn")
    assert (new.role, new.phone, new.email, new.since) == ("Ausbildungsleiter", "02324 123456",
                                                           "doehn@example.org", date(2026, 3, 9))
    assert set(visit.contacts.all()) == {known, new}


def test_a_new_contact_needs_a_name_and_nothing_is_saved_without_it(staff_client):
    company = CompanyFactory()
    response = staff_client.post(reverse("companies:visit_create", args=[company.pk]),
                                 visit_post(new_contact_role="Inhaberin", new_contact_email="kein-name@example.org"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte den Namen der neuen Ansprechperson angeben." in page
    assert 'value="kein-name@example.org"' in page  # what was typed stays
    assert not Visit.objects.exists() and not company.contacts.exists()


def test_editing_a_visit_can_add_the_person_met_as_a_new_contact(staff_client, staff_user):
    visit = VisitFactory(staff=staff_user, date=date(2026, 3, 2))
    response = staff_client.post(reverse("companies:visit_edit", args=[visit.pk]), visit_post(
        date="2026-03-02", new_contact_name="Aylin Kaya"))
    assert response.status_code == 302
    assert [contact.name for contact in visit.contacts.all()] == ["Aylin Kaya"]
