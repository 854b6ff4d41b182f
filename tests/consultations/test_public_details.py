"""Finding 9 of issue 13: the public consultation pages' details, as a visitor's browser receives them."""

from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from consultations.services import book

from ..factories import ClosureFactory


class Fields(HTMLParser):
    """The form controls and meta tags of a page, by name, with their attributes (a select: its options)."""

    def __init__(self, html: str):
        super().__init__()
        self.inputs, self.options, self.meta, self._select = {}, {}, {}, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea"):
            self.inputs[attrs.get("name")] = attrs
        if tag == "select":
            self._select = attrs.get("name")
            self.options[self._select] = []
        elif tag == "option" and self._select:
            self.options[self._select].append(attrs)
        elif tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def booking_form(client, day):
    return Fields(client.get(reverse("consultations:book", args=[day.slots.first().pk])).content.decode())


def test_the_waitlist_is_not_offered_while_places_are_free(client, day):
    html = client.get(reverse("consultations:day", args=[day.pk])).content.decode()
    assert "Warteliste" not in html and "Wählen Sie eine Uhrzeit" in html


def test_a_booked_out_day_offers_the_waitlist_and_says_how_long_an_offer_holds(client, day, settings):
    settings.CONSULTATION_WAITLIST_OFFER_HOURS = 24
    for slot in day.slots.all():
        book(slot, name="Telefonkundin", phone="02324 1", source="phone")

    html = client.get(reverse("consultations:day", args=[day.pk])).content.decode()

    assert "Warteliste" in html and "Das Angebot gilt 24 Stunden" in html and "eine Zeit lang" not in html


@pytest.mark.parametrize("name", ["role", "topic"])
def test_ich_bin_and_worum_geht_es_start_unchosen_and_must_be_chosen(client, day, name):
    options = booking_form(client, day).options[name]
    assert options[0]["value"] == ""
    assert not any("selected" in option for option in options[1:])  # only the empty choice may be marked

    response = client.post(reverse("consultations:book", args=[day.slots.first().pk]),
                           {"slot": day.slots.first().pk, "name": "Lena", "email": "lena@example.org",
                            "role": "pupil", "topic": "career", "privacy": "on", name: ""})

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_phone_field_brings_the_number_keypad_and_the_saved_number(client, day):
    phone = booking_form(client, day).inputs["phone"]
    assert (phone["type"], phone["autocomplete"]) == ("tel", "tel")


@pytest.mark.parametrize("path", ["/", "/en/", "/sprechtag/", "/en/sprechtag/"])
def test_public_pages_carry_a_meta_description(client, office, path):
    description = Fields(client.get(path).content.decode()).meta["description"]
    assert office.name in description and len(description) > 50


def test_the_english_home_page_translates_the_closures_heading(client, office, frozen):
    ClosureFactory(office=office, start_date=date(2026, 12, 24), end_date=date(2026, 12, 24), reason="Heiligabend")
    html = client.get("/en/").content.decode()
    assert "Upcoming closures" in html and "Closing soon" not in html
