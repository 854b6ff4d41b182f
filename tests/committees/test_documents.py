"""Documents: stored privately, served by a permission-checking view, limited in size and type."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.models import Document
from committees.uploads import MAX_DOCUMENT_BYTES

from ..factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def meeting_a(committee_a, private_media):
    return MeetingFactory(committee=committee_a)


def upload(staff_client, meeting, name, data, **extra):
    return staff_client.post(reverse("committees_staff:document_upload", args=[meeting.pk]), {
        "title": extra.get("title", "Standortumfrage 2026"), "description": "Ergebnisse der Umfrage",
        "file": SimpleUploadedFile(name, data),
    })


def test_an_uploaded_pdf_is_stored_under_the_private_root_and_downloads_as_attachment(
        staff_client, meeting_a, private_media, member_a):
    assert upload(staff_client, meeting_a, "Umfrage.PDF", PDF).status_code == 302
    document = Document.objects.get()
    assert document.file.path.startswith(str(private_media))
    assert document.content_type == "application/pdf" and document.size == len(PDF)
    staff_client.force_login(member_a)
    response = staff_client.get(reverse("committees:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Umfrage.PDF" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_a_document_has_no_public_url(meeting_a):
    document = DocumentFactory(meeting=meeting_a)
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018


def test_a_file_too_large_is_refused_with_a_german_message_and_the_title_is_kept(staff_client, meeting_a):
    response = upload(staff_client, meeting_a, "gross.pdf", b"%PDF-" + b"0" * MAX_DOCUMENT_BYTES,
                      title="Mein Titel")
    assert response.status_code == 400
    page = response.content.decode()
    assert "höchstens 10 MB" in page
    assert 'value="Mein Titel"' in page
    assert not Document.objects.exists()


def test_a_type_not_allowed_is_refused_with_a_german_message(staff_client, meeting_a):
    response = upload(staff_client, meeting_a, "makro.exe", b"MZ\x90\x00")
    assert response.status_code == 400
    assert "„.exe“ sind nicht erlaubt" in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_whose_content_does_not_match_its_extension_is_refused(staff_client, meeting_a):
    response = upload(staff_client, meeting_a, "rechnung.pdf", b"<html><script>alert(1)</script>")
    assert response.status_code == 400
    assert "passt nicht zur Endung" in response.content.decode()


def test_a_png_is_accepted_by_its_leading_bytes(staff_client, meeting_a):
    assert upload(staff_client, meeting_a, "lageplan.png", PNG).status_code == 302
    assert Document.objects.get().content_type == "image/png"


def test_a_missing_file_is_a_404_not_a_500(member_a_client, meeting_a):
    document = DocumentFactory(meeting=meeting_a)
    document.file.delete(save=False)
    assert member_a_client.get(reverse("committees:document_download", args=[document.pk])).status_code == 404


def test_a_document_cannot_be_filed_under_another_committees_meeting(meeting_a, committee_b):
    from django.core.exceptions import ValidationError

    document = DocumentFactory.build(meeting=meeting_a, committee=committee_b)
    with pytest.raises(ValidationError):
        document.clean()


def test_staff_delete_a_document_and_its_stored_file_goes_after_the_commit(staff_client, meeting_a,
                                                                           django_capture_on_commit_callbacks):
    assert upload(staff_client, meeting_a, "Umfrage.pdf", PDF).status_code == 302
    document = Document.objects.get()
    path = document.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("committees_staff:document_delete", args=[document.pk]))
    assert response.status_code == 302 and response.url == reverse("committees_staff:meeting_detail",
                                                                   args=[meeting_a.pk])
    assert not Document.objects.exists()
    assert not os.path.exists(path)


def test_a_member_cannot_delete_a_document(member_a_client, meeting_a):
    document = DocumentFactory(committee=meeting_a.committee, meeting=meeting_a)
    assert member_a_client.post(reverse("committees_staff:document_delete", args=[document.pk])).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()
