"""The directory and the company pages are rendered once and served from the cache until the data changes.

What must hold: every reader gets their own CSRF token in the cached forms (a form posted from a page
rendered for somebody else still works), any change shows at once, and a missing company is still a 404.
"""

import pytest
from django.urls import reverse

from companies.models import Company

from ..csrf import TOKEN, staff_browser
from ..factories import CompanyFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_a_cached_company_page_carries_each_readers_own_csrf_token(django_assert_max_num_queries):
    company = CompanyFactory()
    network = NetworkFactory()
    url = company.get_absolute_url()
    first, second = staff_browser(), staff_browser()
    assert first.get(url).status_code == 200  # renders and caches the page
    with django_assert_max_num_queries(3):  # session, user, and nothing of the page itself
        html = second.get(url).content.decode()
    # The forms of the cached part carry a token of this reader (masked anew; the layout's forms have another).
    token = TOKEN.findall(html)[-1]
    response = second.post(reverse("companies:network_membership", args=[company.pk]),
                           {"network": network.pk, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert network.members.filter(pk=company.pk).exists()
    # The change shows at once on the cached page, for both readers.
    for reader in (first, second):
        assert f"{network.name}</a>" in reader.get(url).content.decode()


def test_a_token_from_another_readers_page_is_refused():
    company = CompanyFactory()
    network = NetworkFactory()
    first, second = staff_browser(), staff_browser()
    token_of_first = TOKEN.search(first.get(company.get_absolute_url()).content.decode()).group(1)
    response = second.post(reverse("companies:network_membership", args=[company.pk]),
                           {"network": network.pk, "csrfmiddlewaretoken": token_of_first})
    assert response.status_code == 403
    assert not network.members.exists()


def test_the_cached_directory_shows_a_new_or_renamed_company_at_once():
    CompanyFactory(name="Alte Mühle GmbH")
    reader = staff_browser()
    url = reverse("companies:directory")
    assert "Alte Mühle GmbH" in reader.get(url).content.decode()
    company = Company.objects.get(name="Alte Mühle GmbH")
    company.name = "Neue Mühle GmbH"
    company.save()
    CompanyFactory(name="Brauhaus Rietkötter")
    html = reader.get(url).content.decode()
    assert "Neue Mühle GmbH" in html and "Brauhaus Rietkötter" in html and "Alte Mühle GmbH" not in html


def test_each_filter_and_language_has_its_own_cached_directory():
    CompanyFactory(name="Alte Mühle GmbH", district="blankenstein")
    CompanyFactory(name="Brauhaus Rietkötter", district="mitte")
    reader = staff_browser()
    url = reverse("companies:directory")
    assert "Brauhaus Rietkötter" not in reader.get(url, {"district": "blankenstein"}).content.decode()
    assert "Brauhaus Rietkötter" in reader.get(url, {"district": "mitte"}).content.decode()
    reader.cookies["django_language"] = "en"
    assert "Company directory" in reader.get(url).content.decode()


def test_a_missing_company_is_still_a_404():
    assert staff_browser().get(reverse("companies:company_detail", args=[987654])).status_code == 404


def test_nothing_typed_into_the_data_can_make_a_readers_token_appear_outside_the_forms():
    # Cached pages are cut where the token goes, at a random marker made for each rendering: text that looks
    # like a marker (here in a link to another site) is shown as typed, never replaced by the reader's token.
    lookalike = "csrf-0123456789abcdef0123456789abcdef"
    company = CompanyFactory(website=f"https://elsewhere.example/?t={lookalike}", notes=lookalike)
    NetworkFactory()
    reader = staff_browser()
    reader.get(company.get_absolute_url())
    html = reader.get(company.get_absolute_url()).content.decode()  # from the cache
    assert f'href="https://elsewhere.example/?t={lookalike}"' in html
    for token in set(TOKEN.findall(html)):
        assert html.count(token) == TOKEN.findall(html).count(token)  # tokens only in the forms
