"""The staff mail log answers "did Frau X get her confirmation?": recipient, subject, state, a search by
recipient, 50 per page, and a detail page whose text hides every link into the portal."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ihk_office.models import OutgoingMail


def _mail(to: str, subject: str = "Ihr Termin beim Ausbildungssprechtag", body: str = "Hallo", **extra):
    return OutgoingMail.objects.create(to=[to], subject=subject, body=body, status="sent", sent_at=timezone.now(),
                                       **extra)


def test_staff_find_a_persons_mail_by_recipient(staff_client, office):
    _mail("frau.x@example.org")
    _mail("herr.y@example.org", subject="Abgesagt: Ihr Termin")
    html = staff_client.get(reverse("mail_log"), {"q": "FRAU.X"}).content.decode()
    assert "frau.x@example.org" in html and "Ihr Termin beim Ausbildungssprechtag" in html
    assert "herr.y@example.org" not in html


def test_the_mail_log_pages_fifty_at_a_time_with_two_queries(staff_client, office, django_assert_num_queries):
    OutgoingMail.objects.bulk_create(OutgoingMail(to=[f"p{n}@example.org"], subject=f"Betreff {n}", body="x")
                                     for n in range(120))
    staff_client.get(reverse("mail_log"))  # session and user are read once; then the page alone is counted
    with CaptureQueriesContext(connection) as queries:
        html = staff_client.get(reverse("mail_log"), {"seite": 2}).content.decode()
    # session, user, group "Büro", count, page (nothing else, and never the texts)
    assert len(queries) <= 5, [q["sql"] for q in queries]
    assert not any('"body"' in q["sql"] for q in queries)
    assert html.count("@example.org</td>") == 50
    assert "Seite 2 von 3" in html


def test_the_detail_page_shows_the_text_without_links_into_the_portal(staff_client, office, settings):
    link = f"{settings.SITE_URL}/sprechtag/buchung/eyJiIjo0Mn0:1t:abc/"
    mail = _mail("frau.x@example.org", body=f"Hallo Frau X,\n\nTermin ansehen oder absagen: {link}\n\nGrüße")
    html = staff_client.get(reverse("mail_detail", args=[mail.pk])).content.decode()
    assert "Termin ansehen oder absagen: [Link ausgeblendet]" in html
    assert "eyJiIjo0Mn0" not in html and "frau.x@example.org" in html
