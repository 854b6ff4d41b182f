"""What spans models: logging a visit with its follow-ups, introductions, the CSV import, the daily digest."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from ihk_office.mails import render_mail
from ihk_office.reminders import ReminderMail, send_due

from .classification import normalize_wz
from .models import (
    AnswerGiven,
    Company,
    Contact,
    District,
    EmployeeBand,
    FollowUp,
    Introduction,
    LegalForm,
    Source,
    Topic,
    TrainingOccupation,
    TrainingPlace,
    Visit,
)


@dataclass(frozen=True)
class FollowUpDraft:
    """One row of the follow-up part of the visit form: new (pk None), changed, or to be deleted."""

    what: str
    due_on: date
    assignee_id: int
    done: bool = False
    pk: int | None = None
    delete: bool = False


@transaction.atomic
def log_visit(
    *,
    company: Company,
    staff,
    date: date,
    summary: str,
    notes: str = "",
    topics: Iterable[Topic] = (),
    contacts: Iterable[Contact] = (),
    follow_ups: Sequence[FollowUpDraft] = (),
    new_contact: Contact | None = None,
    answers: Iterable = (),
) -> Visit:
    """Record a visit with its topics, the contacts met, new follow-ups and the standard answers given.
    Raises ValidationError.

    `new_contact`, an unsaved person met for the first time, becomes a contact of the company and is
    recorded as met; it is saved only together with the visit."""
    visit = Visit(company=company, staff=staff, date=date, summary=summary, notes=notes)
    visit.full_clean()
    visit.save()
    _set_relations(visit, topics=topics, contacts=[*contacts, *_add_new_contact(company, new_contact)])
    _apply_follow_ups(visit, follow_ups)
    if answers:  # a new visit has no marks to replace: three queries fewer when none were given
        _set_answers_given(visit, answers)
    return visit


@transaction.atomic
def update_visit(
    *,
    visit: Visit,
    date: date,
    summary: str,
    notes: str = "",
    topics: Iterable[Topic] = (),
    contacts: Iterable[Contact] = (),
    follow_ups: Sequence[FollowUpDraft] = (),
    new_contact: Contact | None = None,
    answers: Iterable | None = None,
) -> Visit:
    """Change a visit; the history keeps who changed what. `answers` (the standard answers given) replaces
    the visit's marks; None leaves them as they are. Raises ValidationError."""
    visit.date, visit.summary, visit.notes = date, summary, notes
    visit.full_clean()
    visit.save()
    _set_relations(visit, topics=topics, contacts=[*contacts, *_add_new_contact(visit.company, new_contact)])
    _apply_follow_ups(visit, follow_ups)
    _set_answers_given(visit, answers)
    return visit


def _set_answers_given(visit: Visit, answers: Iterable | None) -> None:
    """The visit's "standard answer given" marks become exactly `answers`: new ones are added, unticked ones
    removed, the others follow the visit's date (a visit moved to another month is counted there)."""
    if answers is None:
        return
    wanted = {answer.pk for answer in answers}
    marks = visit.answers_given.all()
    marks.exclude(answer_id__in=wanted).delete()
    marks.filter(answer_id__in=wanted).exclude(date=visit.date).update(date=visit.date, company=visit.company)
    have = set(marks.values_list("answer_id", flat=True))
    new = [AnswerGiven(answer_id=pk, visit=visit, company=visit.company, staff=visit.staff, date=visit.date,
                       channel=AnswerGiven.Channel.VISIT) for pk in sorted(wanted - have)]
    # Nothing to check beyond the visit (validated above): the date is its date, the answers the form's choices.
    AnswerGiven.objects.bulk_create(new)


@transaction.atomic
def record_answer_given(*, answer, staff, date: date, company: Company | None = None) -> AnswerGiven:
    """Note that `staff` gave the standard `answer` on the phone on `date`, to `company` when it is known.
    Raises ValidationError (a day in the future)."""
    mark = AnswerGiven(answer=answer, staff=staff, date=date, company=company, channel=AnswerGiven.Channel.PHONE)
    mark.full_clean()
    mark.save()
    return mark


def _add_new_contact(company: Company, contact: Contact | None) -> list[Contact]:
    if contact is None:
        return []
    contact.company = company
    try:
        contact.full_clean()
    except ValidationError as error:  # named after the visit form's fields, where the person was typed
        raise ValidationError({f"new_contact_{field}": messages
                               for field, messages in error.message_dict.items()}) from error
    contact.save()
    return [contact]


def _set_relations(visit: Visit, *, topics, contacts) -> None:
    contacts = list(contacts)
    if any(contact.company_id != visit.company_id for contact in contacts):
        raise ValidationError({"contacts": _("Gesprächspartner müssen zur besuchten Firma gehören.")})
    visit.topics.set(topics)
    visit.contacts.set(contacts)


def _apply_follow_ups(visit: Visit, drafts: Sequence[FollowUpDraft]) -> None:
    existing = {f.pk: f for f in visit.follow_ups.all()}
    today = timezone.localdate()
    for draft in drafts:
        follow_up = existing.get(draft.pk) if draft.pk else None
        if draft.delete:
            if follow_up is not None:
                follow_up.delete()
            continue
        follow_up = follow_up or FollowUp(visit=visit)
        follow_up.what, follow_up.due_on, follow_up.assignee_id = draft.what, draft.due_on, draft.assignee_id
        if draft.done and follow_up.done_on is None:
            follow_up.done_on = today
        elif not draft.done:
            follow_up.done_on = None
        follow_up.full_clean()
        follow_up.save()


@transaction.atomic
def complete_follow_up(*, follow_up: FollowUp, on: date | None = None) -> FollowUp:
    if follow_up.done_on is None:
        follow_up.done_on = on or timezone.localdate()
        follow_up.save(update_fields=["done_on"])
    return follow_up


@transaction.atomic
def save_company(*, company: Company) -> Company:
    company.full_clean()
    company.save()
    return company


@transaction.atomic
def add_contact(*, contact: Contact) -> Contact:
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def record_introduction(
    *, company: Company, made_by, purpose: str, date: date, to_company: Company | None = None,
    to_network=None, outcome: str = "",
) -> Introduction:
    """Log that `company` was introduced to another company or to a network. Raises ValidationError."""
    introduction = Introduction(company=company, to_company=to_company, to_network=to_network, purpose=purpose,
                                outcome=outcome, date=date, made_by=made_by)
    introduction.full_clean()
    introduction.save()
    return introduction


@transaction.atomic
def join_network(*, company: Company, network) -> None:
    network.members.add(company)


@transaction.atomic
def leave_network(*, company: Company, network) -> None:
    network.members.remove(company)


# --- Training places ------------------------------------------------------------------------------

@transaction.atomic
def record_training_place(
    *, company: Company, occupation: TrainingOccupation, start_year: int, places: int, note: str = "",
    visit: Visit | None = None, recorded_by=None,
) -> TrainingPlace:
    """Record that `company` offers `places` training places in `occupation` starting in `start_year` (on the
    company page, or at `visit`, a visit of this company). Raises ValidationError, also when the company has an
    entry for this occupation and year already (staff change its number instead)."""
    if visit is not None and visit.company_id != company.pk:
        raise ValidationError(_("Der Besuch gehört zu einer anderen Firma."))
    place = TrainingPlace(company=company, occupation=occupation, start_year=start_year, places=places, note=note,
                          visit=visit, recorded_by=recorded_by)
    place.full_clean()
    place.save()
    return place


@transaction.atomic
def change_training_place(*, place: TrainingPlace, places: int, filled: int, note: str = "") -> TrainingPlace:
    """Change the number of places, how many are filled (also those the company filled itself) and the note.

    The row is locked first, as consultations.services.place_booking locks it: a placement made meanwhile is
    counted, never overwritten. `filled` cannot go below the office's own placements with this place.
    Raises ValidationError.
    """
    locked = TrainingPlace.objects.select_for_update(no_key=True).get(pk=place.pk)
    placed = locked.placements.count()
    if filled < placed:
        raise ValidationError({"filled": _("Das Büro hat hier schon %(count)s Person(en) vermittelt; so viele "
                                           "Plätze sind mindestens besetzt.") % {"count": placed}})
    locked.places, locked.filled, locked.note = places, filled, note
    locked.full_clean()
    locked.save(update_fields=["places", "filled", "note"])
    return locked


# --- Daily digest of due follow-ups ---------------------------------------------------------------

def follow_up_digest_candidates(today: date):
    """Staff with at least one open follow-up due today or earlier, and an address to write to."""
    due = FollowUp.objects.due(today).filter(assignee=OuterRef("pk"))
    return get_user_model().objects.filter(Exists(due), is_active=True).exclude(email="").order_by("pk")


def compose_follow_up_digest(user, *, today: date) -> ReminderMail | None:
    due = list(FollowUp.objects.due(today).for_assignee(user).select_related("visit__company").overdue_first())
    if not due:
        return None
    subject, body = render_mail("follow_up_digest", {
        "name": user.get_short_name() or user.get_username(), "due": due, "count": len(due), "today": today})
    return ReminderMail(
        key=f"followup-digest:{user.pk}:{today.isoformat()}",
        to=[user.email],
        subject=subject,
        body=body,
        category="followup-digest",
    )


def send_follow_up_digests(*, today: date | None = None) -> int:
    """One mail per person and day listing their due follow-ups; running it twice a day sends nothing more."""
    today = today or timezone.localdate()
    return send_due(
        follow_up_digest_candidates(today),
        compose=lambda user: compose_follow_up_digest(user, today=today),
        stamp_field=None,  # the outbox key (person + day) makes it once per day
    )


# --- CSV import -----------------------------------------------------------------------------------

# Column headers of import and export (the export writes these first, so an export can be re-imported).
COLUMNS = {
    "name": "Name",
    "legal_form": "Rechtsform",
    "register_court": "Registergericht",
    "register_type": "Registerart",
    "register_number": "Registernummer",
    "wz_code": "WZ-Code",
    "street": "Straße",
    "postcode": "PLZ",
    "city": "Ort",
    "district": "Ortsteil",
    "website": "Website",
    "phone": "Telefon",
    "is_member": "Mitglied",
    "employee_band": "Beschäftigte",
    "notes": "Notizen",
}
REQUIRED_COLUMNS = ("name", "street", "postcode")
MAX_IMPORT_ROWS = 5000


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, no header, missing columns, too many rows)."""


class RowStatus:
    OK = "ok"
    DUPLICATE = "duplicate"
    ERROR = "error"


@dataclass
class RowReport:
    line: int
    name: str
    status: str = RowStatus.OK
    messages: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)


@dataclass
class ImportReport:
    digest: str
    rows: list[RowReport]

    @property
    def ok_rows(self):
        return [row for row in self.rows if row.status == RowStatus.OK]

    @property
    def error_rows(self):
        return [row for row in self.rows if row.status == RowStatus.ERROR]

    @property
    def duplicate_rows(self):
        return [row for row in self.rows if row.status == RowStatus.DUPLICATE]

    @property
    def can_import(self) -> bool:
        return bool(self.ok_rows) and not self.error_rows


def content_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode_upload(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it in Germany."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


# The longest value any column takes (Notizen); a longer field is refused before the csv module's own limit.
MAX_IMPORT_FIELD_CHARS = 10_000


def _read_rows(text: str) -> list[tuple[int, dict]]:
    """The rows of the file; raises ImportFileError (German) for anything that makes the file unreadable as a
    whole: a NUL byte (PostgreSQL stores none), a field longer than any column, too many rows, broken quoting."""
    if "\x00" in text:
        raise ImportFileError(_("Die Datei enthält ein Nullzeichen (NUL) und ist keine reine Textdatei. "
                                "Bitte als CSV (UTF-8) neu speichern."))
    try:
        return _parse_rows(text)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise ImportFileError(_("Ein Feld der Datei ist länger als %(max)s Zeichen. Bitte die Datei prüfen.")
                                  % {"max": MAX_IMPORT_FIELD_CHARS}) from error
        raise ImportFileError(_("Die Datei ist kein lesbares CSV: %(error)s") % {"error": error}) from error


def _parse_rows(text: str) -> list[tuple[int, dict]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    by_header = {header.casefold(): key for key, header in COLUMNS.items()} | {key: key for key in COLUMNS}
    fieldnames = [(name or "").strip() for name in (reader.fieldnames or [])]
    mapped = {name: by_header.get(name.casefold()) for name in fieldnames}
    missing = [COLUMNS[key] for key in REQUIRED_COLUMNS if key not in mapped.values()]
    if missing:
        raise ImportFileError(_("Der Datei fehlen die Spalten: %(columns)s. Erwartet wird die Kopfzeile %(header)s.")
                              % {"columns": ", ".join(missing), "header": ";".join(COLUMNS.values())})
    rows = []
    for raw in reader:
        if any(len(value) > MAX_IMPORT_FIELD_CHARS for value in raw.values() if isinstance(value, str)):
            raise csv.Error("field larger than field limit")
        values = {mapped[(k or "").strip()]: (v or "").strip() for k, v in raw.items()
                  if k is not None and mapped.get((k or "").strip())}
        if any(values.values()):
            rows.append((reader.line_num, values))
        if len(rows) > MAX_IMPORT_ROWS:
            raise ImportFileError(_("Höchstens %(max)s Zeilen auf einmal, bitte die Datei teilen.")
                                  % {"max": MAX_IMPORT_ROWS})
    return rows


_TRUE = {"ja", "j", "x", "1", "true", "wahr", "yes"}
_FALSE = {"nein", "n", "0", "false", "falsch", "no", ""}
_DISTRICTS = {str(label).casefold(): value for value, label in District.choices} | {v: v for v in District.values}
_LEGAL_FORMS = {v.casefold(): v for v in LegalForm.values} | {"eg": "e.G.", "ek": "e.K.", "ev": "e.V."}
_BANDS = {v: v for v in EmployeeBand.values}


def _company_from(values: dict) -> tuple[Company, list[str]]:
    problems = []
    data = {key: values.get(key, "") for key in COLUMNS if key != "is_member"}
    member = values.get("is_member", "ja").casefold()
    if member not in _TRUE | _FALSE:
        problems.append(_("Mitglied: „%(value)s“ bitte als ja oder nein angeben.") % {"value": values["is_member"]})
    district = data["district"]
    data["district"] = _DISTRICTS.get(district.casefold(), "") if district else ""
    if district and not data["district"]:
        problems.append(_("Ortsteil: „%(value)s“ ist kein Hattinger Ortsteil.") % {"value": district})
    legal_form = data["legal_form"]
    data["legal_form"] = _LEGAL_FORMS.get(legal_form.casefold().replace(" ", ""), legal_form) if legal_form else ""
    band = data["employee_band"].replace("–", "-").replace(" ", "")
    data["employee_band"] = _BANDS.get(band, data["employee_band"])
    data["wz_code"] = normalize_wz(data["wz_code"])
    data["city"] = data["city"] or "Hattingen"
    if data["website"] and "://" not in data["website"]:
        data["website"] = "https://" + data["website"]
    company = Company(**data, is_member=member in _TRUE, source=Source.IMPORT)
    return company, problems


def _field_messages(error: ValidationError) -> list[str]:
    labels = {f.name: str(f.verbose_name) for f in Company._meta.get_fields() if hasattr(f, "verbose_name")}
    messages = []
    for name, errors in error.message_dict.items():
        prefix = f"{labels[name]}: " if name in labels else ""
        messages += [prefix + message for message in errors]
    return messages


def check_import(text: str) -> ImportReport:
    """The dry run: read every row and say what is wrong with it. Changes nothing. Raises ImportFileError."""
    rows = _read_rows(text)
    existing = list(Company.objects.values_list("name", "postcode", "register_court", "register_type",
                                                "register_number"))
    by_name = {(name.casefold(), postcode) for name, postcode, _court, _type, _number in existing}
    by_register = {(court, kind, number) for _name, _postcode, court, kind, number in existing if number}
    reports = []
    for line, values in rows:
        company, problems = _company_from(values)
        report = RowReport(line=line, name=values.get("name", ""), values=values)
        for key in REQUIRED_COLUMNS:
            if not values.get(key):
                problems.append(_("Pflichtangabe fehlt: %(column)s") % {"column": COLUMNS[key]})
        try:
            # A missing required value is reported above in plain words; a present one is checked like the rest.
            company.full_clean(exclude=[key for key in REQUIRED_COLUMNS if not values.get(key)],
                               validate_constraints=False)
        except ValidationError as error:
            problems += _field_messages(error)
        if problems:
            report.status, report.messages = RowStatus.ERROR, problems
        else:
            register = (company.register_court, company.register_type, company.register_number)
            name_key = (company.name.casefold(), company.postcode)
            if company.register_number and register in by_register:
                report.status = RowStatus.DUPLICATE
                report.messages.append(_("wahrscheinlich doppelt: Registernummer %(entry)s gibt es schon") % {
                    "entry": company.register_entry})
            elif name_key in by_name:
                report.status = RowStatus.DUPLICATE
                report.messages.append(_("wahrscheinlich doppelt: „%(name)s“ mit PLZ %(postcode)s gibt es schon")
                                       % {"name": company.name, "postcode": company.postcode})
            else:
                # Later rows are compared with this one too: a file must not bring the same company twice.
                by_name.add(name_key)
                if company.register_number:
                    by_register.add(register)
        reports.append(report)
    return ImportReport(digest=content_digest(text), rows=reports)


@transaction.atomic
def run_import(text: str, *, expected_digest: str) -> list[Company]:
    """Import the rows the dry run found good, all or nothing; duplicates are skipped.

    Refuses (ValidationError) when the content is not the one that was checked, or when any row has an error
    now (the directory may have changed since the dry run).
    """
    if content_digest(text) != expected_digest:
        raise ValidationError(_("Die Datei hat sich seit der Prüfung geändert. Bitte erneut hochladen."))
    report = check_import(text)
    if report.error_rows:
        raise ValidationError(_("%(count)s Zeilen haben Fehler; es wurde nichts importiert.")
                              % {"count": len(report.error_rows)})
    created = []
    for row in report.ok_rows:
        company, _problems = _company_from(row.values)
        company.full_clean()
        company.save()
        created.append(company)
    return created
