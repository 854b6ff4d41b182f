"""Members search the approved minutes and the documents of their own committees."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ..factories import DocumentFactory, MeetingFactory, MinutesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(committee_a, committee_b, private_media):
    past = timezone.now() - timedelta(days=20)
    approved = MeetingFactory(committee=committee_a, title="Sitzung Breitband", state="held", starts_at=past)
    MinutesFactory(meeting=approved, status="approved", approved_at=past,
                   text="Die Unternehmen im Hügelland fordern schnelleres Breitband.")
    draft = MeetingFactory(committee=committee_a, title="Sitzung Entwurf", state="held", starts_at=past)
    MinutesFactory(meeting=draft, status="draft", text="Vertraulich: Breitband-Entwurf")
    other = MeetingFactory(committee=committee_b, title="Innenstadtsitzung", state="held", starts_at=past)
    MinutesFactory(meeting=other, status="approved", approved_at=past, text="Breitband in der Innenstadt")
    DocumentFactory(meeting=approved, title="Breitbandatlas", description="Karte der Versorgung")
    DocumentFactory(meeting=other, title="Leerstandsliste", description="Breitband Innenstadt")


def test_a_member_finds_approved_minutes_and_documents_of_their_committee_only(member_a_client, corpus):
    page = member_a_client.get(reverse("committees:search"), {"q": "Breitband"}).content.decode()
    assert "Sitzung Breitband" in page
    assert "Sitzung Entwurf" not in page  # never drafts
    assert "Innenstadtsitzung" not in page and "Leerstandsliste" not in page  # never another committee


def test_the_search_finds_document_descriptions(member_a_client, corpus):
    page = member_a_client.get(reverse("committees:search"), {"q": "Versorgung"}).content.decode()
    assert "Breitbandatlas" in page


def test_the_search_finds_inflected_words_on_postgresql(postgres, member_a_client, corpus):
    # The German configuration stems "Unternehmens" and "Unternehmen" alike.
    page = member_a_client.get(reverse("committees:search"), {"q": "Unternehmens"}).content.decode()
    assert "Sitzung Breitband" in page


def test_an_empty_query_shows_the_form_only(member_a_client, corpus):
    response = member_a_client.get(reverse("committees:search"), {"q": ""})
    assert response.status_code == 200 and "Treffer" not in response.content.decode()


def test_an_ended_member_finds_nothing(member_a_client, member_a, corpus):
    from committees import services

    services.end_membership(membership=member_a.memberships.get())
    page = member_a_client.get(reverse("committees:search"), {"q": "Breitband"}).content.decode()
    assert "Sitzung Breitband" not in page
