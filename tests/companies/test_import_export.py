"""CSV import with a dry run that changes nothing, an all-or-nothing confirm, and the CSV exports."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from companies.models import Company
from companies.services import RowStatus, check_import, run_import

from ..factories import CompanyFactory, VisitFactory

pytestmark = pytest.mark.django_db

HEADER = "Name;Rechtsform;Registergericht;Registerart;Registernummer;WZ-Code;Straße;PLZ;Ort;Ortsteil;Mitglied"
GOOD = "Ruhrblick Café;e.K.;Essen;HRA;4711;56.10.2;Obere Heggerstraße 5;45525;Hattingen;Altstadt/Mitte;ja"
GOOD_TOO = "Welper Werkzeugbau GmbH;GmbH;Essen;HRB;5000;25.73;Marxstraße 3;45527;Hattingen;Welper;nein"
BAD_REGISTER = "Falsch GmbH;GmbH;Essen;HRB;12X45Y;25.11;Talstraße 1;45525;Hattingen;;ja"
BAD_WZ = "Unbekannt KG;KG;Essen;HRA;777;99.99;Talstraße 2;45525;Hattingen;;ja"
MISSING = ";GmbH;;;;;;45525;Hattingen;;ja"
DUP_REGISTER = "Ganz anderer Name GmbH;GmbH;Essen;HRB;1234;25.11;Irgendwo 1;45529;Hattingen;;ja"
DUP_NAME = "Bäckerei Krüger;e.K.;;;;10.71.0;Heggerstraße 9;45525;Hattingen;;ja"
DUP_IN_FILE = "ruhrblick café;e.K.;;;;56.10.2;Obere Heggerstraße 5;45525;Hattingen;;ja"


@pytest.fixture
def existing():
    return [
        CompanyFactory(name="Stahl Meier GmbH", register_court="Essen", register_type="HRB", register_number="1234"),
        CompanyFactory(name="Bäckerei Krüger", legal_form="e.K.", postcode="45525", wz_code="10.71.0"),
    ]


def csv_text(*rows):
    return "\n".join([HEADER, *rows]) + "\n"


def upload(text: str, name: str = "firmen.csv", bom: bool = True):
    return SimpleUploadedFile(name, (("\ufeff" if bom else "") + text).encode("utf-8"), content_type="text/csv")


def test_the_dry_run_reports_every_row_correctly_and_changes_nothing(staff_client, existing):
    text = csv_text(GOOD, BAD_REGISTER, BAD_WZ, MISSING, DUP_REGISTER, DUP_NAME, GOOD_TOO, DUP_IN_FILE)
    before = list(Company.objects.order_by("pk").values())
    response = staff_client.post(reverse("companies:import"), {"file": upload(text)})
    assert response.status_code == 200
    report = response.context["report"]
    by_line = {row.line: row for row in report.rows}
    assert [by_line[line].status for line in range(2, 10)] == [
        RowStatus.OK, RowStatus.ERROR, RowStatus.ERROR, RowStatus.ERROR, RowStatus.DUPLICATE,
        RowStatus.DUPLICATE, RowStatus.OK, RowStatus.DUPLICATE]
    assert any("Registernummer" in message for message in by_line[3].messages)
    assert any("99.99" in message and "WZ 2008" in message for message in by_line[4].messages)
    assert {"Pflichtangabe fehlt: Name", "Pflichtangabe fehlt: Straße"} <= set(by_line[5].messages)
    assert "Registernummer Essen HRB 1234" in by_line[6].messages[0]
    assert "„Bäckerei Krüger“ mit PLZ 45525" in by_line[7].messages[0]
    assert "„ruhrblick café“ mit PLZ 45525" in by_line[9].messages[0]  # the same company twice in one file
    html = response.content.decode()
    assert "2 Zeilen in Ordnung, 3 wahrscheinlich doppelt (werden übersprungen), 3 mit Fehlern." in html
    # Rows with errors: no confirm button, nothing imported.
    assert response.context["confirm"] is None
    assert list(Company.objects.order_by("pk").values()) == before


def test_confirming_imports_exactly_the_checked_rows_and_skips_duplicates(staff_client, existing):
    text = csv_text(GOOD, DUP_NAME, GOOD_TOO)
    response = staff_client.post(reverse("companies:import"), {"file": upload(text)})
    digest = response.context["confirm"].initial["digest"]
    assert Company.objects.count() == 2
    response = staff_client.post(reverse("companies:import_confirm"), {"digest": digest})
    assert response.status_code == 302
    assert set(Company.objects.values_list("name", flat=True)) == {
        "Stahl Meier GmbH", "Bäckerei Krüger", "Ruhrblick Café", "Welper Werkzeugbau GmbH"}
    cafe = Company.objects.get(name="Ruhrblick Café")
    assert (cafe.district, cafe.section, cafe.is_member, cafe.register_entry) == ("mitte", "I", True,
                                                                                   "Essen HRA 4711")
    assert cafe.history.latest().history_user is not None
    # The stored upload is used up: a second confirm imports nothing more.
    staff_client.post(reverse("companies:import_confirm"), {"digest": digest})
    assert Company.objects.count() == 4


def test_a_confirm_for_another_content_imports_nothing(staff_client, existing):
    staff_client.post(reverse("companies:import"), {"file": upload(csv_text(GOOD))})
    response = staff_client.post(reverse("companies:import_confirm"), {"digest": "0" * 64}, follow=True)
    assert "nicht mehr aktuell" in response.content.decode()
    assert Company.objects.count() == 2


def test_the_import_is_all_or_nothing(existing):
    text = csv_text(GOOD, GOOD_TOO)
    report = check_import(text)
    # Between the dry run and the confirm someone entered the second company by hand …
    CompanyFactory(name="Jemand anders", register_court="Essen", register_type="HRB", register_number="5000")
    # … so now it is a duplicate and is skipped; the first is imported.
    assert [c.name for c in run_import(text, expected_digest=report.digest)] == ["Ruhrblick Café"]
    # A row that became invalid refuses the whole import.
    broken = csv_text(GOOD_TOO.replace("Welper Werkzeugbau", "Anderer Werkzeugbau").replace("5000", "5001"),
                      BAD_WZ)
    with pytest.raises(Exception, match="nichts importiert"):
        run_import(broken, expected_digest=check_import(broken).digest)
    assert not Company.objects.filter(name__startswith="Anderer").exists()


def test_a_file_without_the_required_columns_gets_a_german_error(staff_client):
    response = staff_client.post(reverse("companies:import"), {"file": upload("Firma,Ort\nX,Y\n")})
    assert response.status_code == 400
    assert "Der Datei fehlen die Spalten: Name, Straße, PLZ" in response.content.decode()


def test_a_windows_1252_file_with_commas_is_read(staff_client):
    text = csv_text(GOOD).replace(";", ",")
    response = staff_client.post(reverse("companies:import"), {
        "file": SimpleUploadedFile("f.csv", text.encode("cp1252"), content_type="text/csv")})
    assert [row.status for row in response.context["report"].rows] == [RowStatus.OK]
    assert response.context["report"].rows[0].name == "Ruhrblick Café"


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel needs the byte-order mark to read UTF-8
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_the_directory_export_is_semicolon_separated_utf8_with_bom_and_re_importable(staff_client, existing):
    VisitFactory(company=existing[0])
    response = staff_client.get(reverse("companies:export_companies"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert rows[0][:3] == ["Name", "Rechtsform", "Registergericht"]
    assert [row[0] for row in rows[1:]] == ["Bäckerei Krüger", "Stahl Meier GmbH"]
    assert rows[2][-1] != "" and rows[1][-1] == ""  # last visit
    text = "\n".join(";".join(row) for row in rows)
    assert {row.status for row in check_import(text).rows} == {RowStatus.DUPLICATE}


def test_the_directory_export_follows_the_active_filter_of_the_page(staff_client, existing):
    VisitFactory(company=existing[0])
    page = staff_client.get(reverse("companies:directory"), {"q": "Meier", "visited": "3"})
    html = page.content.decode()
    export_url = reverse("companies:export_companies") + "?q=Meier&amp;visited=3"
    assert f'href="{export_url}"' in html
    rows = read_csv(staff_client.get(reverse("companies:export_companies"), {"q": "Meier", "visited": "3"}))
    assert [row[0] for row in rows[1:]] == ["Stahl Meier GmbH"]
    never = read_csv(staff_client.get(reverse("companies:export_companies"), {"visited": "nie"}))
    assert [row[0] for row in never[1:]] == ["Bäckerei Krüger"]


def test_the_visit_export_lists_every_visit_with_its_topics(staff_client, staff_user):
    from ..factories import TopicFactory

    VisitFactory(company=CompanyFactory(name="Café Ruhr"), staff=staff_user,
                 topics=[TopicFactory(name="Tourismus"), TopicFactory(name="Ausbildung")])
    rows = read_csv(staff_client.get(reverse("companies:export_visits")))
    assert rows[0][:2] == ["Datum", "Firma"]
    assert rows[1][1] == "Café Ruhr"
    assert set(rows[1][4].split(", ")) == {"Tourismus", "Ausbildung"}


# --- files that must be refused as a whole, with a German message and nothing kept for the confirm ---------

def _refused(staff_client, content: bytes, message: str):
    before = Company.objects.count()
    response = staff_client.post(reverse("companies:import"),
                                 {"file": SimpleUploadedFile("firmen.csv", content, content_type="text/csv")})
    assert response.status_code == 400
    assert message in response.content.decode()
    # The confirm after the bad file imports nothing: there is no checked content to confirm.
    confirm = staff_client.post(reverse("companies:import_confirm"), {"digest": "0" * 64}, follow=True)
    assert confirm.status_code == 200 and "nicht mehr aktuell" in confirm.content.decode()
    assert Company.objects.count() == before


def test_a_file_with_a_nul_byte_is_refused_in_german(staff_client):
    content = csv_text(GOOD, "Null\x00Firma;GmbH;;;;;Talstraße 1;45525;Hattingen;;ja").encode()
    _refused(staff_client, content, "Nullzeichen (NUL)")


@pytest.mark.parametrize("length", [20_000, 2 * 1024 * 1024 - 1000], ids=["20 kB", "2 MB"])
def test_a_file_with_an_over_long_field_is_refused_in_german(staff_client, length):
    content = csv_text(GOOD, f"Lang GmbH;GmbH;;;;;Talstraße 1;45525;Hattingen;;ja;{'x' * length}").replace(
        HEADER, HEADER + ";Notizen").encode()
    _refused(staff_client, content, "länger als 10000 Zeichen")


def test_a_file_of_fifty_thousand_rows_is_refused_in_german(staff_client):
    rows = [f"F{n};;;;;;S {n};45525;;;" for n in range(50_000)]
    content = csv_text(*rows).encode()
    assert len(content) < 2 * 1024 * 1024  # under the size limit: the row limit speaks
    _refused(staff_client, content, "Höchstens 5000 Zeilen")


def test_a_name_longer_than_the_column_is_an_error_of_its_row_in_the_dry_run(staff_client):
    report = check_import(csv_text(f"{'Sehr lange Firma ' * 20};GmbH;;;;;Talstraße 1;45525;Hattingen;;ja"))
    assert report.rows[0].status == RowStatus.ERROR and not report.can_import
