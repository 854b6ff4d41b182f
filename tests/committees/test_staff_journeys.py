"""Staff journeys of issue #13: invitations previewed before they go out, late invitees, minutes only after
the meeting, attendance from the meeting's day on, the minutes editor starting with the agenda."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees import services
from committees.models import Attendance, Minutes, Recommendation
from ihk_office.models import OutgoingMail

from ..conftest import logged_in
from ..factories import AgendaItemFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2027, 3, 1, 10, 0, tzinfo=BERLIN)


@pytest.fixture
def clock():
    """March 2027, ten days before the meeting; tests move it on with `clock.move_to(...)`."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff_client(clock, staff_user):
    # Logged in at the frozen time, so that the session has not expired in the test's March 2027.
    return logged_in(staff_user)


@pytest.fixture
def meeting(committee_a, member_a):
    return MeetingFactory(committee=committee_a, title="Frühjahrssitzung",
                          starts_at=datetime(2027, 3, 10, 16, 0, tzinfo=BERLIN), location="Rathaus Hattingen")


def invitations():
    return OutgoingMail.objects.filter(category="committees-invitation")


# --- invitations: preview first, then send -------------------------------------------------------------


def test_the_invitation_button_shows_the_mail_and_every_recipient_and_sends_nothing(staff_client, meeting,
                                                                                    member_a, committee_a):
    others = [MembershipFactory(committee=committee_a, organisation=f"Firma {n}") for n in range(41)]
    url = reverse("committees_staff:invitations_send", args=[meeting.pk])
    detail = staff_client.get(reverse("committees_staff:meeting_detail", args=[meeting.pk])).content.decode()
    response = staff_client.get(url)
    assert f'href="{url}"' in detail and f'action="{url}"' not in detail  # a link to the preview, no mail form
    page = response.content.decode()
    assert response.status_code == 200
    assert "Die Einladung geht an 42 Mitglieder" in page
    assert "42 Einladungen jetzt verschicken" in page
    assert "Frühjahrssitzung" in page and "Rathaus Hattingen" in page
    for membership in [*others, member_a.memberships.get()]:
        assert membership.user.email in page
    assert not invitations().exists()
    assert staff_client.post(url).status_code == 302
    assert invitations().count() == 42
    again = staff_client.get(url).content.decode()
    assert "bereits eingeladen" in again and "jetzt verschicken" not in again


def test_the_preview_shows_the_body_exactly_as_the_first_recipient_gets_it(staff_client, meeting, member_a):
    response = staff_client.get(reverse("committees_staff:invitations_send", args=[meeting.pk]))
    services.send_invitations(meeting=meeting)
    mail = invitations().get()
    assert response.context["subject"] == mail.subject
    assert response.context["body"] == mail.body


def test_the_invitation_preview_is_for_staff_only(client, member_a_client, member_b_client, meeting):
    url = reverse("committees_staff:invitations_send", args=[meeting.pk])
    assert client.get(url).status_code == 302  # to the login
    assert member_a_client.get(url).status_code in (302, 403)
    assert member_b_client.get(url).status_code in (302, 403)
    assert not invitations().exists()


# --- members invited after the invitations went out ---------------------------------------------------


def test_a_member_invited_after_the_invitations_gets_the_invitation_to_upcoming_meetings(
        staff_client, committee_a, meeting, member_a):
    later = MeetingFactory(committee=committee_a, title="Sommersitzung",
                           starts_at=datetime(2027, 6, 10, 16, 0, tzinfo=BERLIN))  # not announced yet
    past = MeetingFactory(committee=committee_a, title="Wintersitzung", state="held",
                          starts_at=datetime(2027, 1, 10, 16, 0, tzinfo=BERLIN))
    services.send_invitations(meeting=meeting)
    response = staff_client.post(reverse("committees_staff:member_invite", args=[committee_a.pk]), {
        "email": "neu@example.org", "first_name": "Nora", "last_name": "Neu", "organisation": "",
        "role": "member", "start_date": "2027-03-01"})
    assert response.status_code == 302
    late = invitations().filter(to=["neu@example.org"])
    assert [mail.subject for mail in late] == [invitations().get(to=[member_a.email]).subject]
    assert late.get().attachments[0]["filename"] == "sitzung.ics"
    assert Attendance.objects.get(meeting=meeting, membership__user__email="neu@example.org").invited_at
    assert not Attendance.objects.filter(meeting__in=[later, past], membership__user__email="neu@example.org")


def test_a_seat_beginning_after_the_meeting_gets_no_invitation_to_it(clock, committee_a, meeting, member_a):
    services.send_invitations(meeting=meeting)
    services.invite_member(committee=committee_a, email="spaeter@example.org", first_name="S", last_name="P",
                           start_date=date(2027, 4, 1))
    assert not invitations().filter(to=["spaeter@example.org"]).exists()


# --- minutes and decisions only after the meeting -----------------------------------------------------


def test_minutes_cannot_be_approved_before_the_meeting_took_place(clock, staff_user, staff_client, meeting):
    url = reverse("committees_staff:minutes_edit", args=[meeting.pk])
    with pytest.raises(ValidationError, match="noch nicht stattgefunden"):
        services.approve_minutes(minutes=services.save_minutes(meeting=meeting, text="Entwurf"), by=staff_user)
    response = staff_client.post(url, {"text": "Vorab", "approve": "1"})
    assert response.status_code == 400
    assert "hat noch nicht stattgefunden" in response.content.decode()
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.DRAFT
    clock.move_to(datetime(2027, 3, 10, 18, 0, tzinfo=BERLIN))
    assert staff_client.post(url, {"text": "Nachher", "approve": "1"}).status_code == 302
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.APPROVED


def test_minutes_can_be_approved_early_with_an_explicit_confirmation(staff_client, meeting):
    url = reverse("committees_staff:minutes_edit", args=[meeting.pk])
    assert "vor dem eingetragenen Sitzungstermin" in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"text": "Termin war falsch", "approve": "1", "approve_early": "on"})
    assert response.status_code == 302
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.APPROVED


def test_a_recommendation_is_never_adopted_in_a_meeting_still_to_come(staff_client, committee_a, meeting):
    with pytest.raises(ValidationError):
        services.create_recommendation(committee=committee_a, title="Breitband", text="…",
                                       addressee=Recommendation._meta.get_field("addressee").choices[0][0],
                                       adopted_in=meeting)
    page = staff_client.get(reverse("committees_staff:committee_recommendations", args=[committee_a.pk]))
    form = page.context["recommendation_form"]
    assert meeting not in form.fields["adopted_in"].queryset
    recommendation = services.create_recommendation(
        committee=committee_a, title="Radweg", text="…",
        addressee=Recommendation._meta.get_field("addressee").choices[0][0])
    response = staff_client.post(reverse("committees_staff:recommendation_detail", args=[recommendation.pk]),
                                 {"status": "adopted", "date": "2027-03-10", "note": ""})
    assert response.status_code == 400
    assert "nicht in der Zukunft" in response.content.decode()
    assert "beschlossen am" not in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status != Recommendation.Status.ADOPTED


# --- attendance from the meeting's day on -------------------------------------------------------------


def test_attendance_can_be_marked_only_from_the_meetings_day_on(clock, staff_client, meeting, member_a):
    services.send_invitations(meeting=meeting)
    attendance = Attendance.objects.get(meeting=meeting)
    detail_url = reverse("committees_staff:meeting_detail", args=[meeting.pk])
    url = reverse("committees_staff:presence_record", args=[meeting.pk])
    clock.move_to(datetime(2027, 3, 8, 9, 0, tzinfo=BERLIN))  # two days before
    page = staff_client.get(detail_url).content.decode()
    assert f'name="presence-{attendance.pk}"' not in page
    assert "ab dem Sitzungstag" in page
    staff_client.post(url, {f"presence-{attendance.pk}": "present"})
    attendance.refresh_from_db()
    assert attendance.presence != "present"
    clock.move_to(datetime(2027, 3, 10, 8, 0, tzinfo=BERLIN))
    assert f'name="presence-{attendance.pk}"' in staff_client.get(detail_url).content.decode()
    staff_client.post(url, {f"presence-{attendance.pk}": "present"})
    attendance.refresh_from_db()
    assert attendance.presence == "present"


# --- the minutes editor starts with the agenda --------------------------------------------------------


def test_the_minutes_editor_starts_with_the_headings_of_the_agenda(staff_client, meeting):
    AgendaItemFactory(meeting=meeting, position=2, title="Breitband im Hügelland")
    AgendaItemFactory(meeting=meeting, position=1, title="Begrüßung")
    response = staff_client.get(reverse("committees_staff:minutes_edit", args=[meeting.pk]))
    text = response.context["form"].initial["text"]
    assert text.index("# TOP 1: Begrüßung") < text.index("# TOP 2: Breitband im Hügelland")
    assert "# TOP 1: Begrüßung" in response.content.decode()


def test_a_saved_draft_is_not_replaced_by_the_agenda(staff_client, meeting):
    AgendaItemFactory(meeting=meeting, position=1, title="Begrüßung")
    services.save_minutes(meeting=meeting, text="Mein Entwurf")
    response = staff_client.get(reverse("committees_staff:minutes_edit", args=[meeting.pk]))
    assert response.context["form"].initial["text"] == "Mein Entwurf"



# --- agenda items: edited, made public, reordered in one step -----------------------------------------


@pytest.fixture
def agenda(meeting):
    return [AgendaItemFactory(meeting=meeting, position=position, title=title, public=False)
            for position, title in enumerate(["Begrüßung", "Breitband", "Radweg", "Verschiedenes"], start=1)]


def test_staff_edit_an_agenda_item_and_make_it_public_after_creating_it(staff_client, meeting, agenda):
    url = reverse("committees_staff:agenda_item_edit", args=[agenda[1].pk])
    detail = staff_client.get(reverse("committees_staff:meeting_detail", args=[meeting.pk])).content.decode()
    assert f'href="{url}"' in detail
    response = staff_client.post(url, {"title": "Breitband und LTE im Hügelland", "text": "Bericht der Stadt",
                                       "public": "on"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#top-{agenda[1].pk}")
    agenda[1].refresh_from_db()
    assert (agenda[1].title, agenda[1].text, agenda[1].public) == ("Breitband und LTE im Hügelland",
                                                                   "Bericht der Stadt", True)
    assert staff_client.post(url, {"title": "", "text": ""}).status_code == 400


def test_the_agenda_item_editor_is_for_staff_only(client, member_a_client, member_b_client, agenda):
    url = reverse("committees_staff:agenda_item_edit", args=[agenda[0].pk])
    for other in (client, member_a_client, member_b_client):
        assert other.get(url).status_code in (302, 403)
        other.post(url, {"title": "gekapert", "public": "on"})
    agenda[0].refresh_from_db()
    assert agenda[0].title == "Begrüßung" and not agenda[0].public


def test_typed_positions_reorder_the_whole_agenda_in_one_post(staff_client, meeting, agenda):
    response = staff_client.post(reverse("committees_staff:agenda_reorder", args=[meeting.pk]), {
        f"position-{agenda[3].pk}": "1", f"position-{agenda[0].pk}": "2", f"position-{agenda[2].pk}": "3",
        f"position-{agenda[1].pk}": "9"})
    assert response.status_code == 302 and response["Location"].endswith("#agenda")
    titles = list(meeting.agenda_items.order_by("position").values_list("position", "title"))
    assert titles == [(1, "Verschiedenes"), (2, "Begrüßung"), (3, "Radweg"), (4, "Breitband")]


def test_moving_an_item_up_returns_to_that_item_on_the_page(staff_client, meeting, agenda):
    response = staff_client.post(reverse("committees_staff:agenda_item_move", args=[agenda[2].pk]),
                                 {"direction": "up"})
    assert response["Location"].endswith(f"#top-{agenda[2].pk}")
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Begrüßung", "Radweg", "Breitband", "Verschiedenes"]


def test_reordering_is_for_staff_only(client, member_a_client, member_b_client, meeting, agenda):
    url = reverse("committees_staff:agenda_reorder", args=[meeting.pk])
    for other in (client, member_a_client, member_b_client):
        other.post(url, {f"position-{agenda[3].pk}": "1"})
    assert meeting.agenda_items.order_by("position").first().title == "Begrüßung"


# --- the committee staff page split into tabs ---------------------------------------------------------


def test_the_committee_staff_page_shows_one_part_per_tab_with_the_tab_marked(staff_client, committee_a, meeting,
                                                                             member_a):
    committee_a.recommendations.create(title="Parken am Bahnhof", text="…", addressee="town")
    tabs = {
        "committee_detail": ("Frühjahrssitzung", "Sitzung anlegen"),
        "committee_members": (member_a.email, "Einladen"),
        "committee_documents": ("Noch keine Unterlagen.", "Hochladen"),
        "committee_recommendations": ("Parken am Bahnhof", "Empfehlung anlegen"),
    }
    pages = {tab: staff_client.get(reverse(f"committees_staff:{tab}", args=[committee_a.pk])).content.decode()
             for tab in tabs}
    for tab, page in pages.items():
        url = reverse(f"committees_staff:{tab}", args=[committee_a.pk])
        assert f'aria-current="page" href="{url}"' in page
        for other, markers in tabs.items():
            for marker in markers:
                assert (marker in page) == (other == tab), (tab, marker)


def test_a_form_with_errors_comes_back_on_its_own_tab(staff_client, committee_a):
    response = staff_client.post(reverse("committees_staff:member_invite", args=[committee_a.pk]), {"email": "x"})
    assert response.status_code == 400
    assert response.context["section"] == "members"
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an." in response.content.decode()
