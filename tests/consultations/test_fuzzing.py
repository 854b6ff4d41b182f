"""Hypothesis throws arbitrary input at the public booking form: never a 500, nothing saved on bad input."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.models import Booking
from ihk_office.models import OutgoingMail

VALID = {"name": "Lena Hoffmann", "email": "lena@example.org", "phone": "", "role": "pupil",
         "school_or_company": "", "school_year": "", "topic": "career", "question": "", "privacy": "on",
         "website": ""}

text = st.one_of(
    st.text(max_size=40),
    st.text(min_size=100, max_size=1500),
    st.sampled_from(["", " ", "\x00", "<script>alert(1)</script>", "' OR 1=1 --", "ä" * 300, "a@b", "@", "1e999"]),
)
field_values = st.fixed_dictionaries(
    {},
    optional={
        "name": text, "email": st.one_of(text, st.emails()), "phone": text,
        "role": st.one_of(text, st.sampled_from(["pupil", "parent", "apprentice", "company", "other"])),
        "school_or_company": text, "school_year": text,
        "topic": st.one_of(text, st.sampled_from(["career", "finding", "contract", "other"])),
        "question": text, "privacy": st.one_of(text, st.just("on")), "website": st.one_of(st.just(""), text),
        "slot": st.one_of(text, st.integers(min_value=-(2**70), max_value=2**70).map(str)),
    },
)


@pytest.mark.usefixtures("frozen")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=field_values, drop=st.sets(st.sampled_from(sorted(VALID)), max_size=4))
def test_any_input_to_the_booking_form_never_gives_a_500(client, slot, changes, drop):
    cache.clear()  # the rate limit is tested elsewhere
    data = {key: value for key, value in {**VALID, "slot": str(slot.pk), **changes}.items() if key not in drop}
    before = Booking.objects.count()
    response = client.post(reverse("consultations:book", args=[slot.pk]), data)
    assert response.status_code in (302, 400, 409), response.status_code
    if response.status_code != 302:
        assert Booking.objects.count() == before
        assert not OutgoingMail.objects.exists()
        assert "Bitte" in response.content.decode() or "vergeben" in response.content.decode()
    # Start each example from an empty slot again.
    Booking.objects.all().delete()
    OutgoingMail.objects.all().delete()


@pytest.mark.usefixtures("frozen")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(min_size=1, max_size=200).filter(lambda t: "/" not in t and "\x00" not in t))
def test_any_token_is_a_404_not_a_500(client, office, token):
    for name in ("consultations:manage", "consultations:confirm", "consultations:offer",
                 "consultations:waitlist_confirm"):
        url = reverse(name, args=[token])
        assert client.get(url).status_code == 404


@pytest.mark.usefixtures("frozen")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.fixed_dictionaries({}, optional={"name": text, "email": st.one_of(text, st.emails()), "website": text}))
def test_any_input_to_the_waitlist_form_never_gives_a_500(client, day, data):
    from consultations.models import WaitlistEntry

    cache.clear()
    response = client.post(reverse("consultations:waitlist", args=[day.pk]), data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert not WaitlistEntry.objects.exists()
    WaitlistEntry.objects.all().delete()
