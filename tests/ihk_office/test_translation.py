"""The English translation: the catalogue is complete and sound, and the language switch really switches.

The msgids are German; locale/en/LC_MESSAGES/django.po carries the English. The .po is read with a small
reader below (no extra dependency), the compiled .mo with the standard library's gettext.
"""

from __future__ import annotations

import gettext
import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import CompanyFactory, ConsultationDayFactory, MeetingFactory, VisitFactory
from tests.languages import english_client

BERLIN = ZoneInfo("Europe/Berlin")
MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = MESSAGES / "django.po"
MO_FILE = MESSAGES / "django.mo"

# Monday 23 November 2026, 14:00 in Hattingen: the office is open until 17:00.
OPEN_MONDAY = datetime(2026, 11, 23, 14, 0, tzinfo=BERLIN)

# Entries whose English is the German word itself: place names, German legal forms and a few loanwords.
SAME_IN_ENGLISH = {
    "Name", "Person", "Text", "Text (Markdown)", "IHK", "Website", "Status", "online", "HTML", "Organisation",
    "Register", "System", "Import", "%(name)s: %(status)s",
    "Altstadt/Mitte", "Blankenstein", "Bredenscheid-Stüter", "Elfringhausen", "Holthausen", "Niederbonsfeld",
    "Niederelfringhausen", "Niederwenigern", "Oberbredenscheid", "Oberelfringhausen", "Welper", "Winz-Baak",
    "GbR", "OHG", "KG", "GmbH & Co. KG", "GmbH", "UG (haftungsbeschränkt)", "AG",
}

PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%%|%[sdif]|\{\{?\s*\w*\s*\}?\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


# --- a small .po reader ------------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def sources(self) -> dict[int, str]:
        """Which German text each translated form stands for."""
        if self.msgid_plural is None:
            return {0: self.msgid}
        return {index: self.msgid if index == 0 else self.msgid_plural for index in self.msgstr}

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file (header included as msgid ""; obsolete #~ entries left out)."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal current
        if current.msgstr or current.msgid:
            entries.append(current)
        current = Entry()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line and (current.msgstr or current.msgid):
                finish()
                target = None
            continue
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = json.loads(line)
        else:
            keyword, _, rest = line.partition(" ")
            value = json.loads(rest)
            if keyword in ("msgctxt", "msgid") and current.msgstr:
                finish()  # entries not separated by a blank line
            if not current.line:
                current.line = number
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                target = ("msgstr", int(match.group(1)))
            elif keyword in ("msgid", "msgid_plural", "msgctxt", "msgstr"):
                target = (keyword, 0 if keyword == "msgstr" else None)
            else:
                raise ValueError(f"{path}:{number}: unexpected {keyword!r}")
            if target[0] == "msgstr":
                current.msgstr.setdefault(target[1], "")
            else:
                setattr(current, target[0], "")
        assert target is not None, f"{path}:{number}: text outside an entry"
        name, index = target
        if name == "msgstr":
            current.msgstr[index] += value
        else:
            setattr(current, name, getattr(current, name) + value)
    finish()
    return entries


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    entries = read_po(PO_FILE)
    assert entries and entries[0].msgid == "", "the .po starts with its header"
    return entries


@pytest.fixture(scope="module")
def messages(catalogue) -> list[Entry]:
    return catalogue[1:]


# --- the catalogue -----------------------------------------------------------------------------------


def test_the_catalogue_declares_english_with_two_plural_forms(catalogue):
    header = catalogue[0]
    assert "fuzzy" not in header.flags
    assert "Language: en\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


def test_the_catalogue_is_big_enough_to_be_the_whole_site(messages):
    # Guards the reader itself: a parse that silently drops entries would make the checks below vacuous.
    assert len(messages) > 900
    assert sum(1 for entry in messages if entry.msgid_plural) >= 5


def test_every_message_is_translated(messages):
    untranslated = [str(e) for e in messages if not e.msgstr or any(not text.strip() for text in e.msgstr.values())]
    assert not untranslated, f"{len(untranslated)} untranslated:\n" + "\n".join(untranslated[:30])


def test_no_message_is_fuzzy(messages):
    # Django ignores fuzzy entries, so they would show German on the English site.
    fuzzy = [str(e) for e in messages if "fuzzy" in e.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy (check, then remove the flag):\n" + "\n".join(fuzzy[:30])


def test_plural_messages_have_both_english_forms(messages):
    incomplete = [str(e) for e in messages if e.msgid_plural is not None and sorted(e.msgstr) != [0, 1]]
    assert not incomplete, incomplete


def test_every_placeholder_is_kept_and_none_is_invented(messages):
    wrong = []
    for entry in messages:
        for index, text in entry.msgstr.items():
            source = entry.sources[index]
            if Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(text)):
                wrong.append(f"{entry}: {text!r}")
    assert not wrong, "\n".join(wrong)


def test_python_format_entries_really_format(messages):
    for entry in messages:
        if "python-format" not in entry.flags:
            continue
        for index, text in entry.msgstr.items():
            names = {name: "x" for name in re.findall(r"%\((\w+)\)", entry.sources[index])}
            formatted = text % names  # raises on an unknown name or a stray %
            assert "%(" not in formatted, entry


def test_html_inside_messages_is_kept(messages):
    wrong = [str(e) for e in messages for index, text in e.msgstr.items()
             if Counter(HTML_TAG.findall(e.sources[index])) != Counter(HTML_TAG.findall(text))]
    assert not wrong, wrong


def test_only_names_and_loanwords_stay_german(messages):
    copied = [str(e) for e in messages if e.msgstr.get(0) == e.msgid and e.msgid not in SAME_IN_ENGLISH]
    assert not copied, "msgstr copied from the German msgid:\n" + "\n".join(copied)


def test_the_committed_mo_file_matches_the_po_file(messages):
    # A fresh machine has no msgfmt: the .mo in the repository is what runs, so it must not be stale.
    assert MO_FILE.exists(), "run `manage.py compilemessages --ignore=.venv` and commit django.mo"
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages:
        if entry.msgid_plural is None:
            got = {0: compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)}
        else:
            got = {index: compiled.ngettext(entry.msgid, entry.msgid_plural, 1 if index == 0 else 2)
                   for index in entry.msgstr}
        if got != entry.msgstr:
            stale.append(str(entry))
    assert not stale, f"{len(stale)} entries differ in django.mo (run compilemessages):\n" + "\n".join(stale[:20])


# --- the language switch -----------------------------------------------------------------------------


def page_text(response) -> str:
    """The visible text of the page's main content (tags stripped), for phrase checks."""
    assert response.status_code in (200, 400), response.status_code  # 400: a form with errors
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def assert_english(response, *, says: list[str], not_says: list[str]) -> None:
    markup = response.content.decode()
    assert '<html lang="en"' in markup
    text = page_text(response)
    for phrase in says:
        assert phrase in text, f"missing English phrase {phrase!r}"
    for phrase in not_says:
        assert phrase not in text, f"German phrase {phrase!r} still on the English page"


@pytest.fixture
def day(office):
    return ConsultationDayFactory(office=office, date=date(2026, 12, 3))  # eight slots from 13:00


@pytest.fixture
def english(office):
    return english_client()


@time_machine.travel(OPEN_MONDAY, tick=False)
def test_the_switch_is_a_plain_link_to_the_same_page_in_the_other_language(client, office):
    german = client.get("/impressum/?von=start").content.decode()
    assert "<form" not in german and "csrfmiddlewaretoken" not in german  # no form just for the switch
    assert '<a class="nav-link" href="/en/impressum/?von=start" hreflang="en" lang="en">English</a>' in german
    english = client.get("/en/impressum/?von=start").content.decode()
    assert '<html lang="en"' in english and "Legal notice" in english
    assert '<a class="nav-link" href="/impressum/?von=start" hreflang="de" lang="de">Deutsch</a>' in english
    assert "open now – until 17:00" in client.get("/en/").content.decode()
    assert "jetzt geöffnet – bis 17:00 Uhr" in client.get("/").content.decode()  # no choice is remembered


def test_links_in_english_pages_stay_english_and_unprefixed_paths_stay_german(client, office):
    with translation.override("en"):
        assert reverse("consultations:days") == "/en/sprechtag/"
        assert reverse("login") == "/en/konto/login/"
    assert reverse("consultations:days") == "/sprechtag/"
    assert 'href="/en/sprechtag/"' in client.get("/en/").content.decode()
    assert client.get("/en/konto/login/").status_code == 200


@time_machine.travel(OPEN_MONDAY, tick=False)
def test_home_in_english_says_open_now_and_lists_the_opening_hours(english, day):
    response = english.get("/")
    assert_english(
        response,
        says=["open now – until 17:00", "How to reach us", "Opening hours", "Monday 13:00–17:00",
              "Friday 13:00–15:30", "Saturday closed",
              "The office is closed on public holidays in North Rhine-Westphalia.",
              "Training consultation day", "Book an appointment", "IHK-Regionalbüro Hattingen"],
        not_says=["jetzt geöffnet", "Öffnungszeiten", "So erreichen Sie uns", "Montag", "geschlossen", " Uhr",
                  "Termin buchen", "Plätze frei"],
    )


@time_machine.travel(datetime(2026, 11, 28, 10, 0, tzinfo=BERLIN), tick=False)
def test_home_in_english_says_when_the_closed_office_opens(english):
    assert "closed – opens Monday at 13:00" in page_text(english.get("/"))


@time_machine.travel(datetime(2026, 12, 14, 10, 0, tzinfo=BERLIN), tick=False)
def test_home_in_english_names_the_public_holidays_in_english(english):
    text = page_text(english.get("/"))
    assert "Friday, 25 December 2026: Christmas Day" in text and "New Year's Day" in text
    assert "Weihnachtstag" not in text and "Neujahr" not in text


@time_machine.travel(OPEN_MONDAY, tick=False)
def test_the_consultation_days_in_english(english, day):
    assert_english(
        english.get(reverse("consultations:days")),
        says=["Once a month, usually on the first Thursday", "The next dates", "Thursday, 3 December 2026",
              "8 places left", "Would you rather call? Telephone 02324 3803301."],
        not_says=["Die nächsten Termine", "Donnerstag", "Dezember", "Plätze frei", "Sie möchten lieber anrufen"],
    )
    assert_english(
        english.get(reverse("consultations:day", args=[day.pk])),
        says=["Training consultation day on Thursday, 3 December 2026", "Choose a time", "13:00 – available, book"],
        not_says=["Wählen Sie eine Uhrzeit", "frei, buchen", "13:00 Uhr"],
    )


@time_machine.travel(OPEN_MONDAY, tick=False)
def test_the_booking_form_in_english_with_its_error_messages(english, day):
    url = reverse("consultations:book", args=[day.slots.first().pk])
    assert_english(
        english.get(url),
        says=["Book an appointment", "Your name", "Email address", "I am", "Pupil", "Career choice",
              "Privacy – in brief", "I have read the privacy notice and agree.", "Send binding request"],
        not_says=["Ihr Name", "E-Mail-Adresse", "Schülerin", "Berufswahl", "Datenschutz – kurz erklärt",
                  "Verbindlich anfragen", " Uhr"],
    )
    response = english.post(url, {"name": "", "email": "kein-mail"})
    assert response.status_code in (200, 400)
    assert_english(
        response,
        says=["Please check your details", "Please fill in this field."],
        not_says=["Bitte prüfen Sie Ihre Angaben", "Bitte füllen Sie dieses Feld aus."],
    )


def test_the_login_page_in_english(english):
    assert_english(
        english.get(reverse("login")),
        says=["Log in", "Username", "Password", "Forgotten your password?"],
        not_says=["Anmelden", "Benutzername", "Passwort"],
    )


@pytest.mark.parametrize(
    ("name", "says", "not_says"),
    [
        ("impressum", ["Legal notice", "Provider", "Responsible for the content", "public-law corporation"],
         ["Anbieter", "Verantwortlich für den Inhalt", "Körperschaft des öffentlichen Rechts"]),
        ("privacy", ["Privacy policy", "Who is responsible?", "Your rights", "GDPR"],
         ["Datenschutzerklärung", "Wer ist verantwortlich?", "Ihre Rechte", "DSGVO"]),
        ("accessibility", ["Accessibility statement", "Report a barrier", "Conciliation procedure"],
         ["Erklärung zur Barrierefreiheit", "Barriere melden", "Schlichtungsverfahren"]),
    ],
)
def test_the_legal_pages_in_english(english, name, says, not_says):
    assert_english(english.get(reverse(name)), says=says, not_says=not_says)


def test_a_member_page_in_english(office, member_a, committee_a):
    MeetingFactory(committee=committee_a, title="Herbstsitzung")
    client = english_client(member_a)
    assert_english(
        client.get(reverse("committees:member_home")),
        says=["My committees", "Upcoming meetings", "Your reply to “Herbstsitzung”", "Send reply",
              "Approved minutes", "Subscribe to meetings in your own calendar"],
        not_says=["Meine Gremien", "Nächste Sitzungen", "Antwort senden", "Genehmigte Protokolle"],
    )


@time_machine.travel(OPEN_MONDAY, tick=False)
def test_staff_pages_in_english(staff_user, office, day):
    company = CompanyFactory()
    VisitFactory(company=company, staff=staff_user)
    staff_client = english_client(staff_user)
    assert_english(
        staff_client.get(reverse("staff_home")),
        says=["Internal", "Companies and visits", "Days, day sheets and planning", "Opening hours and closures"],
        not_says=["Intern ", "Firmen und Besuche", "Öffnungszeiten und Schließzeiten"],
    )
    assert_english(
        staff_client.get(reverse("consultations_staff:day_sheet", args=[day.pk])),
        says=["Telephone booking", "Appointments and bookings", "Cancel this consultation day"],
        not_says=["Telefonische Buchung", "Termine und Buchungen", "Tag absagen"],
    )
    assert_english(
        staff_client.get(reverse("companies:directory")),
        says=["Company directory", "1 company found", "District", "C – Manufacturing", "Reset filters"],
        not_says=["Firmenverzeichnis", "Firma gefunden", "Ortsteil", "Verarbeitendes Gewerbe"],
    )


@time_machine.travel(OPEN_MONDAY, tick=False)
def test_texts_built_in_python_follow_the_language_too(staff_user, committee_a, day):
    # Form labels and help texts formatted in Python must be formatted per request, not once at import.
    meeting = MeetingFactory(committee=committee_a)
    staff_client = english_client(staff_user)
    assert_english(
        staff_client.get(reverse("consultations_staff:phone_booking", args=[day.pk])),
        says=["Telephone booking for 03.12.2026", "03.12.2026, 13:00", "Caller is"],
        not_says=["13:00 Uhr", "Anrufer ist"],
    )
    assert_english(
        staff_client.get(reverse("committees_staff:meeting_detail", args=[meeting.pk])),
        says=["PDF, DOCX, XLSX, PPTX, ODT, PNG or JPEG, at most 10 MB", "Upload document"],
        not_says=["höchstens", "Dokument hochladen"],
    )


@time_machine.travel(OPEN_MONDAY, tick=False)
def test_a_booking_made_in_english_gets_its_mails_in_english(day):
    from consultations import services
    from ihk_office.models import OutgoingMail

    with translation.override("en"):
        booking = services.book(day.slots.first(), name="Lena", email="lena@example.org", role="pupil",
                                topic="career")
        services.confirm(booking=booking)
    link_mail = OutgoingMail.objects.get(key=f"booking-confirm-link:{booking.pk}")
    assert link_mail.subject == "Please confirm: your appointment at the training consultation day"
    assert "Hello Lena," in link_mail.body and "Thursday, 3 December 2026 at 13:00" in link_mail.body
    assert "Kind regards" in link_mail.body and "Uhr" not in link_mail.body and "Viele Grüße" not in link_mail.body
    confirmed = OutgoingMail.objects.get(category="consultation-confirmed")
    assert confirmed.subject == "Your appointment at the training consultation day: Thursday, 3 December 2026 at 13:00"
    assert "Termin" not in confirmed.body


# --- German stays the default ------------------------------------------------------------------------


@time_machine.travel(OPEN_MONDAY, tick=False)
def test_without_a_choice_the_site_is_german(client, office, day):
    response = client.get("/")
    markup = response.content.decode()
    assert '<html lang="de"' in markup
    text = page_text(response)
    assert "jetzt geöffnet – bis 17:00 Uhr" in text and "Öffnungszeiten" in text and "Montag 13:00–17:00 Uhr" in text
    assert "open now" not in text and "Opening hours" not in text
    assert "Nächster Termin: Donnerstag, 3. Dezember 2026 – noch 8 Plätze frei." in text
    assert "Benutzername" in page_text(client.get(reverse("login")))


@time_machine.travel(OPEN_MONDAY, tick=False)
def test_switching_back_to_german_works(english, client):
    markup = english.get("/").content.decode()
    assert "open now" in markup and 'href="/" hreflang="de"' in markup
    text = page_text(client.get("/"))
    assert "jetzt geöffnet – bis 17:00 Uhr" in text and "open now" not in text
