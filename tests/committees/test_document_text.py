"""Members find documents by the words inside them: the text of PDFs and Office files is read on upload."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from committees.models import Document
from committees.text_extraction import extract_text

from ..factories import MeetingFactory

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose page shows `text` (ASCII) in Helvetica: a real file, built by hand."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx_with_runs(*runs: str) -> bytes:
    """A Word file with one paragraph cut into several runs, as Word does around a spelling mark."""
    body = "".join(f"<w:r><w:t>{run}</w:t></w:r>" for run in runs)
    xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body><w:p>{body}</w:p><w:p><w:r><w:t>Zweiter Absatz</w:t></w:r>'
           '</w:p></w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


@pytest.fixture
def meeting_a(committee_a, private_media):
    return MeetingFactory(committee=committee_a)


def upload(staff_client, meeting, name, data):
    return staff_client.post(reverse("committees_staff:document_upload", args=[meeting.pk]), {
        "title": "Anlage", "description": "", "file": SimpleUploadedFile(name, data)})


def test_a_member_finds_a_pdf_by_a_word_inside_it(client, staff_user, member_a, meeting_a,
                                                 django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task, eager in the tests
        response = upload(client, meeting_a, "anlage.pdf", pdf_with_text("Radwegkonzept Ruhrtal 2027"))
    assert response.status_code == 302
    assert "Radwegkonzept Ruhrtal 2027" in Document.objects.get().text
    client.force_login(member_a)
    search = reverse("committees:search")
    assert "Anlage" in client.get(search, {"q": "Radwegkonzept"}).content.decode()
    assert "Anlage" not in client.get(search, {"q": "Hochwasser"}).content.decode()


def test_the_text_of_a_word_file_keeps_words_that_word_cut_into_runs():
    text = extract_text(io.BytesIO(docx_with_runs("Leer", "stands", "management")), DOCX)
    assert text == "Leerstandsmanagement Zweiter Absatz"


def test_a_damaged_or_encrypted_file_is_stored_without_text(staff_client, meeting_a,
                                                            django_capture_on_commit_callbacks):
    from pypdf import PdfReader, PdfWriter

    with django_capture_on_commit_callbacks(execute=True):
        assert upload(staff_client, meeting_a, "kaputt.pdf", b"%PDF-1.7\nnonsense").status_code == 302
    assert Document.objects.get().text == ""
    assert extract_text(io.BytesIO(b"PK\x03\x04broken"), DOCX) == ""
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_with_text("Geheim"))))
    writer.encrypt("kennwort")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    assert extract_text(encrypted, "application/pdf") == ""


def test_control_characters_from_unmapped_glyphs_do_not_reach_the_database(staff_client, meeting_a,
                                                                         django_capture_on_commit_callbacks):
    # pypdf returns NUL for glyphs without a Unicode mapping; PostgreSQL refuses NUL in text.
    with django_capture_on_commit_callbacks(execute=True):
        upload(staff_client, meeting_a, "glyphen.pdf", pdf_with_text("Rad\\000weg"))
    text = Document.objects.get().text
    assert "\x00" not in text and "Rad" in text and "weg" in text


def test_a_zip_bomb_is_not_unpacked(monkeypatch):
    from committees import text_extraction

    monkeypatch.setattr(text_extraction, "MAX_XML_BYTES", 100)
    assert extract_text(io.BytesIO(docx_with_runs("x" * 500)), DOCX) == ""


def test_a_part_listed_many_times_is_read_once():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        for _ in range(3):
            archive.writestr("word/document.xml", '<w:document xmlns:w="w"><w:p><w:t>einmal</w:t></w:p>'
                                                  "</w:document>")
    assert extract_text(io.BytesIO(out.getvalue()), DOCX) == "einmal"


def test_documents_uploaded_before_are_read_by_the_command(staff_client, meeting_a,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(staff_client, meeting_a, "alt.pdf", pdf_with_text("Hochwasserschutz Ruhr"))
    Document.objects.update(text="")  # as uploaded before the search looked inside files
    out = io.StringIO()
    call_command("index_documents", stdout=out)
    assert "1 Dokumente" in out.getvalue()
    assert "Hochwasserschutz Ruhr" in Document.objects.get().text
