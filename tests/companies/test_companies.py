"""Company data: register numbers and WZ codes checked against the official lists, the section derived,
the directory's search and filters, contacts, networks and introductions."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from companies.classification import normalize_wz, wz_section
from companies.models import Company, Introduction, Network

from ..factories import CompanyFactory, ContactFactory, FollowUpFactory, NetworkFactory, TopicFactory, VisitFactory

pytestmark = pytest.mark.django_db


def company_post(**overrides):
    data = {"name": "Ruhrblick Café", "legal_form": "GmbH", "register_court": "Essen", "register_type": "HRB",
            "register_number": "4711", "wz_code": "5610", "street": "Obere Heggerstraße 5", "postcode": "45525",
            "city": "Hattingen", "district": "mitte", "is_member": "on", "website": "ruhrblick.example"}
    data.update(overrides)
    return data


def test_a_company_with_valid_register_and_wz_code_is_saved_with_its_section(staff_client):
    response = staff_client.post(reverse("companies:company_create"), company_post())
    company = Company.objects.get()
    assert response.status_code == 302
    assert (company.wz_code, company.section, company.register_entry) == ("56.10", "I", "Essen HRB 4711")
    assert company.website == "https://ruhrblick.example"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"register_number": "12X45Y"}, "Die Registernummer „12X45Y“ ist ungültig"),
    ({"register_type": "HRA"}, "Eine GmbH steht im Register HRB."),
    ({"register_court": "Nirgendwo"}, "„Nirgendwo“ ist kein Registergericht."),
    ({"register_court": ""}, "Für eine Registereintragung bitte Gericht, Registerart und Nummer angeben."),
    ({"wz_code": "99.99"}, "„99.99“ ist kein Code der WZ 2008"),
    ({"wz_code": "47.11.0"}, "„47.11.0“ ist kein Code der WZ 2008"),
    ({"postcode": "4552"}, "Eine Postleitzahl hat fünf Ziffern."),
    ({"name": ""}, "Bitte den Namen der Firma angeben."),
])
def test_bad_company_data_gets_a_german_error_and_keeps_what_was_typed(staff_client, overrides, message):
    data = company_post(**overrides)
    response = staff_client.post(reverse("companies:company_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Obere Heggerstraße 5"' in html
    assert not Company.objects.exists()


def test_a_register_number_can_belong_to_one_company_only(staff_client):
    CompanyFactory(register_court="Essen", register_type="HRB", register_number="4711")
    response = staff_client.post(reverse("companies:company_create"), company_post())
    assert "Eine Firma mit dieser Registernummer gibt es schon." in response.content.decode()


def test_wz_codes_are_normalised_and_their_section_derived():
    assert normalize_wz("2561") == "25.61" and normalize_wz("25 61 0") == "25.61.0"
    assert wz_section("25.61.0") == "C" and wz_section("47.11.1") == "G" and wz_section("62.01.9") == "J"
    assert wz_section("99.99") == ""
    company = CompanyFactory(wz_code="43.21")
    assert company.section == "F"


def test_each_directory_row_links_the_company_and_names_its_district_and_last_visit(staff_client):
    company = CompanyFactory(name="Welper Werkzeugbau", district="bredenscheid-stueter", is_member=False)
    VisitFactory(company=company, date=date(2025, 9, 3))
    CompanyFactory(name="Zeche Nie", district="")
    html = staff_client.get(reverse("companies:directory")).content.decode()
    row = html[html.index("Welper Werkzeugbau") - 200:html.index("</tr>", html.index("Welper Werkzeugbau"))]
    assert f'href="{company.get_absolute_url()}"' in row
    assert "Bredenscheid-Stüter" in row and "03.09.2025" in row and "kein Mitglied" in row
    other = html[html.index("Zeche Nie"):html.index("</tr>", html.index("Zeche Nie"))]
    assert "noch nie" in other and "kein Mitglied" not in other


@pytest.mark.parametrize(("typed", "found"), [
    ("Doehn", "Autohaus Döhn"), ("döhn", "Autohaus Döhn"),
    ("Baeckerei", "Bäckerei Krüger"), ("krueger", "Bäckerei Krüger"),
    ("Ruhrstrasse", "Ruhrstraße Getränke"), ("ruhrstraße", "Ruhrstrasse Kiosk"),
    ("Mueller", "Petra Müller (Ansprechperson)"), ("ÖLMÜHLE", "Oelmuehle Sprockhövel"),
])
def test_search_finds_umlauts_typed_as_ae_oe_ue_ss_and_back_in_the_directory_and_the_visit_search(
        staff_client, typed, found):
    CompanyFactory(name="Autohaus Döhn")
    CompanyFactory(name="Bäckerei Krüger")
    CompanyFactory(name="Ruhrstraße Getränke")
    CompanyFactory(name="Ruhrstrasse Kiosk")
    CompanyFactory(name="Oelmuehle Sprockhövel")
    ContactFactory(company=CompanyFactory(name="Petra Müller (Ansprechperson)"), name="Petra Müller")
    CompanyFactory(name="Dohna Metall")  # "Doehn" must not find "Dohn…"
    directory = staff_client.get(reverse("companies:directory"), {"q": typed})
    assert found in [company.name for company in directory.context["page"].object_list]
    assert "Dohna Metall" not in [company.name for company in directory.context["page"].object_list]
    visit_search = staff_client.get(reverse("companies:visit_start"), {"q": typed})
    assert found in [company.name for company in visit_search.context["companies"]]


def test_the_directory_searches_name_street_and_contact_and_filters(staff_client):
    with time_machine.travel("2026-03-10 09:00 +01:00", tick=False):
        by_name = CompanyFactory(name="Ruhrtal Radverleih", district="welper", street="Marxstraße 1")
        by_street = CompanyFactory(name="Meier Bau", street="Ruhrdeich 4", district="mitte")
        by_contact = CompanyFactory(name="Schulz Optik", district="mitte")
        ContactFactory(company=by_contact, name="Petra Ruhrmann")
        other = CompanyFactory(name="Bäckerei Krüger", is_member=False, wz_code="10.71.0")
        VisitFactory(company=by_name, date=date(2026, 1, 5))
        VisitFactory(company=by_street, date=date(2024, 1, 5))

        def names(**params):
            response = staff_client.get(reverse("companies:directory"), params)
            return [c.name for c in response.context["page"].object_list]

        assert names(q="ruhr") == ["Meier Bau", "Ruhrtal Radverleih", "Schulz Optik"]
        assert names(district="welper") == ["Ruhrtal Radverleih"]
        assert names(member="nein") == [other.name]
        assert names(section="C") == ["Bäckerei Krüger", "Meier Bau", "Ruhrtal Radverleih", "Schulz Optik"]
        assert names(visited="3") == ["Ruhrtal Radverleih"]
        assert names(visited="nie") == ["Bäckerei Krüger", "Schulz Optik"]
        assert names(visited="nicht-12") == ["Bäckerei Krüger", "Meier Bau", "Schulz Optik"]


def test_the_company_page_shows_contacts_networks_and_the_timeline(staff_client):
    company = CompanyFactory(name="Ruhrblick Café")
    ContactFactory(company=company, name="Petra Ruhrmann", role="Inhaberin")
    NetworkFactory(name="IG Mühlenviertel").members.add(company)
    VisitFactory(company=company, summary="Baustelle Heggerstraße")
    html = staff_client.get(company.get_absolute_url()).content.decode()
    for text in ["Petra Ruhrmann", "IG Mühlenviertel", "Baustelle Heggerstraße",
                 reverse("companies:visit_create", args=[company.pk])]:
        assert text in html


def test_each_visit_on_the_timeline_names_the_contacts_met_and_its_topics(staff_client):
    company = CompanyFactory(name="Ruhrblick Café")
    petra = ContactFactory(company=company, name="Petra Ruhrmann")
    udo = ContactFactory(company=company, name="Udo Albers")
    visit = VisitFactory(company=company, summary="Baustelle Heggerstraße")
    visit.contacts.set([petra, udo])
    visit.topics.set([TopicFactory(name="Tourismus", position=2), TopicFactory(name="Breitband", position=1)])
    VisitFactory(company=company, summary="Kurzer Anruf")
    html = staff_client.get(company.get_absolute_url()).content.decode()
    item = html[html.index(f'id="besuch-{visit.pk}"'):]
    item = item[:item.index("</li>\n")] if "</li>\n" in item else item
    assert "mit Udo Albers, Petra Ruhrmann" not in item and "mit Petra Ruhrmann, Udo Albers" in item
    assert item.index(">Breitband<") < item.index(">Tourismus<")

def test_the_company_page_shows_the_newest_twenty_visits_and_links_to_the_older_ones(staff_client, staff_user):
    company = CompanyFactory(name="Ruhrblick Café")
    visits = [VisitFactory(company=company, staff=staff_user, date=date(2025, 1, 1) + timedelta(days=n),
                           summary=f"Besuch Nummer {n:02}") for n in range(25)]
    FollowUpFactory(visit=visits[0], what="Alte Zusage nachhalten", due_on=date(2025, 2, 1))
    FollowUpFactory(visit=visits[24], what="Neue Zusage nachhalten", due_on=date(2026, 4, 1), done_on=date(2026, 1, 1))
    html = staff_client.get(company.get_absolute_url()).content.decode()
    assert "Besuche (25)" in html
    assert "Besuch Nummer 24" in html and "Besuch Nummer 05" in html and "Besuch Nummer 04" not in html
    assert html.index("Besuch Nummer 24") < html.index("Besuch Nummer 05")  # the newest first
    assert f'href="{visits[24].get_absolute_url()}"' in html
    assert "Neue Zusage nachhalten (01.04.2026" in html and " – erledigt" in html  # follow-ups of the visits …
    assert "Alte Zusage nachhalten" in html  # … and every open one, however old its visit
    assert 'href="?seite=2"' in html
    older = staff_client.get(company.get_absolute_url(), {"seite": 2}).content.decode()
    assert "Besuch Nummer 04" in older and "Besuch Nummer 00" in older and "Besuch Nummer 05" not in older
    assert "Besuche (25)" in older and "Seite 2 von 2" in older
    assert staff_client.get(company.get_absolute_url(), {"seite": "x"}).status_code == 200


def test_staff_log_an_introduction_to_a_network(staff_client, staff_user):
    company = CompanyFactory(name="Hotel Ruhr")
    network = NetworkFactory(name="Tourismusnetzwerk Ruhrtalradweg")
    response = staff_client.post(reverse("companies:introduction_create", args=[company.pk]), {
        "date": "2026-03-01", "to_network": network.pk, "purpose": "Angebot für Radtouristen",
        "outcome": "Mitglied geworden"})
    assert response.status_code == 302
    introduction = Introduction.objects.get()
    assert (introduction.counterpart, introduction.made_by) == (network, staff_user)
    assert "Hotel Ruhr" in staff_client.get(network.get_absolute_url()).content.decode()
    assert "Angebot für Radtouristen" in staff_client.get(reverse("companies:introduction_list")).content.decode()


def test_an_introduction_needs_exactly_one_counterpart(staff_client):
    company, other = CompanyFactory(), CompanyFactory(name="Welper Werkzeugbau")
    network = NetworkFactory()
    for extra in ({}, {"to_company_name": other.name, "to_network": network.pk}):
        response = staff_client.post(reverse("companies:introduction_create", args=[company.pk]), {
            "date": "2026-03-01", "purpose": "Kennenlernen", **extra})
        assert response.status_code == 400
        assert "Bitte genau eine Firma oder ein Netzwerk als Gegenüber wählen." in response.content.decode()
    assert not Introduction.objects.exists()
    with pytest.raises(ValidationError):
        Introduction(company=company, to_company=company, purpose="x", made_by_id=1).full_clean()


def test_staff_create_a_network_with_members(staff_client):
    response = staff_client.post(reverse("companies:network_create"), {
        "name": "IG Mühlenviertel", "kind": "ig", "contact_person": "Sprecherin",
        "partners": "IHK zu Essen"})
    assert response.status_code == 302
    network = Network.objects.get()
    network.members.add(CompanyFactory(name="A"), CompanyFactory(name="B"))
    html = staff_client.get(reverse("companies:network_list")).content.decode()
    assert "IG Mühlenviertel" in html and "2 Mitglieder" in html
    response = staff_client.post(reverse("companies:network_create"), {"name": "IG Mühlenviertel", "kind": "ig"})
    assert "Ein Netzwerk mit diesem Namen gibt es schon." in response.content.decode()


def test_a_contact_period_must_not_end_before_it_begins(staff_client):
    company = CompanyFactory()
    response = staff_client.post(reverse("companies:contact_create", args=[company.pk]), {
        "name": "Petra Ruhrmann", "role": "Inhaberin", "since": "2026-03-01", "until": "2025-01-01"})
    html = response.content.decode()
    assert "Das Ende liegt vor dem Beginn." in html and 'value="Petra Ruhrmann"' in html
    assert not company.contacts.exists()
    staff_client.post(reverse("companies:contact_create", args=[company.pk]), {
        "name": "Petra Ruhrmann", "role": "Inhaberin", "since": "2024-03-01", "until": "2025-01-01"})
    contact = company.contacts.get()
    assert not contact.is_current
    assert company.contacts.current().count() == 0


def test_an_introduction_to_a_company_finds_it_by_name(staff_client):
    company = CompanyFactory(name="Hotel Ruhr")
    cafe = CompanyFactory(name="Ruhrblick Café")
    CompanyFactory(name="Ruhrblick Café Zwei")
    url = reverse("companies:introduction_create", args=[company.pk])
    post = {"date": "2026-03-01", "purpose": "Gemeinsames Angebot"}
    response = staff_client.post(url, {**post, "to_company_name": "ruhrblick"})
    assert "Mehrere Firmen passen: Ruhrblick Café, Ruhrblick Café Zwei." in response.content.decode()
    assert 'value="ruhrblick"' in response.content.decode()
    response = staff_client.post(url, {**post, "to_company_name": "Gibt es nicht"})
    assert "Keine Firma „Gibt es nicht“ gefunden." in response.content.decode()
    assert staff_client.post(url, {**post, "to_company_name": "ruhrblick café"}).status_code == 302
    assert Introduction.objects.get().to_company == cafe


@pytest.mark.parametrize("value", ["", "welper", "nirgendwo"])
def test_the_fast_select_writes_the_same_html_as_djangos_select(value):
    from django import forms
    from django.test.html import parse_html

    from companies.forms import DirectoryFilterForm, FastSelect

    choices = [*DirectoryFilterForm.base_fields["district"].choices, ("Gruppe", [("a", "A & B"), ("b", "<b>")])]
    attrs = {"id": "id_district", "class": "form-select", "aria-invalid": "true", "required": True, "hidden": False}
    fast = FastSelect(choices=choices).render("district", value, attrs)
    django = forms.Select(choices=choices).render("district", value, attrs)
    assert parse_html(fast) == parse_html(django)
    assert "&lt;b&gt;" in fast and "A &amp; B" in fast


def test_the_dmy_filter_writes_dates_as_the_date_filter_does():
    from django.template.defaultfilters import date as date_filter

    from companies.templatetags.companies_tags import dmy

    for day in [date(2026, 1, 2), date(1999, 12, 31)]:
        assert dmy(day) == date_filter(day, "d.m.Y")
    assert dmy(None) == ""


def test_the_company_page_shows_every_change_on_the_next_request(staff_client, office):
    from companies import services
    from companies.models import Contact

    company = CompanyFactory(name="Ruhrtal Metall GmbH")
    VisitFactory(company=company, summary="Erster Besuch")
    url = reverse("companies:company_detail", args=[company.pk])
    assert "Erster Besuch" in staff_client.get(url).content.decode()
    # A contact saved anywhere (here straight through the ORM, as the admin does) shows on the next page.
    Contact.objects.create(company=company, name="Petra Schmiedel", role="Inhaberin")
    assert "Petra Schmiedel" in staff_client.get(url).content.decode()
    network = NetworkFactory(name="IG Mühlenviertel")
    services.join_network(company=company, network=network)
    html = staff_client.get(url).content.decode()
    assert html.count("IG Mühlenviertel") >= 1
    follow_up = FollowUpFactory(visit=company.visits.get(), what="Angebot schicken")
    assert "Angebot schicken" in staff_client.get(url).content.decode()
    services.complete_follow_up(follow_up=follow_up)
    page = staff_client.get(url)
    assert all(f.pk != follow_up.pk for f in page.context["open_follow_ups"])
