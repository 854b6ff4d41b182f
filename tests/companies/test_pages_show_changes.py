"""The staff pages are built afresh on every request: a write shows on the very next one."""

import pytest
from django.urls import reverse

from companies.models import Company

from ..csrf import staff_browser
from ..factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_the_directory_shows_a_new_or_renamed_company_on_the_next_request():
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


def test_each_filter_and_language_shows_its_own_directory():
    CompanyFactory(name="Alte Mühle GmbH", district="blankenstein")
    CompanyFactory(name="Brauhaus Rietkötter", district="mitte")
    reader = staff_browser()
    url = reverse("companies:directory")
    assert "Brauhaus Rietkötter" not in reader.get(url, {"district": "blankenstein"}).content.decode()
    assert "Brauhaus Rietkötter" in reader.get(url, {"district": "mitte"}).content.decode()
    assert "Company directory" in reader.get("/en" + url).content.decode()


def test_a_missing_company_is_a_404():
    assert staff_browser().get(reverse("companies:company_detail", args=[987654])).status_code == 404

