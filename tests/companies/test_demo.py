"""The demo seeder: realistic Hattingen companies, visits over two years, the office's networks; idempotent."""

import io

import pytest

from companies import demo
from companies.classification import wz_entry
from companies.models import Company, Contact, FollowUp, Introduction, Network, Visit
from ihk_office.demo import seed_office, seed_staff_user

pytestmark = pytest.mark.django_db


def test_seeding_makes_companies_visits_and_networks_and_a_second_run_adds_nothing(monkeypatch):
    monkeypatch.setattr(demo, "COMPANIES_PER_SCALE", 40)
    office, staff = seed_office(), seed_staff_user()
    out = io.StringIO()
    demo.seed(office=office, scale=2, stdout=out)
    counts = [Company.objects.count(), Visit.objects.count(), Contact.objects.count(), FollowUp.objects.count(),
              Network.objects.count(), Introduction.objects.count()]
    assert counts[0] == 80
    assert 500 < counts[1] < 1200  # about ten per company, and 40 for the key account
    assert "Besuche" in out.getvalue() and "Firmen 80/80" in out.getvalue()
    assert all(wz_entry(code) for code in Company.objects.values_list("wz_code", flat=True))
    assert set(Visit.objects.values_list("staff", flat=True)) == {staff.pk}
    key_account = Company.objects.get(notes=demo._marker(0))
    assert key_account.visits.count() == 40
    assert Network.objects.filter(name="IG Mühlenviertel").exists()
    tourism = Network.objects.get(name="Tourismusnetzwerk Ruhrtalradweg")
    assert "Nachbar" in tourism.description and "IHK" in tourism.partners
    assert Company.objects.never_visited().exists()

    demo.seed(office=office, scale=2, stdout=io.StringIO())
    assert [Company.objects.count(), Visit.objects.count(), Contact.objects.count(), FollowUp.objects.count(),
            Network.objects.count(), Introduction.objects.count()] == counts


def test_a_larger_scale_adds_only_the_missing_companies(monkeypatch):
    monkeypatch.setattr(demo, "COMPANIES_PER_SCALE", 20)
    office, _staff = seed_office(), seed_staff_user()
    demo.seed(office=office, scale=1, stdout=io.StringIO())
    names = set(Company.objects.values_list("name", flat=True))
    demo.seed(office=office, scale=3, stdout=io.StringIO())
    assert Company.objects.count() == 60
    assert names <= set(Company.objects.values_list("name", flat=True))
