"""Recommendations: a status history with dates and notes; open ones are offered for the next agenda."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Recommendation

from ..factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_recommendation_collects_its_status_history(staff_user, committee_a):
    adopted_in = MeetingFactory(committee=committee_a, state="held", starts_at=timezone.now() - timedelta(days=40))
    rec = services.create_recommendation(committee=committee_a, title="Glasfaser im Hügelland",
                                         text="Ausbau beschleunigen", addressee="town", adopted_in=adopted_in,
                                         by=staff_user)
    services.change_recommendation_status(recommendation=rec, status="handed_over", on=timezone.localdate(),
                                          note="an den Bürgermeister übergeben", by=staff_user)
    rec.refresh_from_db()
    assert rec.status == "handed_over"
    assert [step.status for step in rec.history.all()] == ["drafted", "adopted", "handed_over"]
    assert rec.history.last().note == "an den Bürgermeister übergeben"


def test_staff_record_a_new_status_through_the_page(staff_client, committee_a):
    rec = services.create_recommendation(committee=committee_a, title="Parken", text="…", addressee="town")
    url = reverse("committees_staff:recommendation_detail", args=[rec.pk])
    response = staff_client.post(url, {"status": "answered", "date": "2026-11-02", "note": "Antwort der Stadt"})
    assert response.status_code == 302
    assert Recommendation.objects.get().status == "answered"
    bad = staff_client.post(url, {"status": "answered", "date": "kein Datum", "note": "x"})
    assert bad.status_code == 400 and "gültiges Datum" in bad.content.decode()


def test_open_recommendations_are_offered_for_the_next_agenda_and_can_be_put_on_it(staff_client, committee_a,
                                                                                   committee_b):
    open_rec = services.create_recommendation(committee=committee_a, title="Gewerbeflächen", text="…",
                                              addressee="business_development")
    done = services.create_recommendation(committee=committee_a, title="Erledigt", text="…", addressee="town")
    services.change_recommendation_status(recommendation=done, status="implemented")
    foreign = services.create_recommendation(committee=committee_b, title="Fremd", text="…", addressee="town")
    meeting = MeetingFactory(committee=committee_a)
    page = staff_client.get(reverse("committees_staff:meeting_detail", args=[meeting.pk])).content.decode()
    offered = page.split("Offene Handlungsempfehlungen")[1].split("Punkt ergänzen")[0]
    assert "Gewerbeflächen" in offered and "Erledigt" not in offered and "Fremd" not in offered
    staff_client.post(reverse("committees_staff:recommendation_to_agenda", args=[meeting.pk, open_rec.pk]))
    item = meeting.agenda_items.get()
    assert item.recommendation == open_rec and "Gewerbeflächen" in item.title
    staff_client.post(reverse("committees_staff:recommendation_to_agenda", args=[meeting.pk, foreign.pk]))
    assert meeting.agenda_items.count() == 1


def test_members_see_recommendations_with_their_status(member_a_client, committee_a, committee_b):
    services.create_recommendation(committee=committee_a, title="Radweg Ruhrtal", text="…", addressee="state")
    services.create_recommendation(committee=committee_b, title="Leerstand", text="…", addressee="town")
    page = member_a_client.get(reverse("committees:member_home")).content.decode()
    assert "Radweg Ruhrtal" in page and "entworfen" in page
    assert "Leerstand" not in page


def test_agenda_items_are_ordered_and_can_be_moved(staff_client, committee_a):
    meeting = MeetingFactory(committee=committee_a)
    first = services.add_agenda_item(meeting=meeting, title="Begrüßung")
    second = services.add_agenda_item(meeting=meeting, title="Breitband")
    staff_client.post(reverse("committees_staff:agenda_item_move", args=[second.pk]), {"direction": "up"})
    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True)) == [
        "Breitband", "Begrüßung"]
    first.refresh_from_db()
    assert first.position == 2


def test_adding_an_agenda_item_without_title_is_refused_in_german(staff_client, committee_a):
    meeting = MeetingFactory(committee=committee_a)
    response = staff_client.post(reverse("committees_staff:agenda_item_add", args=[meeting.pk]),
                                 {"title": "", "text": "Erläuterung bleibt"})
    assert response.status_code == 400
    assert "Bitte geben Sie einen Titel an." in response.content.decode()
    assert "Erläuterung bleibt" in response.content.decode()
