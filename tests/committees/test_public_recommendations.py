"""The board's recommendations in public (issue #15, part 3): for a committee that publishes them, a public page of
its adopted recommendations (title, public text, addressee, date, current status and its history), a page per
recommendation and an Atom feed of the status changes; never a draft, an internal text or note, a company or
person name, nor anything of a committee that does not publish."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element  # nosec B405 - the type only; parsing goes through defusedxml

import pytest
from defusedxml.ElementTree import fromstring
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse as django_reverse
from django.utils import timezone, translation

from committees import services
from committees.models import Recommendation

from ..caches import clear_caches
from ..factories import (
    AgendaItemFactory,
    CompanyFactory,
    DocumentFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def reverse(name, *, args=None) -> str:
    """The German path, whichever language the last /en/ request left active in this thread."""
    with translation.override("de"):
        return django_reverse(name, args=args)


@pytest.fixture
def board(committee_a):
    committee_a.publishes_recommendations = True
    committee_a.save()
    return committee_a


def held_meeting(committee, *, days_ago=60, **fields):
    return MeetingFactory(committee=committee, state="held", starts_at=timezone.now() - timedelta(days=days_ago),
                          **fields)


def adopted(committee, title, *, public_text="", text="Interner Text.", addressee="town", meeting=None, by=None):
    return services.create_recommendation(committee=committee, title=title, text=text, public_text=public_text,
                                          addressee=addressee, adopted_in=meeting or held_meeting(committee), by=by)


def page_of(client, committee) -> str:
    response = client.get(reverse("committees:public_recommendations", args=[committee.slug]))
    assert response.status_code == 200
    return response.content.decode()


def feed_of(client, committee, *, prefix="") -> Element:
    response = client.get(prefix + reverse("committees:public_recommendations_feed", args=[committee.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return fromstring(response.content)  # a reader of its own, with the Atom namespace


# --- the one rule: what is published --------------------------------------------------------------------------


def test_only_adopted_recommendations_of_a_publishing_committee_are_published(board, committee_b):
    shown = adopted(board, "Funklöcher schließen")
    services.change_recommendation_status(recommendation=shown, status="handed_over")
    answered = adopted(board, "Gewerbeflächen sichern")
    services.change_recommendation_status(recommendation=answered, status="answered")
    draft = services.create_recommendation(committee=board, title="Noch ein Entwurf", text="…", addressee="town")
    taken_back = adopted(board, "Zurück in den Entwurf")
    services.change_recommendation_status(recommendation=taken_back, status="drafted")
    never_adopted = services.create_recommendation(committee=board, title="Nie beschlossen", text="…",
                                                   addressee="town")
    services.change_recommendation_status(recommendation=never_adopted, status="rejected")
    elsewhere = adopted(committee_b, "Arbeitskreis intern")

    published = set(Recommendation.objects.published())
    assert published == {shown, answered}
    assert not published & {draft, taken_back, never_adopted, elsewhere}
    assert Recommendation.objects.published().get(pk=shown.pk).adopted_on == timezone.localdate(
        shown.adopted_in.starts_at)


# --- what the page shows ----------------------------------------------------------------------------------------


def test_the_public_page_shows_title_public_text_addressee_date_status_and_history(client, board, staff_user):
    meeting = held_meeting(board, days_ago=100)
    rec = adopted(board, "Funklöcher im Hügelland schließen", meeting=meeting, addressee="business_development",
                  public_text="Die Stadt meldet die Funklöcher beim Netzbetreiber.", by=staff_user)
    services.change_recommendation_status(recommendation=rec, status="handed_over", on=date(2026, 10, 2),
                                          public_note="Der Stadtverwaltung übergeben.", by=staff_user)
    html = page_of(client, board)
    adopted_on = timezone.localdate(meeting.starts_at)
    article = html.split(f'id="empfehlung-{rec.pk}"')[1]
    assert "Funklöcher im Hügelland schließen" in article
    assert "Die Stadt meldet die Funklöcher beim Netzbetreiber." in article
    assert "Wirtschaftsförderung" in article  # the addressee
    assert f"{adopted_on.day}. " in article and str(adopted_on.year) in article
    assert "<strong>übergeben</strong>" in article  # the current status
    history = article.split("recommendation-history")[1]
    assert [step for step in re.findall(r'<time datetime="([\d-]+)">', history)] == [
        adopted_on.isoformat(), adopted_on.isoformat(), "2026-10-02"]
    assert "entworfen" in history and "beschlossen" in history and "Der Stadtverwaltung übergeben." in history
    detail = client.get(reverse("committees:public_recommendation", args=[board.slug, rec.pk]))
    assert detail.status_code == 200
    assert "Der Stadtverwaltung übergeben." in detail.content.decode()
    assert '<h1 class="h2" lang="de">Funklöcher im Hügelland schließen</h1>' in detail.content.decode()


def test_newest_decisions_come_first_and_the_list_has_pages(client, board, settings):
    from committees import selectors

    old = adopted(board, "Ältere Empfehlung", meeting=held_meeting(board, days_ago=300))
    new = adopted(board, "Neuere Empfehlung", meeting=held_meeting(board, days_ago=30))
    html = page_of(client, board)
    assert html.index(new.title) < html.index(old.title)
    meeting = held_meeting(board, days_ago=200)
    for n in range(selectors.PUBLIC_RECOMMENDATIONS_PER_PAGE):
        adopted(board, f"Empfehlung Nr. {n}", meeting=meeting)
    first, second = page_of(client, board), client.get(
        reverse("committees:public_recommendations", args=[board.slug]) + "?seite=2").content.decode()
    assert "Seite 1 von 2" in first and "Ältere Empfehlung" not in first
    assert "Ältere Empfehlung" in second


def test_a_recommendation_without_public_text_shows_no_text_at_all(client, board):
    rec = adopted(board, "Nur der Titel", text="Der interne Wortlaut mit Namen.")
    html = page_of(client, board)
    assert "Nur der Titel" in html and "Der interne Wortlaut" not in html
    detail = client.get(reverse("committees:public_recommendation", args=[board.slug, rec.pk])).content.decode()
    assert "Der interne Wortlaut" not in detail


def test_the_committee_page_and_the_home_page_link_to_the_recommendations(client, board, committee_b):
    recs_url = reverse("committees:public_recommendations", args=[board.slug])
    feed_url = reverse("committees:public_recommendations_feed", args=[board.slug])
    committee_page = client.get(reverse("committees:committee_public", args=[board.slug])).content.decode()
    assert f'href="{recs_url}"' in committee_page
    assert '<link rel="alternate" type="application/atom+xml"' in committee_page and feed_url in committee_page
    other = client.get(reverse("committees:committee_public", args=[committee_b.slug])).content.decode()
    assert "/empfehlungen/" not in other
    home = client.get("/").content.decode()
    assert f'href="{reverse("committees:committee_public", args=[board.slug])}"' in home
    assert f'href="{recs_url}"' in home
    assert f'href="{reverse("committees:committee_public", args=[committee_b.slug])}"' in home
    assert f'href="{reverse("committees:public_recommendations", args=[committee_b.slug])}"' not in home


def test_the_recommendations_page_names_its_feed_in_the_head_and_visibly(client, board):
    html = page_of(client, board)
    feed_url = reverse("committees:public_recommendations_feed", args=[board.slug])
    head, body = html.split("</head>")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="' + re.escape(feed_url),
                     head)
    assert re.search(r'<a [^>]*href="' + re.escape(feed_url) + r'"[^>]*>Neue Stände als Atom-Feed abonnieren</a>',
                     body)


def test_the_english_page_and_feed_speak_english(client, board):
    rec = adopted(board, "Funklöcher schließen", public_text="Öffentlicher Text.")
    services.change_recommendation_status(recommendation=rec, status="handed_over", public_note="Übergeben.")
    html = client.get("/en" + reverse("committees:public_recommendations", args=[board.slug])).content.decode()
    assert 'lang="en"' in html and "Recommendations" in html and "handed over" in html
    # The board's own words stay German and say so, for screen readers.
    assert '<div class="mb-2" lang="de"><p>Öffentlicher Text.</p></div>' in html
    assert '<span lang="de">Übergeben.</span>' in html
    assert 'href="/en' + reverse("committees:public_recommendations_feed", args=[board.slug]) + '"' in html
    feed = feed_of(client, board, prefix="/en")
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert "Funklöcher schließen: handed over" in titles
    assert all(link.get("href").startswith("http://testserver/en/") for link in feed.iter(f"{ATOM}link"))


# --- the Atom feed ----------------------------------------------------------------------------------------------


def test_the_feed_is_valid_atom_with_one_entry_per_public_step(client, board, staff_user):
    rec = adopted(board, "Funklöcher schließen", public_text="Öffentlich.", by=staff_user)
    services.change_recommendation_status(recommendation=rec, status="handed_over", on=date(2026, 10, 2),
                                          note="intern", public_note="Der Stadt <übergeben> & erklärt.",
                                          by=staff_user)
    feed = feed_of(client, board)
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287 4.1.1: a feed has an id, a title, an updated date, an author (or every entry has one) and
    # should link to itself and to its page.
    assert feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}title") == (
        "Handlungsempfehlungen: IHK-Regionalbeirat Hattingen")
    assert feed.findtext(f"{ATOM}updated")
    assert feed.find(f"{ATOM}author/{ATOM}name").text == board.name
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "http://testserver" + reverse("committees:public_recommendations_feed", args=[board.slug])
    assert links["alternate"] == "http://testserver" + reverse("committees:public_recommendations", args=[board.slug])
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3  # entworfen, beschlossen, übergeben
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 3 and all(urlsplit(entry_id).scheme == "http" for entry_id in ids)
    for entry in entries:  # RFC 4287 4.1.2: id, title, updated; a link (no content element here)
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href") == "http://testserver" + reverse(
            "committees:public_recommendation", args=[board.slug, rec.pk])
        assert entry.find(f"{ATOM}summary").get("type") == "html"
    newest = entries[0]
    assert newest.findtext(f"{ATOM}title") == "Funklöcher schließen: übergeben"
    summary = newest.findtext(f"{ATOM}summary")
    assert "Stand: übergeben seit 2. Oktober 2026" in summary and "an Stadtverwaltung" in summary
    assert "Der Stadt &lt;übergeben&gt; &amp; erklärt." in summary  # the reader gets escaped HTML
    assert newest.findtext(f"{ATOM}published").startswith("2026-10-02T00:00:00")


def test_a_new_status_reaches_page_and_feed_on_the_next_request(client, board):
    rec = adopted(board, "Radweg Ruhrtal", public_text="Lückenschluss am Leinpfad.")
    first = client.get(reverse("committees:public_recommendations_feed", args=[board.slug]))
    services.change_recommendation_status(recommendation=rec, status="implemented",
                                          public_note="Der Lückenschluss ist freigegeben.")
    again = client.get(reverse("committees:public_recommendations_feed", args=[board.slug]),
                       HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and b"Radweg Ruhrtal: umgesetzt" in again.content
    assert "Der Lückenschluss ist freigegeben." in page_of(client, board)


# --- never anything internal: markers in every non-public field, then a crawl as a visitor ---------------------

MARKERS = {
    "internal text": "MARKE-INTERNER-TEXT",
    "internal note of a step": "MARKE-INTERNE-NOTIZ",
    "first name of who recorded a step": "Markevorname",
    "last name of who recorded a step": "Markenachname",
    "name of a member": "Markemitglied",
    "organisation of a member": "MARKE-ORGANISATION GmbH",
    "a company": "MARKE-FIRMA Metallbau GmbH",
    "title of a draft": "MARKE-ENTWURF-TITEL",
    "public text of a draft": "MARKE-ENTWURF-TEXT",
    "public note of a draft's step": "MARKE-ENTWURF-HINWEIS",
    "title of a recommendation taken back to a draft": "MARKE-ZURUECKGENOMMEN",
    "title of a recommendation rejected without a decision": "MARKE-NIE-BESCHLOSSEN",
    "title in a committee that does not publish": "MARKE-AK-TITEL",
    "public text in a committee that does not publish": "MARKE-AK-TEXT",
    "public note in a committee that does not publish": "MARKE-AK-HINWEIS",
    "title of the adopting meeting": "MARKE-SITZUNGSTITEL",
    "place of the adopting meeting": "MARKE-SITZUNGSORT",
    "minutes": "MARKE-PROTOKOLL",
    "agenda item": "MARKE-TAGESORDNUNG",
    "document": "MARKE-DOKUMENT",
}
PUBLIC = {"title": "Funklöcher im Hügelland schließen", "public text": "Die Stadt meldet die Funklöcher.",
          "public note": "Der Stadtverwaltung übergeben."}


@pytest.fixture
def planted(board, committee_b, private_media):
    """Every non-public field of both committees holds a marker; the published recommendation also holds public
    words, which the crawl must find (so it is known to have reached them)."""
    m = MARKERS
    recorder = StaffFactory(username="erfasser", first_name=m["first name of who recorded a step"],
                            last_name=m["last name of who recorded a step"])
    member = UserFactory(username="markenmitglied", first_name=m["name of a member"], last_name=m["name of a member"])
    MembershipFactory(user=member, committee=board, organisation=m["organisation of a member"])
    CompanyFactory(name=m["a company"])
    meeting = held_meeting(board, title=m["title of the adopting meeting"],
                           location=m["place of the adopting meeting"])
    MinutesFactory(meeting=meeting, status="approved", approved_at=timezone.now(), text=m["minutes"])
    DocumentFactory(meeting=meeting, title=m["document"])
    rec = services.create_recommendation(committee=board, title=PUBLIC["title"], text=m["internal text"],
                                         public_text=PUBLIC["public text"], addressee="town", adopted_in=meeting,
                                         by=recorder)
    services.change_recommendation_status(recommendation=rec, status="handed_over", note=m["internal note of a step"],
                                          public_note=PUBLIC["public note"], by=recorder)
    AgendaItemFactory(meeting=meeting, title=m["agenda item"], text=m["agenda item"], recommendation=rec)

    draft = services.create_recommendation(committee=board, title=m["title of a draft"], text="…",
                                           public_text=m["public text of a draft"], addressee="town", by=recorder)
    services.change_recommendation_status(recommendation=draft, status="drafted",
                                          public_note=m["public note of a draft's step"])
    back = adopted(board, m["title of a recommendation taken back to a draft"], public_text="…")
    services.change_recommendation_status(recommendation=back, status="drafted")
    rejected = services.create_recommendation(committee=board, title=m["title of a recommendation rejected without "
                                                                         "a decision"], text="…", addressee="town")
    services.change_recommendation_status(recommendation=rejected, status="rejected")

    other = adopted(committee_b, m["title in a committee that does not publish"],
                    public_text=m["public text in a committee that does not publish"])
    services.change_recommendation_status(recommendation=other, status="handed_over",
                                          public_note=m["public note in a committee that does not publish"])
    return {"published": rec, "hidden": [draft, back, rejected, other]}


HREF = re.compile(r'href="([^"]+)"')


def crawl(client: Client, starts: list[str], limit: int = 200) -> dict[str, tuple[int, str, str]]:
    """Follow every link on this site from `starts` (pages and the feed alike), as `client`; path -> (status,
    content type, body)."""
    seen: dict[str, tuple[int, str, str]] = {}
    queue = list(starts)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        body = b"" if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        seen[path] = (response.status_code, response.get("Content-Type", ""), text)
        for href in HREF.findall(text):
            parts = urlsplit(href.replace("&amp;", "&"))
            if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(("/static/", "/admin/")):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append(target)
    return seen


def test_a_visitor_never_sees_a_draft_an_internal_note_or_a_name(client, planted, board, committee_b):
    starts = [reverse("committees:public_recommendations", args=[board.slug]),
              "/en" + reverse("committees:public_recommendations", args=[board.slug])]
    pages = crawl(client, starts)
    # The crawl reached the page, the recommendation's own page and the feed, in both languages.
    rec = planted["published"]
    for path in [*starts, reverse("committees:public_recommendation", args=[board.slug, rec.pk]),
                 reverse("committees:public_recommendations_feed", args=[board.slug]),
                 "/en" + reverse("committees:public_recommendations_feed", args=[board.slug]),
                 reverse("committees:committee_public", args=[board.slug]), "/"]:
        assert pages[path][0] == 200, path
    assert any("atom+xml" in content_type for _, content_type, _ in pages.values())
    everything = "\n".join(body for _, _, body in pages.values())
    for words in PUBLIC.values():
        assert words in everything
    leaks = {field: marker for field, marker in MARKERS.items() if marker.lower() in everything.lower()}
    assert not leaks, f"shown to a visitor: {leaks}"
    # Nothing of the hidden ones answers at its own address either, nor the page of a committee that does not publish.
    for hidden in planted["hidden"]:
        url = reverse("committees:public_recommendation", args=[hidden.committee.slug, hidden.pk])
        assert client.get(url).status_code == 404, hidden.title
    assert client.get(reverse("committees:public_recommendation", args=[committee_b.slug, rec.pk])).status_code == 404
    for name in ("committees:public_recommendations", "committees:public_recommendations_feed"):
        assert client.get(reverse(name, args=[committee_b.slug])).status_code == 404
    assert len(pages) > 5, list(pages)


# --- roles ------------------------------------------------------------------------------------------------------

PERSONAS = ["anonymous", "member of committee A", "member of committee B", "staff"]


@pytest.fixture
def persona_client(request, client, member_a_client, member_b_client, staff_client):
    return {"anonymous": client, "member of committee A": member_a_client,
            "member of committee B": member_b_client, "staff": staff_client}[request.param]


@pytest.mark.parametrize("persona_client", PERSONAS, indirect=True)
def test_every_persona_reads_the_same_public_pages_and_nothing_of_a_committee_that_does_not_publish(
        persona_client, board, committee_b):
    rec = adopted(board, "Öffentliche Empfehlung", public_text="Für alle.")
    draft = services.create_recommendation(committee=board, title="Entwurf für Mitglieder", text="…",
                                           addressee="town")
    other = adopted(committee_b, "Nur im Arbeitskreis")
    page = persona_client.get(reverse("committees:public_recommendations", args=[board.slug]))
    assert page.status_code == 200
    assert "Öffentliche Empfehlung" in page.content.decode() and "Entwurf für Mitglieder" not in page.content.decode()
    assert persona_client.get(reverse("committees:public_recommendation", args=[board.slug, rec.pk])).status_code == 200
    assert persona_client.get(reverse("committees:public_recommendations_feed", args=[board.slug])).status_code == 200
    for url in [reverse("committees:public_recommendation", args=[board.slug, draft.pk]),
                reverse("committees:public_recommendations", args=[committee_b.slug]),
                reverse("committees:public_recommendations_feed", args=[committee_b.slug]),
                reverse("committees:public_recommendation", args=[committee_b.slug, other.pk])]:
        assert persona_client.get(url).status_code == 404, url


@pytest.mark.parametrize("persona_client", PERSONAS, indirect=True)
def test_only_staff_enter_the_public_text(persona_client, request, board):
    rec = adopted(board, "Empfehlung", public_text="alt")
    url = reverse("committees_staff:recommendation_public_text", args=[rec.pk])
    response = persona_client.post(url, {"public_text": "neu"})
    rec.refresh_from_db()
    if request.node.callspec.params["persona_client"] == "staff":
        assert response.status_code == 302 and rec.public_text == "neu"
    else:
        assert response.status_code in (302, 403, 404) and rec.public_text == "alt"
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))


# --- staff enter the public fields ------------------------------------------------------------------------------


def test_staff_enter_public_text_and_public_note_in_their_forms(client, staff_client, board):
    meeting = held_meeting(board)
    response = staff_client.post(reverse("committees_staff:recommendation_create", args=[board.pk]), {
        "title": "Parkleitsystem Altstadt", "text": "Intern: Vorschlag von Firma X.",
        "public_text": "Ein Parkleitsystem für die Altstadt.", "addressee": "town", "adopted_in": meeting.pk})
    assert response.status_code == 302
    rec = Recommendation.objects.get(title="Parkleitsystem Altstadt")
    assert rec.public_text == "Ein Parkleitsystem für die Altstadt." and rec.status == "adopted"
    detail = reverse("committees_staff:recommendation_detail", args=[rec.pk])
    staff_page = staff_client.get(detail).content.decode()
    assert "öffentlicher Hinweis" in staff_page and "interne Notiz" in staff_page
    assert reverse("committees:public_recommendation", args=[board.slug, rec.pk]) in staff_page
    response = staff_client.post(detail, {"status": "handed_over", "date": "2026-11-02", "note": "Intern: Herr Y.",
                                          "public_note": "Der Stadt übergeben."})
    assert response.status_code == 302
    step = rec.history.order_by("-pk").first()
    assert (step.note, step.public_note) == ("Intern: Herr Y.", "Der Stadt übergeben.")
    staff_client.post(reverse("committees_staff:recommendation_public_text", args=[rec.pk]),
                      {"public_text": "Ein Parkleitsystem für Altstadt und Bahnhof."})
    public = page_of(client, board)
    assert "Ein Parkleitsystem für Altstadt und Bahnhof." in public and "Der Stadt übergeben." in public
    assert "Firma X" not in public and "Herr Y" not in public


def test_the_staff_tab_says_whether_the_committee_publishes(staff_client, board, committee_b):
    tab = staff_client.get(reverse("committees_staff:committee_recommendations", args=[board.pk])).content.decode()
    assert reverse("committees:public_recommendations", args=[board.slug]) in tab
    other = staff_client.get(reverse("committees_staff:committee_recommendations",
                                     args=[committee_b.pk])).content.decode()
    assert "veröffentlicht seine Empfehlungen nicht" in other


# --- HTTP caching as on the other public pages without a form ---------------------------------------------------


@pytest.mark.parametrize("name", ["public_recommendations", "public_recommendations_feed", "public_recommendation"])
def test_a_visitor_gets_a_public_copy_with_an_etag_and_a_member_a_private_one(client, member_a_client, board, name,
                                                                              settings):
    settings.PUBLIC_PAGE_MAX_AGE = 60
    rec = adopted(board, "Empfehlung")
    args = [board.slug, rec.pk] if name == "public_recommendation" else [board.slug]
    url = reverse(f"committees:{name}", args=args)
    response = client.get(url)
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert "<form" not in response.content.decode()
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert client.post(url).status_code == 405
    member = member_a_client.get(url)
    assert member["Cache-Control"] == "private, no-store" and not member.has_header("ETag")


# --- a fixed number of queries, named, at one and ten times the data -------------------------------------------

LAYOUT = ["office for the layout"]
EXPECTED = {
    "page": ["committee (if it publishes)", "count of its published recommendations",
             "one page of them with the date of their decision", "their history", *LAYOUT],
    "recommendation": ["the recommendation with its committee, if published", "its history", *LAYOUT],
    "feed": ["committee (if it publishes)", "the latest steps of its published recommendations"],
}


def build(board, committee_b, scale: int) -> dict[str, str]:
    meeting = held_meeting(board)
    recs = []
    for n in range(scale):
        rec = adopted(board, f"Empfehlung {n}", public_text="Öffentlich.", meeting=meeting)
        services.change_recommendation_status(recommendation=rec, status="handed_over", public_note="Übergeben.")
        services.change_recommendation_status(recommendation=rec, status="answered", note="intern")
        services.create_recommendation(committee=board, title=f"Entwurf {n}", text="…", addressee="town")
        adopted(committee_b, f"Arbeitskreis {n}")
        MembershipFactory(committee=board)
        recs.append(rec)
    return {
        "page": reverse("committees:public_recommendations", args=[board.slug]),
        "recommendation": reverse("committees:public_recommendation", args=[board.slug, recs[-1].pk]),
        "feed": reverse("committees:public_recommendations_feed", args=[board.slug]),
    }


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("page", EXPECTED)
def test_each_public_page_asks_a_fixed_named_set_of_queries(client, board, committee_b, page, scale):
    url = build(board, committee_b, scale)[page]
    clear_caches()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    if page == "feed":  # four steps each (entworfen, beschlossen, übergeben, beantwortet), the latest 30
        assert body.count("<entry>") == min(4 * scale, 30)
    else:
        assert len(set(re.findall(r"Empfehlung \d+", body))) == (1 if page == "recommendation" else scale)
    assert "Entwurf" not in body and "Arbeitskreis " not in body
    queries = [query["sql"] for query in captured.captured_queries]
    assert len(queries) == len(EXPECTED[page]), "\n\n".join(queries)
    # The internal fields are not even read: no query selects the internal text or notes or who recorded a step.
    for sql in queries:
        assert '"committees_recommendation"."text"' not in sql and '."note"' not in sql
        assert "recorded_by_id" not in sql


def test_the_public_pages_need_no_more_queries_than_the_empty_page_plus_one_list(client, board):
    """Before the first decision the page asks for the committee and the count only."""
    clear_caches()
    with CaptureQueriesContext(connection) as captured:
        html = page_of(client, board)
    assert "noch keine Handlungsempfehlungen veröffentlicht" in html
    assert len(captured.captured_queries) == 3  # committee, count, office for the layout


def test_logged_in_readers_of_the_page_pay_for_their_session_only(member_a_client, board, committee_b):
    url = build(board, committee_b, 2)["page"]
    clear_caches()
    with CaptureQueriesContext(connection) as captured:
        assert member_a_client.get(url).status_code == 200
    assert len(captured.captured_queries) == len(EXPECTED["page"]) + 2  # session, user
