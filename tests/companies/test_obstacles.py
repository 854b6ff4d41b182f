"""Location obstacles (issue #15, part 2): from the visit to the agenda item to the recommendation.

Five visits record broadband obstacles in two districts, a board member reports one from the member area, staff
accept it and name the company, group all six into an item of the next meeting, whose summary is counted from the
rows each time a page shows it, and a recommendation names them. Plus the rules on the way (inbox, statuses,
history, kinds) and the dashboard's table.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from defusedxml import ElementTree
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from committees import services as committee_services
from committees.demo import BEIRAT_LOGIN
from committees.models import AgendaItem, Recommendation
from companies import obstacle_services as services
from companies.models import LocationObstacle, ObstacleKind
from ihk_office.demo import DEMO_STAFF_USERNAME

from ..conftest import logged_in
from ..factories import CompanyFactory, MeetingFactory, RecommendationFactory, VisitFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 5, 20, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def text_of(response) -> str:
    """The page's visible text, tags stripped and white space folded (what a person reads)."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def broadband():
    return ObstacleKind.objects.get(name="Breitband/LTE")


def record_at_visit(staff_client, visit, *, kind, title) -> LocationObstacle:
    """Staff open the visit, follow "Standorthemmnis erfassen" and save the prefilled form."""
    page = staff_client.get(visit.get_absolute_url()).content.decode()
    link = re.search(r'href="([^"]*hemmnisse/neu/\?visit=\d+)"', page).group(1)
    form = staff_client.get(link).content.decode()
    assert f'name="visit" value="{visit.pk}"' in form  # prefilled with the visit …
    assert f'<option value="{visit.company.district}" selected>' in form  # … its company's district …
    assert f'value="{visit.date:%Y-%m-%d}"' in form  # … and its date
    response = staff_client.post(link, {"kind": kind.pk, "title": title, "district": visit.company.district,
                                        "noted_on": f"{visit.date:%Y-%m-%d}", "visit": visit.pk, "description": ""})
    assert response.status_code == 302, text_of(response)
    return LocationObstacle.objects.get(title=title)


def test_from_five_visits_and_a_members_report_to_an_agenda_item_and_a_recommendation(
        staff_client, staff_user, member_a_client, member_a, member_b_client, committee_a, broadband):
    with time_machine.travel(NOW, tick=False):
        elfringhausen = [CompanyFactory(name=f"Hof Elfringhausen {n}", district="elfringhausen") for n in range(3)]
        bonsfeld = [CompanyFactory(name=f"Werkstatt Niederbonsfeld {n}", district="niederbonsfeld")
                    for n in range(2)]
        days = [date(2027, 3, 4), date(2027, 3, 18), date(2027, 4, 8), date(2027, 4, 22), date(2027, 5, 6)]
        visits = [VisitFactory(company=company, staff=staff_user, date=day, summary="Funkloch, kein LTE")
                  for company, day in zip(elfringhausen + bonsfeld, days, strict=True)]

        # 1. Five visits, each records a broadband obstacle from the visit page.
        recorded = [record_at_visit(staff_client, visit, kind=broadband, title=f"Kein LTE bei {visit.company.name}")
                    for visit in visits]
        assert [o.visit for o in recorded] == visits
        assert all(list(o.companies.all()) == [o.visit.company] for o in recorded)
        assert {o.status for o in recorded} == {"open"}

        # 2. A board member reports one from the member area: it waits in the staff inbox as "gemeldet".
        home = member_a_client.get(reverse("committees:member_home")).content.decode()
        assert reverse("committees:obstacle_report") in home
        response = member_a_client.post(reverse("committees:obstacle_report"), {
            "kind": broadband.pk, "district": "elfringhausen", "title": "Glasfaser endet an der Felderbachstraße",
            "description": "Unser Betrieb wartet seit einem Jahr."})
        assert response.status_code == 302
        report = LocationObstacle.objects.get(title="Glasfaser endet an der Felderbachstraße")
        assert (report.status, report.source, report.reported_by) == ("reported", "member", member_a)
        mine = text_of(member_a_client.get(reverse("committees:obstacle_report")))
        assert "Glasfaser endet an der Felderbachstraße" in mine and "Stand: gemeldet" in mine
        assert "Glasfaser endet" not in text_of(member_b_client.get(reverse("committees:obstacle_report")))
        dashboard = text_of(staff_client.get(reverse("companies:dashboard")))
        assert "1 neue Meldung von Mitgliedern im Eingang" in dashboard
        inbox = text_of(staff_client.get(reverse("companies:obstacle_list") + "?status=reported"))
        assert "Glasfaser endet an der Felderbachstraße" in inbox and "Kein LTE" not in inbox

        # Not accepted yet: it is not offered for the agenda, and the service refuses it.
        meeting = MeetingFactory(committee=committee_a, title="Frühjahrssitzung 2027", starts_at=NOW.replace(day=27))
        group_url = reverse("committees_staff:meeting_obstacles", args=[meeting.pk])
        assert "Glasfaser endet" not in staff_client.get(group_url + f"?kind={broadband.pk}").content.decode()
        with pytest.raises(ValidationError):
            committee_services.group_obstacles(meeting=meeting, title="x", obstacles=[report])

        # 3. Staff accept the report and name the member's company, found by its name.
        staff_client.post(reverse("companies:obstacle_review", args=[report.pk]), {"accept": "1", "note": ""})
        report.refresh_from_db()
        assert report.status == "open"
        own_firm = CompanyFactory(name="Ruhrtal Metallbau", district="elfringhausen")
        found = staff_client.get(report.get_absolute_url() + "?firma=Ruhrtal").content.decode()
        assert f'name="add" value="{own_firm.pk}"' in found
        staff_client.post(reverse("companies:obstacle_companies", args=[report.pk]), {"add": own_firm.pk})
        assert list(report.companies.all()) == [own_firm]

        # 4. Staff group the six into an agenda item of the next meeting (the kind filter ticks them all).
        meeting_page = staff_client.get(reverse("committees_staff:meeting_detail", args=[meeting.pk])).content.decode()
        assert group_url in meeting_page
        form = staff_client.get(group_url + f"?kind={broadband.pk}").content.decode()
        ticked = re.findall(r'name="obstacles" value="(\d+)"[^>]*checked', form)
        assert sorted(map(int, ticked)) == sorted(o.pk for o in [*recorded, report])
        response = staff_client.post(group_url + f"?kind={broadband.pk}", {
            "title": "Breitband im Hügelland", "text": "", "obstacles": ticked})
        assert response.status_code == 302
        item = AgendaItem.objects.get(meeting=meeting, title="Breitband im Hügelland")
        assert item.obstacles.count() == 6

        # The summary, counted from the rows when the page is built: staff and the members of the committee.
        summary = "6 Standorthemmnisse, von 6 Firmen in 2 Ortsteilen seit März 2027 genannt"
        assert summary in text_of(staff_client.get(reverse("committees_staff:meeting_detail", args=[meeting.pk])))
        member_page = reverse("committees:meeting_detail", args=[meeting.pk])
        assert summary in text_of(member_a_client.get(member_page))
        english = text_of(member_a_client.get("/en" + member_page))
        assert "6 location obstacles, raised by 6 companies in 2 districts since March 2027" in english
        assert member_b_client.get(member_page).status_code == 404

        # Live, not stored: one more company affected shows on the next request.
        staff_client.post(reverse("companies:obstacle_companies", args=[recorded[0].pk]),
                          {"add": elfringhausen[1].pk})
        assert "von 6 Firmen" in text_of(member_a_client.get(member_page))  # the same company twice counts once
        staff_client.post(reverse("companies:obstacle_companies", args=[recorded[0].pk]),
                          {"add": CompanyFactory(district="niederbonsfeld").pk})
        assert "von 7 Firmen in 2 Ortsteilen" in text_of(member_a_client.get(member_page))

        # 5. A recommendation names the obstacles it answers, then its status changes. The committee publishes
        # its recommendations: adopted, the recommendation is public.
        committee_a.publishes_recommendations = True
        committee_a.save(update_fields=["publishes_recommendations"])
        recommendation = RecommendationFactory(committee=committee_a, title="Funklöcher schließen",
                                               public_text="Die Stadt möge den Mobilfunkausbau im Hügelland fördern.")
        committee_services.change_recommendation_status(recommendation=recommendation, status="adopted",
                                                        on=date(2027, 5, 13), by=staff_user)
        detail_url = reverse("committees_staff:recommendation_detail", args=[recommendation.pk])
        offered = staff_client.get(detail_url).content.decode()
        assert all(f'name="obstacles" value="{o.pk}"' in offered for o in [*recorded, report])
        staff_client.post(reverse("committees_staff:recommendation_obstacles", args=[recommendation.pk]),
                          {"obstacles": [o.pk for o in [*recorded, report]]})
        assert set(recommendation.obstacles.all()) == {*recorded, report}
        response = staff_client.post(detail_url, {"status": "handed_over", "date": "2027-05-20",
                                                  "note": "an die Stadt übergeben, Ansprechpartner Herr Ruhrtal",
                                                  "public_note": "Dem Ausschuss für Wirtschaft übergeben."})
        assert response.status_code == 302
        recommendation.refresh_from_db()
        assert recommendation.status == "handed_over"
        assert [step.status for step in recommendation.history.all()][-1] == "handed_over"
        shown = text_of(staff_client.get(detail_url))
        assert "Glasfaser endet an der Felderbachstraße" in shown.split("Beantwortete Standorthemmnisse")[1]
        obstacle_page = text_of(staff_client.get(report.get_absolute_url()))
        assert "Funklöcher schließen (übergeben)" in obstacle_page
        assert "Frühjahrssitzung 2027" in obstacle_page

        # 6. The status change shows in public: the committee's recommendations page and its Atom feed, read by an
        # anonymous visitor – with the public wording only, never the obstacles' companies or the internal note.
        visitor = Client()
        public = text_of(visitor.get(reverse("committees:public_recommendations", args=[committee_a.slug])))
        assert "Funklöcher schließen" in public and "Dem Ausschuss für Wirtschaft übergeben." in public
        assert "übergeben" in public.split("Funklöcher schließen")[1]
        feed = visitor.get(reverse("committees:public_recommendations_feed", args=[committee_a.slug]))
        entries = ElementTree.fromstring(feed.content).findall("{http://www.w3.org/2005/Atom}entry")
        handed_over = [entry for entry in entries if "übergeben" in entry.findtext("{http://www.w3.org/2005/Atom}title")]
        assert len(handed_over) == 1
        assert "Dem Ausschuss für Wirtschaft übergeben." in ElementTree.tostring(handed_over[0], encoding="unicode")
        for secret in ["Ruhrtal Metallbau", "Hof Elfringhausen", "Glasfaser endet", "Herr Ruhrtal", "Kein LTE bei"]:
            assert secret not in public and secret not in feed.content.decode()


def test_an_obstacle_goes_through_its_statuses_with_a_history(staff_client, staff_user, broadband):
    company = CompanyFactory(name="Autohaus Welper", district="welper")
    response = staff_client.post(reverse("companies:obstacle_create") + f"?company={company.pk}", {
        "kind": broadband.pk, "title": "Kein Glasfaseranschluss", "district": "welper", "noted_on": "2026-10-01",
        "company": company.pk})
    obstacle = LocationObstacle.objects.get()
    assert response["Location"] == obstacle.get_absolute_url()
    assert list(obstacle.companies.all()) == [company]
    url = reverse("companies:obstacle_status", args=[obstacle.pk])
    missing = staff_client.post(url, {"status": "raised", "raised_with": "", "note": ""})
    assert missing.status_code == 400 and "bei wem" in missing.content.decode()
    staff_client.post(url, {"status": "raised", "raised_with": "Wirtschaftsförderung", "note": "im Jour fixe"})
    staff_client.post(url, {"status": "solved", "raised_with": "", "note": "Anschluss liegt"})
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.raised_with) == ("solved", "Wirtschaftsförderung")
    assert [(s.status, s.by) for s in obstacle.history.all()] == [
        ("open", staff_user), ("raised", staff_user), ("solved", staff_user)]
    page = text_of(staff_client.get(obstacle.get_absolute_url()))
    assert "angesprochen: Wirtschaftsförderung im Jour fixe" in page and "Anschluss liegt" in page
    # A solved obstacle is no longer offered for an agenda and leaves the dashboard's table.
    assert "Kein Glasfaseranschluss" not in text_of(staff_client.get(reverse("companies:dashboard")))


def test_a_report_is_accepted_or_declined_once_and_only_then_worked_on(staff_user, member_a, broadband):
    report = services.report_obstacle(kind=broadband, title="Funkloch", by=member_a)
    with pytest.raises(ValidationError):
        services.change_status(obstacle=report, status="raised", raised_with="Stadt", by=staff_user)
    with pytest.raises(ValidationError):
        services.decline_report(obstacle=report, by=staff_user, note=" ")
    services.decline_report(obstacle=report, by=staff_user, note="schon erfasst")
    with pytest.raises(ValidationError):
        services.accept_report(obstacle=report, by=staff_user)
    report.refresh_from_db()
    assert report.status == "declined"
    assert [s.status for s in report.history.all()] == ["reported", "declined"]


def test_a_member_report_with_errors_keeps_what_was_typed(member_a_client, member_a):
    response = member_a_client.post(reverse("committees:obstacle_report"), {
        "kind": "", "district": "welper", "title": "", "description": "Parkplätze fehlen"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte die Art des Hemmnisses wählen." in html and "Parkplätze fehlen" in html
    assert not LocationObstacle.objects.exists()


def test_staff_add_a_kind_that_forms_then_offer(staff_client, member_a_client, member_a):
    url = reverse("companies:obstacle_kinds")
    assert staff_client.post(url, {"name": "Energie", "name_en": "Energy"}).status_code == 302
    assert staff_client.post(url, {"name": "Energie", "name_en": ""}).status_code == 400
    kind = ObstacleKind.objects.get(name="Energie")
    assert f'<option value="{kind.pk}">Energie</option>' in member_a_client.get(
        reverse("committees:obstacle_report")).content.decode()
    assert f'<option value="{kind.pk}">Energy</option>' in member_a_client.get(
        "/en" + reverse("committees:obstacle_report")).content.decode()


def test_the_dashboard_lists_unsolved_obstacles_by_kind_and_district(staff_client, staff_user, member_a):
    kinds = {kind.name: kind for kind in ObstacleKind.objects.all()}
    for district in ["welper", "welper", "blankenstein"]:
        services.record_obstacle(kind=kinds["Verkehr und Parken"], title="Parken", district=district, by=staff_user)
    solved = services.record_obstacle(kind=kinds["Mobilfunk"], title="Funk", district="welper", by=staff_user)
    services.change_status(obstacle=solved, status="solved", by=staff_user)
    services.report_obstacle(kind=kinds["Mobilfunk"], title="Gemeldet", district="welper", by=member_a)
    page = text_of(staff_client.get(reverse("companies:dashboard")))
    section = page.split("Ungelöste Standorthemmnisse: 3")[1].split("Alle Standorthemmnisse")[0]
    assert "Verkehr und Parken Blankenstein 1" in section and "Verkehr und Parken Welper 2" in section
    assert "Mobilfunk" not in section.split("im Eingang")[1]  # solved, or only reported: not in the table
    assert "1 neue Meldung von Mitgliedern im Eingang" in section


def test_the_list_filters_by_kind_district_status_and_agenda_item(staff_client, staff_user, committee_a):
    kinds = {kind.name: kind for kind in ObstacleKind.objects.all()}
    a = services.record_obstacle(kind=kinds["Mobilfunk"], title="Funkloch Welper", district="welper", by=staff_user)
    services.record_obstacle(kind=kinds["Fachkräfte"], title="Keine Azubis", district="welper", by=staff_user)
    services.record_obstacle(kind=kinds["Mobilfunk"], title="Funkloch Winz", district="winz-baak", by=staff_user)
    url = reverse("companies:obstacle_list")
    only = text_of(staff_client.get(url, {"kind": kinds["Mobilfunk"].pk, "district": "welper"}))
    assert "Funkloch Welper" in only and "Keine Azubis" not in only and "Funkloch Winz" not in only
    services.change_status(obstacle=a, status="solved", by=staff_user)
    unsolved = text_of(staff_client.get(url, {"status": "unsolved"}))
    assert "Funkloch Welper" not in unsolved and "Funkloch Winz" in unsolved
    item = committee_services.group_obstacles(meeting=MeetingFactory(committee=committee_a), title="Funk",
                                              obstacles=[LocationObstacle.objects.get(title="Funkloch Winz")])
    on_item = text_of(staff_client.get(url, {"top": item.pk}))
    assert "Funkloch Winz" in on_item and "Keine Azubis" not in on_item


def test_recommendations_name_only_accepted_obstacles(staff_user, member_a, committee_a, broadband):
    report = services.report_obstacle(kind=broadband, title="Gemeldet", by=member_a)
    recommendation = Recommendation.objects.create(committee=committee_a, title="Empfehlung", text="…",
                                                   addressee="town")
    with pytest.raises(ValidationError):
        committee_services.link_obstacles(recommendation=recommendation, obstacles=[report])
    assert not recommendation.obstacles.exists()


def test_the_same_obstacle_named_at_another_visit_adds_the_company_instead_of_a_new_obstacle(
        staff_client, staff_user, broadband):
    first = CompanyFactory(name="Hof Wodantal", district="oberelfringhausen")
    obstacle = services.record_obstacle(kind=broadband, title="Kein LTE im Wodantal", district="oberelfringhausen",
                                        companies=[first], by=staff_user)
    services.record_obstacle(kind=broadband, title="Anderswo", district="welper", by=staff_user)
    visit = VisitFactory(company=CompanyFactory(name="Reiterhof", district="oberelfringhausen"), staff=staff_user)
    form = text_of(staff_client.get(reverse("companies:obstacle_create") + f"?visit={visit.pk}"))
    assert "Kein LTE im Wodantal" in form and "Anderswo" not in form
    staff_client.post(reverse("companies:obstacle_companies", args=[obstacle.pk]), {"add": visit.company.pk})
    assert set(obstacle.companies.all()) == {first, visit.company}
    assert "Kein LTE im Wodantal" not in text_of(
        staff_client.get(reverse("companies:obstacle_create") + f"?visit={visit.pk}"))


def test_the_demo_data_shows_obstacles_everywhere_users_look_and_seeds_them_once(settings, private_media):
    settings.DEBUG = True  # seed_demo makes accounts with known passwords only with DEBUG
    call_command("seed_demo", stdout=io.StringIO())
    counts = (LocationObstacle.objects.count(), AgendaItem.objects.filter(obstacles__isnull=False).distinct().count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (LocationObstacle.objects.count(),
            AgendaItem.objects.filter(obstacles__isnull=False).distinct().count()) == counts
    assert LocationObstacle.objects.inbox().count() == 1
    assert {"open", "raised", "solved", "reported"} <= set(LocationObstacle.objects.values_list("status", flat=True))
    item = AgendaItem.objects.filter(obstacles__isnull=False, meeting__state="tentative").distinct().get()
    member = logged_in(get_user_model().objects.get(username=BEIRAT_LOGIN[0]))
    page = text_of(member.get(reverse("committees:meeting_detail", args=[item.meeting_id])))
    assert re.search(r"\d+ Standorthemmnisse, von \d+ Firmen in \d Ortsteilen seit", page)
    assert "Funkloch am Wodantal" in text_of(member.get(reverse("committees:obstacle_report")))
    staff = logged_in(get_user_model().objects.get(username=DEMO_STAFF_USERNAME))
    assert "1 neue Meldung von Mitgliedern im Eingang" in text_of(staff.get(reverse("companies:dashboard")))
    assert Recommendation.objects.get(title="Funklöcher im Hügelland schließen").obstacles.exists()
