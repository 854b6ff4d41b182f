"""The one CSV writer of the portal: every export goes through `csv_response`.

Spreadsheets in a German locale (Excel, LibreOffice) open these files as they are: UTF-8 with a byte-order
mark, `;` between cells. A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read as
a formula (`=HYPERLINK(...)`, `@SUM(...)`, `-2+3`), so such a cell is written with a leading apostrophe, which
the spreadsheet shows as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The cell as text that no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """Stream `rows` (any iterable of cell iterables) as a download named `filename`."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
