"""Django alone refuses over-large bodies (413) before reading them, and trusts only the proxy's address."""

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import override_settings
from django.urls import reverse

from ihk_office.client_ip import client_ip
from ihk_office.request_limits import body_limit

MB = 1024 * 1024
BOUNDARY = "----ihk-test-boundary"


class RecordingUploadHandler(TemporaryFileUploadHandler):
    """Django's handler that writes uploads to the temp directory, counting the files it starts."""

    started = 0

    def new_file(self, *args, **kwargs):
        RecordingUploadHandler.started += 1
        return super().new_file(*args, **kwargs)


def multipart_with_a_file(size: int) -> bytes:
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nLena\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n").encode()
    return head + b"%PDF" + b"x" * size + f"\r\n--{BOUNDARY}--\r\n".encode()


@pytest.fixture
def watched_uploads(settings, tmp_path):
    RecordingUploadHandler.started = 0
    settings.FILE_UPLOAD_HANDLERS = ["tests.ihk_office.test_request_limits.RecordingUploadHandler"]
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every file part would go to the temp directory at once
    return tmp_path


def post_raw(client, path, body: bytes, **extra):
    return client.generic("POST", path, body, content_type=f"multipart/form-data; boundary={BOUNDARY}", **extra)


@pytest.fixture
def booking_form(db):
    from datetime import date

    import time_machine

    from ..consultations.conftest import NOW
    from ..factories import ConsultationDayFactory, OfficeFactory

    with time_machine.travel(NOW, tick=False):
        day = ConsultationDayFactory(office=OfficeFactory(), date=date(2026, 12, 3))
        yield reverse("consultations:book", args=[day.slots.order_by("starts_at").first().pk])


def test_an_anonymous_over_large_post_to_the_booking_form_gets_413_and_no_temp_file(
    client, booking_form, watched_uploads
):
    path = booking_form
    response = post_raw(client, path, multipart_with_a_file(6 * MB))
    assert response.status_code == 413
    assert "Die gesendeten Daten sind zu groß" in response.content.decode() and "0,2 MB" in response.content.decode()
    assert RecordingUploadHandler.started == 0 and list(watched_uploads.iterdir()) == []


def test_a_small_post_with_a_file_part_still_reaches_the_upload_handler(client, booking_form, watched_uploads):
    # The control for the test above: the same request, small, is read (and its file part started).
    path = booking_form
    response = post_raw(client, path, multipart_with_a_file(1000))
    assert response.status_code != 413
    assert RecordingUploadHandler.started == 1


def test_the_413_page_speaks_english_too(client, office):
    response = post_raw(client, "/en/sprechtag/termin/1/buchen/", multipart_with_a_file(MB))
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_the_document_upload_takes_documents_up_to_its_limit_the_staff_area_less(staff_client, office):
    upload = reverse("committees_staff:document_upload", args=[1])
    assert post_raw(staff_client, upload, multipart_with_a_file(9 * MB)).status_code != 413
    assert post_raw(staff_client, upload, multipart_with_a_file(12 * MB)).status_code == 413
    assert post_raw(staff_client, reverse("companies:import"), multipart_with_a_file(5 * MB)).status_code != 413
    assert post_raw(staff_client, reverse("companies:directory"), multipart_with_a_file(5 * MB)).status_code == 413


def test_each_path_has_the_limit_of_its_kind(settings):
    assert body_limit(reverse("committees_staff:document_upload", args=[7])) == settings.REQUEST_BODY_LIMIT_UPLOAD
    assert (body_limit(reverse("committees_staff:committee_document_upload", args=[7]))
            == settings.REQUEST_BODY_LIMIT_UPLOAD)
    assert body_limit(reverse("companies:import")) == settings.REQUEST_BODY_LIMIT_UPLOAD
    assert body_limit(reverse("companies:directory")) == settings.REQUEST_BODY_LIMIT_STAFF
    assert body_limit("/admin/auth/user/1/change/") == settings.REQUEST_BODY_LIMIT_STAFF
    for public in ("/", reverse("login"), reverse("consultations:book", args=[1]), "/gremien/", "/i18n/setlang/"):
        assert body_limit(public) == settings.REQUEST_BODY_LIMIT_PUBLIC
    assert settings.REQUEST_BODY_LIMIT_PUBLIC < settings.REQUEST_BODY_LIMIT_STAFF < settings.REQUEST_BODY_LIMIT_UPLOAD


def test_behind_the_proxy_only_the_address_the_proxy_saw_counts(rf, settings):
    settings.BEHIND_PROXY = True
    spoofed = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7", REMOTE_ADDR="")
    assert client_ip(spoofed) == "198.51.100.7"
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
    settings.BEHIND_PROXY = False
    assert client_ip(spoofed) == "0.0.0.0"  # noqa: S104 – without the proxy, the header is the client's claim
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="192.0.2.1")) == "192.0.2.1"


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_a_client_cannot_escape_the_booking_rate_limit_by_inventing_addresses(
        client, settings, own_cache, db):
    from datetime import date

    import time_machine

    from ..consultations.conftest import NOW
    from ..consultations.test_public_views import FORM
    from ..factories import ConsultationDayFactory, OfficeFactory

    settings.CONSULTATION_BOOKING_RATE = "3/h"
    with time_machine.travel(NOW, tick=False):
        day = ConsultationDayFactory(office=OfficeFactory(), date=date(2026, 12, 3))
        slots = list(day.slots.order_by("starts_at"))
        # Real attempts (forms that pass validation): only those count against the limit.
        statuses = [
            client.post(reverse("consultations:book", args=[slots[n].pk]),
                        {**FORM, "slot": slots[n].pk, "email": f"p{n}@example.org"},
                        HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7", REMOTE_ADDR="").status_code
            for n in range(4)
        ]
    assert statuses[-1] == 429 and 429 not in statuses[:3]
