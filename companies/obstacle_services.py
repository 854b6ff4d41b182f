"""Writes of the location obstacles (Standorthemmnisse): staff record one (on its own or at a visit), a board
member reports one (it waits in the staff inbox as "gemeldet"), staff accept or decline reports, change the
status (raised with whom, solved) and the companies affected. Every status step is kept in the history.

Plain functions with keyword-only arguments; each writes inside one transaction and calls `full_clean()`.
Grouping obstacles into an agenda item and linking them to a recommendation are committees' writes
(`committees.services.group_obstacles`, `link_obstacles`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from importlib import import_module

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Company, LocationObstacle, ObstacleKind, ObstacleStatusChange, Visit

Status = LocationObstacle.Status

# The statuses staff set by hand once an obstacle is accepted ("gemeldet" is only ever a member's report).
STAFF_STATUSES = (Status.OPEN, Status.RAISED, Status.SOLVED)


def ensure_default_kinds() -> None:
    """The kinds of the data migration, for databases emptied after migrating (seed_demo, browser tests)."""
    kinds = import_module("companies.migrations.0005_default_obstacle_kinds").DEFAULT_KINDS
    for position, (name, name_en) in enumerate(kinds, start=1):
        ObstacleKind.objects.get_or_create(name=name, defaults={"name_en": name_en, "position": position * 10})


@transaction.atomic
def add_kind(*, name: str, name_en: str = "") -> ObstacleKind:
    """A new kind at the end of the list. Raises ValidationError for a name that exists."""
    last = ObstacleKind.objects.order_by("-position").values_list("position", flat=True).first() or 0
    kind = ObstacleKind(name=name.strip(), name_en=name_en.strip(), position=last + 10)
    kind.full_clean()
    kind.save()
    return kind


def _step(obstacle: LocationObstacle, *, by, note: str = "") -> ObstacleStatusChange:
    change = ObstacleStatusChange(obstacle=obstacle, status=obstacle.status, raised_with=obstacle.raised_with,
                                  note=note, by=by)
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def record_obstacle(*, kind: ObstacleKind, title: str, by, district: str = "", description: str = "",
                    companies: Iterable[Company] = (), visit: Visit | None = None,
                    noted_on: date | None = None) -> LocationObstacle:
    """Staff record an obstacle ("offen" at once). Raised at a visit, it names the visit, and its company is
    among the companies affected. Raises ValidationError."""
    companies = list(companies)
    if visit is not None and visit.company_id not in {company.pk for company in companies}:
        companies.append(visit.company)
    obstacle = LocationObstacle(kind=kind, title=title, district=district, description=description, visit=visit,
                                noted_on=noted_on or (visit.date if visit else timezone.localdate()),
                                source=LocationObstacle.Source.STAFF, reported_by=by, status=Status.OPEN)
    obstacle.full_clean()
    obstacle.save()
    obstacle.companies.set(companies)
    _step(obstacle, by=by, note=_("vom Büro erfasst"))
    return obstacle


@transaction.atomic
def report_obstacle(*, kind: ObstacleKind, title: str, by, district: str = "",
                    description: str = "") -> LocationObstacle:
    """A board member reports an obstacle between meetings: it lands in the staff inbox as "gemeldet".
    Raises ValidationError."""
    obstacle = LocationObstacle(kind=kind, title=title, district=district, description=description,
                                source=LocationObstacle.Source.MEMBER, reported_by=by, status=Status.REPORTED)
    obstacle.full_clean()
    obstacle.save()
    _step(obstacle, by=by, note=_("aus dem Mitgliederbereich gemeldet"))
    return obstacle


@transaction.atomic
def update_obstacle(*, obstacle: LocationObstacle, kind: ObstacleKind, title: str, district: str = "",
                    description: str = "", noted_on: date | None = None) -> LocationObstacle:
    """Change what an obstacle says (not its status: `change_status`). Raises ValidationError."""
    obstacle.kind, obstacle.title, obstacle.district, obstacle.description = kind, title, district, description
    if noted_on is not None:
        obstacle.noted_on = noted_on
    obstacle.full_clean()
    obstacle.save()
    return obstacle


@transaction.atomic
def accept_report(*, obstacle: LocationObstacle, by, note: str = "") -> LocationObstacle:
    """Staff take a member's report up: it becomes "offen" and can be grouped into an agenda item."""
    obstacle = LocationObstacle.objects.select_for_update().get(pk=obstacle.pk)
    if obstacle.status != Status.REPORTED:
        raise ValidationError(_("Diese Meldung ist schon bearbeitet."))
    obstacle.status = Status.OPEN
    obstacle.save(update_fields=["status"])
    _step(obstacle, by=by, note=note or _("Meldung angenommen"))
    return obstacle


@transaction.atomic
def decline_report(*, obstacle: LocationObstacle, by, note: str) -> LocationObstacle:
    """Staff do not take a member's report up (a duplicate, not a matter of the location); the reporter sees
    the note. Raises ValidationError without a note."""
    obstacle = LocationObstacle.objects.select_for_update().get(pk=obstacle.pk)
    if obstacle.status != Status.REPORTED:
        raise ValidationError(_("Diese Meldung ist schon bearbeitet."))
    if not note.strip():
        raise ValidationError({"note": _("Bitte kurz begründen, warum die Meldung nicht aufgenommen wird.")})
    obstacle.status = Status.DECLINED
    obstacle.save(update_fields=["status"])
    _step(obstacle, by=by, note=note)
    return obstacle


@transaction.atomic
def change_status(*, obstacle: LocationObstacle, status: str, by, raised_with: str = "",
                  note: str = "") -> ObstacleStatusChange:
    """Move an accepted obstacle to "offen", "angesprochen bei …" (with whom is required) or "gelöst", and
    keep the step in the history. Raises ValidationError (a report not yet accepted, an unknown status)."""
    obstacle = LocationObstacle.objects.select_for_update().get(pk=obstacle.pk)
    if obstacle.status not in LocationObstacle.ACCEPTED:
        raise ValidationError(_("Eine Meldung wird erst angenommen, dann bearbeitet."))
    if status not in STAFF_STATUSES:
        raise ValidationError({"status": _("Diesen Stand gibt es nicht.")})
    obstacle.status = status
    if status == Status.RAISED:
        obstacle.raised_with = raised_with.strip()
    elif raised_with.strip():
        obstacle.raised_with = raised_with.strip()
    obstacle.full_clean()
    obstacle.save(update_fields=["status", "raised_with"])
    return _step(obstacle, by=by, note=note)


@transaction.atomic
def add_company(*, obstacle: LocationObstacle, company: Company) -> None:
    obstacle.companies.add(company)


@transaction.atomic
def remove_company(*, obstacle: LocationObstacle, company: Company) -> None:
    obstacle.companies.remove(company)
