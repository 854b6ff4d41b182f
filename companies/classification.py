"""Official code lists the directory validates against: WZ 2008 industry codes and German register numbers.

WZ 2008 ("Klassifikation der Wirtschaftszweige, Ausgabe 2008", Statistisches Bundesamt) is NACE Rev. 2 down to
the 4-digit class plus German 5-digit subclasses. The list comes from the `wz-code` package, which embeds the
official classification; a company may carry a class ("25.61") or a subclass ("25.61.0"). The section letter
(A–U) is derived from the code, never typed.

Register numbers are checked with python-stdnum's `de.handelsregisternummer`, which also knows the register
courts and which register type fits which legal form.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.de import handelsregisternummer
from stdnum.exceptions import ValidationError as StdnumError
from wz_code import WZ
from wz_code.exceptions import WZCodeError

WZ_SECTIONS = {
    "A": _("Land- und Forstwirtschaft, Fischerei"),
    "B": _("Bergbau und Gewinnung von Steinen und Erden"),
    "C": _("Verarbeitendes Gewerbe"),
    "D": _("Energieversorgung"),
    "E": _("Wasserversorgung, Abwasser, Abfall"),
    "F": _("Baugewerbe"),
    "G": _("Handel; Instandhaltung und Reparatur von Kfz"),
    "H": _("Verkehr und Lagerei"),
    "I": _("Gastgewerbe"),
    "J": _("Information und Kommunikation"),
    "K": _("Finanz- und Versicherungsdienstleistungen"),
    "L": _("Grundstücks- und Wohnungswesen"),
    "M": _("Freiberufliche, wissenschaftliche und technische Dienstleistungen"),
    "N": _("Sonstige wirtschaftliche Dienstleistungen"),
    "O": _("Öffentliche Verwaltung, Verteidigung; Sozialversicherung"),
    "P": _("Erziehung und Unterricht"),
    "Q": _("Gesundheits- und Sozialwesen"),
    "R": _("Kunst, Unterhaltung und Erholung"),
    "S": _("Sonstige Dienstleistungen"),
    "T": _("Private Haushalte"),
    "U": _("Exterritoriale Organisationen"),
}
SECTION_CHOICES = list(WZ_SECTIONS.items())

_WZ_DIGITS = re.compile(r"^\d{4,5}$")


@lru_cache(maxsize=1)
def _wz2008() -> WZ:
    return WZ(version="2008")


def normalize_wz(raw: str) -> str:
    """"2561", "25.61", "25 61 0" → "25.61" / "25.61.0"; anything else is returned stripped."""
    digits = re.sub(r"[\s.]", "", raw or "")
    if not _WZ_DIGITS.match(digits):
        return (raw or "").strip()
    code = f"{digits[:2]}.{digits[2:4]}"
    return f"{code}.{digits[4]}" if len(digits) == 5 else code


@lru_cache(maxsize=4096)
def wz_entry(code: str):
    """The WZ 2008 class or subclass for a normalised code, or None when the official list has no such code."""
    if not _WZ_DIGITS.match(code.replace(".", "")):
        return None
    try:
        return _wz2008().get(code)
    except WZCodeError:
        return None


def validate_wz(code: str) -> None:
    if code and wz_entry(normalize_wz(code)) is None:
        raise ValidationError(
            _("„%(code)s“ ist kein Code der WZ 2008 (Klasse wie 25.61 oder Unterklasse wie 25.61.0)."),
            code="unknown_wz", params={"code": code},
        )


def wz_title(code: str) -> str:
    entry = wz_entry(normalize_wz(code)) if code else None
    return entry.title if entry else ""


def wz_section(code: str) -> str:
    """The section letter (A–U) of a WZ 2008 code, or "" for no or an unknown code."""
    entry = wz_entry(normalize_wz(code)) if code else None
    if entry is None:
        return ""
    top = next((a for a in [entry, *entry.ancestors] if a.level == 1), None)
    return top.code if top is not None and top.code in WZ_SECTIONS else ""


# --- Handelsregister -------------------------------------------------------------------------------

REGISTER_TYPE_CHOICES = [
    ("HRA", _("HRA (Personengesellschaften, Einzelkaufleute)")),
    ("HRB", _("HRB (Kapitalgesellschaften)")),
    ("GnR", _("GnR (Genossenschaften)")),
    ("PR", _("PR (Partnerschaften)")),
    ("VR", _("VR (Vereine)")),
]
REGISTER_COURT_CHOICES = [(court, court) for court in sorted(handelsregisternummer.GERMAN_COURTS)]


def validate_register(*, court: str, register_type: str, number: str, legal_form: str = "") -> None:
    """Raise ValidationError (German, per field) unless court, type and number form a valid register entry."""
    if not (court or register_type or number):
        return
    missing = {
        field: _("Für eine Registereintragung bitte Gericht, Registerart und Nummer angeben.")
        for field, value in (("register_court", court), ("register_type", register_type),
                             ("register_number", number))
        if not value
    }
    if missing:
        raise ValidationError(missing)
    try:
        handelsregisternummer.validate(
            f"{court} {register_type} {number}", company_form=legal_form if legal_form else None
        )
    except StdnumError as error:
        expected = handelsregisternummer.COMPANY_FORM_REGISTRY_TYPES.get(legal_form)
        if expected and expected != register_type:
            raise ValidationError({"register_type": _("Eine %(form)s steht im Register %(expected)s.") % {
                "form": legal_form, "expected": expected}}) from error
        if court not in handelsregisternummer.GERMAN_COURTS:
            raise ValidationError({"register_court": _("„%(court)s“ ist kein Registergericht.") % {
                "court": court}}) from error
        raise ValidationError({"register_number": _(
            "Die Registernummer „%(number)s“ ist ungültig (bis zu 6 Ziffern, optional ein Buchstabe).") % {
            "number": number}}) from error
