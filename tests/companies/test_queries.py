"""The directory, a company with 200 visits and the dashboard keep a small, fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies import tallies
from companies.models import Company, Contact, FollowUp, Topic, TrainingOccupation, TrainingPlace, Visit

from ..caches import clear_caches
from ..factories import NetworkFactory

pytestmark = pytest.mark.django_db

# Every staff page also pays for: session, user, and the office in header and footer = 3.


def make_data(*, companies: int, visits_per_company: int, staff, key_visits: int = 0):
    topics = list(Topic.objects.all()[:4])
    made = Company.objects.bulk_create(
        Company(name=f"Firma {n}", street=f"Talstraße {n}", postcode="45525", district="mitte", wz_code="25.11",
                section="C") for n in range(companies))
    contacts = Contact.objects.bulk_create(Contact(company=c, name=f"Person {c.pk}") for c in made)
    network = NetworkFactory()
    network.members.add(*made[:5])
    visits = []
    for index, company in enumerate(made):
        count = key_visits if index == 0 and key_visits else visits_per_company
        visits += [Visit(company=company, staff=staff, date=date(2026, 3, 1) - timedelta(days=7 * v),
                         summary=f"Besuch {v}") for v in range(count)]
    visits = Visit.objects.bulk_create(visits)
    Visit.topics.through.objects.bulk_create(
        Visit.topics.through(visit_id=v.pk, topic_id=topics[i % len(topics)].pk) for i, v in enumerate(visits))
    by_company = {c.pk: contact for c, contact in zip(made, contacts, strict=True)}
    Visit.contacts.through.objects.bulk_create(
        Visit.contacts.through(visit_id=v.pk, contact_id=by_company[v.company_id].pk) for v in visits)
    FollowUp.objects.bulk_create(FollowUp(visit=v, what="Rückruf", due_on=v.date + timedelta(days=14),
                                          assignee=staff) for v in visits[::3])
    # The key company offers training places in one occupation per six companies (1 at 1×, 10 at 10×).
    TrainingPlace.objects.bulk_create(
        TrainingPlace(company=made[0], occupation=occupation, start_year=2027, places=2, filled=1)
        for occupation in TrainingOccupation.objects.order_by("pk")[:max(companies // 6, 1)])
    tallies.rebuild()  # bulk_create sends no signals
    return made[0]


def count_queries(client, url):
    # Cold: nothing kept from an earlier request (the session, the office), as after a change.
    clear_caches()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


PAGES = {
    # session, user (with the group Büro), the office with its week (the "visited" filter counts days in its time
    # zone), count, one page of companies with their last visit, office for the layout = 6
    "directory": lambda company: reverse("companies:directory") + "?visited=12&district=mitte",
    # session, user (with the group Büro), company (its number of visits kept on the row), contacts, networks
    # (joined or not), one page of visits (with the names of their topics and contacts met), follow-ups (of the
    # page and every open one), introductions, training places, events people of the company came to, office = 11
    "company": lambda company: reverse("companies:company_detail", args=[company.pk]),
    # session, user (with the group Büro), visits per month and since, topics (tallies), my follow-ups, standard
    # answers given per month, obstacles by kind and district, office = 8
    "dashboard": lambda company: reverse("companies:dashboard") + "?since=2025-07-01",
    # session, user (with the group Büro), coverage by district and section with the never-visited count,
    # never-visited list, office = 5
    "coverage": lambda company: reverse("companies:coverage"),
}


# Upper bounds, cold (the exact, named pins are in tests/test_page_queries.py); none may pass 15. Cold, the
# company page and the dashboard also read the office with its week for "today" besides the layout's office.
MAX_QUERIES = {"directory": 6, "company": 12, "dashboard": 9, "coverage": 5}


@pytest.mark.parametrize("page", PAGES)
def test_staff_pages_stay_at_15_queries_or_fewer(staff_client, staff_user, django_assert_max_num_queries, page):
    company = make_data(companies=60, visits_per_company=3, staff=staff_user, key_visits=200)
    assert company.visits.count() == 200
    assert MAX_QUERIES[page] <= 15
    clear_caches()  # cold, so the session and the office count under any cache (CI's dummycache pass too)
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        staff_client.get(PAGES[page](company))


@pytest.mark.parametrize("page", PAGES)
def test_the_query_count_does_not_grow_with_the_data(staff_client, staff_user, page):
    small = make_data(companies=2, visits_per_company=1, staff=staff_user, key_visits=2)
    few = count_queries(staff_client, PAGES[page](small))
    Company.objects.all().delete()
    large = make_data(companies=80, visits_per_company=4, staff=staff_user, key_visits=200)
    many = count_queries(staff_client, PAGES[page](large))
    assert many == few

def test_my_follow_ups_need_the_same_queries_for_any_number(staff_client, staff_user):
    make_data(companies=3, visits_per_company=1, staff=staff_user)
    few = count_queries(staff_client, reverse("companies:my_follow_ups"))
    make_data(companies=30, visits_per_company=6, staff=staff_user)
    assert count_queries(staff_client, reverse("companies:my_follow_ups")) == few


def test_staff_add_a_company_to_a_network_and_take_it_out_again(staff_client):
    from ..factories import CompanyFactory

    company = CompanyFactory(name="Ruhrblick Café")
    network = NetworkFactory(name="IG Mühlenviertel")
    url = reverse("companies:network_membership", args=[company.pk])
    html = staff_client.get(company.get_absolute_url()).content.decode()
    assert f'<option value="{network.pk}">IG Mühlenviertel</option>' in html
    assert staff_client.post(url, {"network": network.pk}).status_code == 302
    assert list(network.members.all()) == [company]
    staff_client.post(url, {"leave": network.pk, "next": network.get_absolute_url()})
    assert not network.members.exists()
    response = staff_client.post(url, {"network": ""}, follow=True)
    assert "Bitte ein Netzwerk wählen." in response.content.decode()
