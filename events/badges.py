"""Name badges as a PDF (ReportLab, pure Python): one badge per page of 90 × 55 mm, the size of badge holders
and label printers; one badge for each person who will come – the registered person and each of their guests.

The font is Bitstream Vera, shipped inside ReportLab, so umlauts print on any machine.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import reportlab
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .models import Event, Registration

BADGE = (90 * mm, 55 * mm)
_FONTS = Path(reportlab.__file__).parent / "fonts"


@dataclass(frozen=True)
class Badge:
    first: str
    last: str
    company: str


def _fonts() -> tuple[str, str]:
    if "BadgeSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BadgeSans", str(_FONTS / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("BadgeSans-Bold", str(_FONTS / "VeraBd.ttf")))
    return "BadgeSans", "BadgeSans-Bold"


def split_name(name: str) -> tuple[str, str]:
    """"Anna Maria Schulte" → ("Anna Maria", "Schulte"); one word is a last name."""
    parts = name.split()
    if len(parts) < 2:
        return "", name.strip()
    return " ".join(parts[:-1]), parts[-1]


def badges_for(people: Iterable[Registration]) -> list[Badge]:
    """One badge per person who will come: each confirmed registration (walk-ins included) and its guests."""
    found = []
    for person in people:
        company = person.linked_company.name if person.linked_company_id and person.linked_company else person.company
        first, last = split_name(person.name)
        found.append(Badge(first, last, company))
        for _number in range(person.guests):
            found.append(Badge(_("Begleitung von"), person.name, company))
    return found


def _fit(pdf, text: str, font: str, size: float, width: float) -> float:
    while size > 6 and pdf.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def render(event: Event, people: Iterable[Registration]) -> bytes:
    regular, bold = _fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=BADGE)
    pdf.setTitle(_("Namensschilder: %(title)s") % {"title": event.title})
    pdf.setAuthor(event.office.name)
    width, height = BADGE
    inner = width - 12 * mm
    footer = f"{event.title} · {timezone.localtime(event.starts_at):%d.%m.%Y}"
    found = badges_for(people)
    if not found:
        pdf.setFont(regular, 11)
        pdf.drawCentredString(width / 2, height / 2, _("Niemand angemeldet."))
    for badge in found:
        pdf.setFont(regular, _fit(pdf, badge.first, regular, 14, inner))
        pdf.drawCentredString(width / 2, height - 17 * mm, badge.first)
        pdf.setFont(bold, _fit(pdf, badge.last, bold, 22, inner))
        pdf.drawCentredString(width / 2, height - 28 * mm, badge.last)
        if badge.company:
            pdf.setFont(regular, _fit(pdf, badge.company, regular, 11, inner))
            pdf.drawCentredString(width / 2, height - 38 * mm, badge.company)
        pdf.setFont(regular, _fit(pdf, footer, regular, 7, inner))
        pdf.drawCentredString(width / 2, 5 * mm, footer)
        pdf.showPage()
    pdf.save()
    return out.getvalue()
