"""Hypothesis throws arbitrary input at the public forms of the office: never a 500, nothing revealed."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ihk_office.models import OutgoingMail

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300)


@FUZZ
@given(username=text, password=text)
def test_login_form_never_fails_on_any_input(client, office, username, password):
    response = client.post("/konto/login/", {"username": username, "password": password})
    # 400: a NUL byte is refused before any form (ihk_office.middleware.RejectNulMiddleware).
    assert response.status_code in (200, 429) or ("\x00" in username + password and response.status_code == 400)


@FUZZ
@given(address=st.one_of(text, st.emails()))
def test_password_reset_never_fails_and_never_says_whether_an_address_is_known(client, office, address):
    response = client.post("/konto/password_reset/", {"email": address})
    assert response.status_code in (200, 302) or ("\x00" in address and response.status_code == 400)
    assert not OutgoingMail.objects.exists()  # nobody has an account here

