"""The visit tallies (visits per day, all and per topic) and each company's last visit are kept in the same
transaction as every visit written, whatever the path, and equal a fresh count of the visits at all times."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection
from django.db.models import Count

from companies import services, tallies
from companies.models import Company, Visit, VisitTally

from ..factories import CompanyFactory, StaffFactory, TopicFactory, VisitFactory


def counted_afresh() -> tuple[dict, dict]:
    per_day = {row["date"]: row["n"] for row in Visit.objects.values("date").annotate(n=Count("pk")).order_by()}
    per_topic = {(row["visit__date"], row["topic_id"]): row["n"] for row in
                 Visit.topics.through.objects.values("visit__date", "topic_id").annotate(n=Count("pk")).order_by()}
    return per_day, per_topic


def kept() -> tuple[dict, dict]:
    rows = list(VisitTally.objects.all())
    return ({r.day: r.visits for r in rows if r.topic_id is None},
            {(r.day, r.topic_id): r.visits for r in rows if r.topic_id is not None})


def assert_tallies_are_true():
    assert kept() == counted_afresh()
    for company in Company.objects.all():
        last = company.visits.order_by("-date").values_list("date", flat=True).first()
        assert company.last_visit_on == last, company
        assert company.visit_count == company.visits.count(), company


@pytest.mark.django_db
def test_the_tallies_equal_a_fresh_count_after_every_kind_of_write():
    staff = StaffFactory()
    broadband, succession = TopicFactory(name="Breitband"), TopicFactory(name="Nachfolge")
    ruhrtal, muehle = CompanyFactory(name="Ruhrtal Metall"), CompanyFactory(name="Alte Mühle")
    first = services.log_visit(company=ruhrtal, staff=staff, date=date(2026, 3, 2), summary="a",
                               topics=[broadband])
    assert_tallies_are_true()
    assert kept()[0] == {date(2026, 3, 2): 1}
    second = VisitFactory(company=muehle, date=date(2026, 3, 2))  # past the services, as the admin does
    second.topics.add(broadband, succession)
    assert_tallies_are_true()
    services.update_visit(visit=first, date=date(2026, 2, 27), summary="a", notes="", topics=[succession],
                          contacts=[], follow_ups=[])  # moved to another day, another topic
    assert_tallies_are_true()
    second.company = ruhrtal  # moved to another company
    second.save()
    assert_tallies_are_true()
    assert Company.objects.get(pk=muehle.pk).last_visit_on is None
    first.topics.add(broadband)
    assert_tallies_are_true()
    second.topics.clear()
    assert_tallies_are_true()
    first.delete()
    assert_tallies_are_true()
    succession.delete()
    ruhrtal.delete()  # its visits go with it
    assert_tallies_are_true()
    assert not VisitTally.objects.exists()


@pytest.mark.django_db
def test_rebuild_repairs_tallies_after_bulk_writes_that_sent_no_signals():
    company = CompanyFactory()
    Visit.objects.bulk_create([Visit(company=company, staff=StaffFactory(), date=date(2026, 1, 5), summary="x")])
    assert kept() != counted_afresh()
    tallies.rebuild()
    assert_tallies_are_true()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_visits_logged_at_the_same_moment_for_the_same_day_are_all_counted(postgres):
    staff = StaffFactory()
    companies = [CompanyFactory(name=f"Firma {n}") for n in range(8)]
    start = threading.Barrier(len(companies))
    errors = []

    def log(company):
        try:
            start.wait(timeout=10)
            services.log_visit(company=company, staff=staff, date=date(2026, 3, 2), summary="gleichzeitig")
        except Exception as error:  # noqa: BLE001  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=log, args=(company,)) for company in companies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert VisitTally.objects.get(day=date(2026, 3, 2), topic=None).visits == len(companies)
    assert_tallies_are_true()
