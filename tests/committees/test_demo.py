"""The committees' demo data: both committees, the demo log-ins, past minutes, a tentative next meeting."""

import pytest
from django.contrib.auth import get_user_model

from committees import demo
from committees.models import Committee, Meeting, Membership, Minutes, Recommendation
from ihk_office.demo import seed_staff_user

pytestmark = pytest.mark.django_db


def test_seeding_twice_creates_everything_once(office, private_media):
    seed_staff_user()
    demo.seed(office=office)
    counts = [Committee.objects.count(), Membership.objects.count(), Meeting.objects.count(),
              Minutes.objects.count(), Recommendation.objects.count()]
    demo.seed(office=office)
    assert counts == [Committee.objects.count(), Membership.objects.count(), Meeting.objects.count(),
                      Minutes.objects.count(), Recommendation.objects.count()]
    beirat = Committee.objects.get(slug="regionalbeirat")
    assert beirat.memberships.count() >= 40
    assert beirat.memberships.filter(organisation__contains="Bürgermeister").exists()
    assert beirat.memberships.filter(organisation__contains="Wirtschaftsförderung").exists()
    assert Committee.objects.get(slug="innenstadt").memberships.filter(organisation__contains="Stadtmarketing")
    assert beirat.meetings.filter(state="tentative").get().when_text.startswith("voraussichtlich im März")
    assert Minutes.objects.filter(status="approved").count() == 3
    assert beirat.recommendations.exclude(history=None).count() == 4
    # The Regionalbeirat publishes its three adopted recommendations (with their public wording), never its draft;
    # the Arbeitskreis publishes none.
    published = Recommendation.objects.published()
    assert sorted(published.values_list("committee__slug", flat=True)) == ["regionalbeirat"] * 3
    assert all(rec.public_text for rec in published)
    assert not published.filter(status="drafted").exists()
    assert beirat.recommendations.filter(status="drafted").count() == 1
    assert not Committee.objects.get(slug="innenstadt").publishes_recommendations


def test_the_demo_log_ins_belong_to_one_committee_each(office, private_media):
    demo.seed(office=office)
    User = get_user_model()
    beirat, innenstadt = User.objects.get(username="beirat"), User.objects.get(username="innenstadt")
    assert beirat.check_password("hattingen-beirat") and innenstadt.check_password("hattingen-innenstadt")
    assert [m.committee.slug for m in Membership.objects.active().filter(user=beirat)] == ["regionalbeirat"]
    assert [m.committee.slug for m in Membership.objects.active().filter(user=innenstadt)] == ["innenstadt"]
    assert any("beirat / hattingen-beirat" in line for line in demo.DEMO_LOGINS)
    assert any("innenstadt / hattingen-innenstadt" in line for line in demo.DEMO_LOGINS)
