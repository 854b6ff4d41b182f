"""What spans models in the committees app: inviting members, meetings, answers, minutes, recommendations.

Plain functions with keyword-only arguments; each writes inside one transaction and calls `full_clean()`.
Mails go through the outbox (`queue_mail`), never straight to SMTP.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ihk_office.mails import render_mail
from ihk_office.outbox import queue_mail
from ihk_office.reminders import ReminderMail, send_due

from . import calendar
from .models import (
    AgendaItem,
    Attendance,
    CalendarFeed,
    Committee,
    Document,
    Meeting,
    Membership,
    Minutes,
    MinutesVersion,
    Recommendation,
    RecommendationStatusChange,
    new_feed_token,
)
from .text_extraction import extract_text
from .uploads import check_document

# Members are reminded this long before a scheduled meeting.
REMINDER_LEAD = timedelta(days=2)


class MeetingIsOver(Exception):
    """An answer (RSVP) for a meeting that has already taken place, started or been cancelled."""

    def __init__(self, meeting: Meeting):
        super().__init__(meeting.pk)
        self.meeting = meeting

    @property
    def message(self) -> str:
        if self.meeting.state == Meeting.State.CANCELLED:
            return _("Diese Sitzung wurde abgesagt; eine Antwort ist nicht mehr nötig.")
        return _("Diese Sitzung liegt in der Vergangenheit; Zu- oder Absagen sind nicht mehr möglich.")


class NotAMember(Exception):
    """The user holds no active membership in the meeting's committee."""


# --- members -----------------------------------------------------------------------------------------


def password_set_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with translation.override(settings.LANGUAGE_CODE):  # the mail's language, not the staff page's
        return settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def invite_member(
    *,
    committee: Committee,
    email: str,
    first_name: str,
    last_name: str,
    organisation: str = "",
    role: str = Membership.Role.MEMBER,
    start_date: date | None = None,
) -> Membership:
    """Give a person a seat in `committee`, creating their account when needed, and mail them.

    A new account gets no usable password; the mail carries a link to set one (Django's password-reset
    token, valid for PASSWORD_RESET_TIMEOUT). An existing account is reused (matched by e-mail).
    Raises ValidationError when the person already holds an active seat in the committee.
    """
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    if Membership.objects.active().filter(user=user, committee=committee).exists():
        raise ValidationError(_("Diese Person ist bereits Mitglied dieses Gremiums."))
    membership = Membership(
        user=user, committee=committee, organisation=organisation, role=role,
        start_date=start_date or timezone.localdate(),
    )
    membership.full_clean()
    membership.save()
    subject, body = render_mail("committee_membership", {
        "name": user.get_full_name() or user.email, "committee": committee, "username": user.get_username(),
        "password_link": "" if user.has_usable_password() else password_set_link(user),
    })
    queue_mail(
        to=[user.email],
        subject=subject,
        body=body,
        key=f"committees-membership-{membership.pk}",
        category="committees-invite",
        # The set-password link logs in as this person: nobody but the recipient may ever read it.
        carries_credential=not user.has_usable_password(),
    )
    invite_to_upcoming_meetings(membership=membership)
    return membership


def invite_to_upcoming_meetings(*, membership: Membership, now: datetime | None = None) -> int:
    """Send a newcomer the invitation to every coming meeting whose invitations already went out.

    Meetings not yet announced are left alone: the newcomer is invited with everyone when staff send them.
    Returns how many invitations were queued.
    """
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(committee_id=membership.committee_id, state=Meeting.State.SCHEDULED,
                               starts_at__gt=now, attendances__invited_at__isnull=False)
        .distinct().order_by("starts_at")
    )
    count = 0
    for meeting in meetings:
        if timezone.localdate(meeting.starts_at) < membership.start_date:
            continue  # the seat begins after the meeting: not theirs to attend
        count += _invite(meeting=meeting, membership=membership, now=now, ics=calendar.meeting_ics(meeting))
    return count


@transaction.atomic
def end_membership(*, membership: Membership, end_date: date | None = None) -> Membership:
    """End a seat. From the day after `end_date` on the person sees nothing of the committee."""
    membership.end_date = end_date or timezone.localdate() - timedelta(days=1)
    membership.full_clean()
    membership.save(update_fields=["end_date"])
    return membership


# --- meetings and agenda -----------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(*, meeting: Meeting, title: str, text: str = "", public: bool = False,
                    recommendation: Recommendation | None = None) -> AgendaItem:
    """Append an item at the end of the agenda."""
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(meeting=meeting, position=last + 1, title=title, text=text, public=public,
                      recommendation=recommendation)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, direction: int) -> None:
    """Swap the item with its neighbour above (-1) or below (+1); renumbers 1..n so gaps disappear."""
    items = list(AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id).order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + direction
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


@transaction.atomic
def update_agenda_item(*, item: AgendaItem, title: str, text: str = "", public: bool = False) -> AgendaItem:
    """Change an item's wording or make it public (or not) after it was created."""
    item.title, item.text, item.public = title, text, public
    item.full_clean()
    item.save(update_fields=["title", "text", "public"])
    return item


@transaction.atomic
def reorder_agenda(*, meeting: Meeting, positions: dict[int, int]) -> None:
    """Put the agenda in the order of the numbers staff typed ({item pk: wanted position}) in one step.

    Items without a number keep their place relative to each other; ties keep the current order. The result
    is numbered 1..n again, so a typed 10 simply means "last".
    """
    items = list(AgendaItem.objects.select_for_update().filter(meeting=meeting).order_by("position", "pk"))
    wanted = {item.pk: (positions.get(item.pk, item.position), index) for index, item in enumerate(items)}
    items.sort(key=lambda item: wanted[item.pk])
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem) -> None:
    """Delete the item; the items after it close the gap (positions stay 1..n)."""
    meeting_id = item.meeting_id
    item.delete()
    items = AgendaItem.objects.select_for_update().filter(meeting_id=meeting_id).order_by("position", "pk")
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


@transaction.atomic
def put_recommendation_on_agenda(*, meeting: Meeting, recommendation: Recommendation) -> AgendaItem:
    """Offer an open recommendation of the same committee for discussion at `meeting`."""
    if recommendation.committee_id != meeting.committee_id:
        raise ValidationError(_("Die Empfehlung gehört zu einem anderen Gremium."))
    if meeting.agenda_items.filter(recommendation=recommendation).exists():
        raise ValidationError(_("Diese Empfehlung steht schon auf der Tagesordnung."))
    return add_agenda_item(
        meeting=meeting,
        title=_("Handlungsempfehlung: %(title)s") % {"title": recommendation.title},
        text=_("Stand: %(status)s") % {"status": recommendation.get_status_display()},
        recommendation=recommendation,
    )


@transaction.atomic
def upload_document(*, committee: Committee, meeting: Meeting | None, upload, title: str, description: str = "",
                    uploaded_by=None) -> Document:
    """Store an uploaded file privately; its text is read for the search after the commit (a Celery task).
    Raises ValidationError (German) for a file too large or not allowed."""
    content_type = check_document(upload)
    document = Document(
        committee=committee, meeting=meeting, title=title or upload.name, description=description,
        original_name=upload.name[:200], content_type=content_type, size=upload.size, uploaded_by=uploaded_by,
    )
    document.file.save(upload.name, upload, save=False)
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    # The file is untrusted: its text is read by a worker with a time limit, once the document is committed.
    # robust: a broker that is down must not turn a stored upload into an error (`index_documents` catches up).
    from .tasks import read_document_text

    transaction.on_commit(lambda: read_document_text.delay(document.pk), robust=True)
    return document


@transaction.atomic
def delete_document(*, document: Document) -> None:
    """Delete the document and, once that is committed, its stored file (a rollback keeps both)."""
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)


def read_document_text(document: Document) -> bool:
    """Read the words inside the document's file for the members' search; False if the file is missing."""
    try:
        with document.file.open("rb") as handle:
            text = extract_text(handle, document.content_type)
    except FileNotFoundError:
        return False
    Document.objects.filter(pk=document.pk).update(text=text)
    return True


@transaction.atomic
def send_invitations(*, meeting: Meeting, now: datetime | None = None) -> int:
    """Invite every active member by mail with an .ics file; returns how many invitations were queued.

    Idempotent per meeting and member: the outbox key refuses a second mail; members who joined since
    the last call are invited now.
    """
    if meeting.is_tentative or meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(_("Einladungen gehen erst heraus, wenn Datum und Uhrzeit feststehen."))
    now = now or timezone.now()
    memberships = Membership.objects.active(on=timezone.localdate(now)).filter(committee=meeting.committee)
    ics = calendar.meeting_ics(meeting)
    return sum(_invite(meeting=meeting, membership=membership, now=now, ics=ics)
               for membership in memberships.select_related("user"))


@transaction.atomic
def save_meeting(*, meeting: Meeting, now: datetime | None = None) -> int:
    """Save `meeting` as changed in memory (by the staff's form) and tell the members invited already.

    When its time or place changes (or a cancelled meeting is on again), each invited member with an active seat
    gets an update mail whose .ics keeps the UID with a higher SEQUENCE, and is reminded afresh before the new
    time; when it is cancelled, they get a cancellation mail whose .ics says METHOD:CANCEL / STATUS:CANCELLED.
    Before invitations went out nobody is told (the invitation will carry the new time). Returns how many mails
    were queued.
    """
    now = now or timezone.now()
    if meeting.pk is None:
        meeting.full_clean()
        meeting.save()
        return 0
    stored = Meeting.objects.select_for_update().get(pk=meeting.pk)
    invited = list(
        Attendance.objects.filter(meeting=stored, invited_at__isnull=False,
                                  membership__in=Membership.objects.active(on=timezone.localdate(now)))
        .select_related("membership__user")
    )
    cancelled = meeting.state == Meeting.State.CANCELLED and stored.state != Meeting.State.CANCELLED
    moved = meeting.state == Meeting.State.SCHEDULED and (
        (meeting.starts_at, meeting.ends_at, meeting.location) != (stored.starts_at, stored.ends_at, stored.location)
        or stored.state == Meeting.State.CANCELLED)
    kind = "cancelled" if cancelled else "changed" if moved else ""
    if kind and invited:
        meeting.calendar_sequence = stored.calendar_sequence + 1
    meeting.full_clean()
    meeting.save()
    if not (kind and invited):
        return 0
    if moved and meeting.starts_at != stored.starts_at:
        # Reminded before the new time, also those reminded of the old one already.
        Attendance.objects.filter(pk__in=[a.pk for a in invited]).update(reminder_sent_at=None)
    ics = calendar.meeting_ics(meeting)
    previous = Meeting(starts_at=stored.starts_at, state=stored.state).when_text
    for attendance in invited:
        user = attendance.membership.user
        subject, body = render_mail(f"meeting_{kind}", {
            "meeting": meeting, "name": user.get_full_name() or user.email, "previous": previous,
            "previous_location": stored.location if stored.location != meeting.location else "",
        })
        queue_mail(
            to=[user.email], subject=subject, body=body,
            # One mail per change and member: the SEQUENCE tells the changes apart.
            key=f"committees-meeting-{kind}-{meeting.pk}-{meeting.calendar_sequence}-{attendance.membership_id}",
            category=f"committees-meeting-{kind}",
            attachments=[{"filename": "sitzung.ics", "content": ics, "mimetype": "text/calendar"}],
        )
    return len(invited)


def invitation_mail(*, meeting: Meeting, membership: Membership | None) -> tuple[str, str]:
    """Subject and body of the invitation as `membership`'s person gets it (a placeholder name without one)."""
    name = (membership.user.get_full_name() or membership.user.email) if membership else _("Vorname Nachname")
    return render_mail("meeting_invitation", {"meeting": meeting, "name": name})


def pending_invitations(*, meeting: Meeting, now: datetime | None = None):
    """The active memberships that `send_invitations` would mail now (not yet invited), with their users."""
    now = now or timezone.now()
    invited = Attendance.objects.filter(meeting=meeting, invited_at__isnull=False).values("membership_id")
    return (
        Membership.objects.active(on=timezone.localdate(now)).filter(committee_id=meeting.committee_id)
        .exclude(pk__in=invited).select_related("user").order_by("user__last_name", "user__first_name", "pk")
    )


def _invite(*, meeting: Meeting, membership: Membership, now: datetime, ics: str) -> int:
    """Mail one invitation unless this member was already invited to this meeting; 1 when mailed."""
    attendance, _created = Attendance.objects.get_or_create(meeting=meeting, membership=membership)
    if attendance.invited_at:
        return 0
    attendance.invited_at = now
    attendance.save(update_fields=["invited_at"])
    subject, body = invitation_mail(meeting=meeting, membership=membership)
    queue_mail(
        to=[membership.user.email],
        subject=subject,
        body=body,
        key=f"committees-invitation-{meeting.pk}-{membership.pk}",
        category="committees-invitation",
        attachments=[{"filename": "sitzung.ics", "content": ics, "mimetype": "text/calendar"}],
    )
    return 1


@transaction.atomic
def respond(*, meeting: Meeting, user, response: str, now: datetime | None = None) -> Attendance:
    """Record a member's answer (yes, no, maybe). Raises MeetingIsOver for a past or cancelled meeting,
    NotAMember when the user has no active seat in the committee."""
    now = now or timezone.now()
    if response not in (Attendance.Response.YES, Attendance.Response.NO, Attendance.Response.MAYBE):
        raise ValidationError(_("Bitte wählen Sie Zusage, Absage oder vielleicht."))
    if meeting.is_over(now):
        raise MeetingIsOver(meeting)
    membership = (
        Membership.objects.active(on=timezone.localdate(now)).filter(user=user, committee_id=meeting.committee_id)
        .order_by("pk").first()
    )
    if membership is None:
        raise NotAMember
    attendance, _created = Attendance.objects.get_or_create(meeting=meeting, membership=membership)
    attendance.response = response
    attendance.responded_at = now
    attendance.save(update_fields=["response", "responded_at"])
    return attendance


@transaction.atomic
def record_presence(*, meeting: Meeting, presence: dict[int, str], today: date | None = None) -> int:
    """Staff record who was present: {attendance pk: presence}. Returns how many rows changed.
    Raises ValidationError before the meeting's day (nobody can have been present yet)."""
    if not presence_can_be_recorded(meeting=meeting, today=today):
        raise ValidationError(_("Die Anwesenheit lässt sich erst ab dem Sitzungstag erfassen."))
    valid = set(Attendance.Presence.values)
    changed = 0
    for attendance in meeting.attendances.filter(pk__in=list(presence)):
        value = presence[attendance.pk]
        if value in valid and attendance.presence != value:
            attendance.presence = value
            attendance.save(update_fields=["presence"])
            changed += 1
    return changed


def presence_can_be_recorded(*, meeting: Meeting, today: date | None = None) -> bool:
    """From the meeting's day on, for a meeting with a fixed date that was not cancelled."""
    if meeting.is_tentative or meeting.state == Meeting.State.CANCELLED:
        return False
    return (today or timezone.localdate()) >= timezone.localdate(meeting.starts_at)


def reminder_candidates(now: datetime):
    """Invited members of scheduled meetings within REMINDER_LEAD who did not decline and were not reminded."""
    return (
        Attendance.objects.filter(
            meeting__state=Meeting.State.SCHEDULED,
            meeting__starts_at__gt=now,
            meeting__starts_at__lte=now + REMINDER_LEAD,
            invited_at__isnull=False,
            reminder_sent_at__isnull=True,
            membership__in=Membership.objects.active(on=timezone.localdate(now)),
        )
        .exclude(response=Attendance.Response.NO)
        .select_related("meeting__committee", "membership__user")
    )


def _compose_reminder(attendance: Attendance) -> ReminderMail | None:
    meeting, user = attendance.meeting, attendance.membership.user
    if not user.email:
        return None
    subject, body = render_mail("meeting_reminder", {"meeting": meeting, "name": user.get_full_name() or user.email})
    return ReminderMail(
        # With the SEQUENCE: a meeting moved after its reminder went out is reminded of anew.
        key=f"committees-reminder-{attendance.pk}-{meeting.calendar_sequence}",
        to=[user.email],
        subject=subject,
        body=body,
        category="committees-reminder",
        attachments=[
            {"filename": "sitzung.ics", "content": calendar.meeting_ics(meeting), "mimetype": "text/calendar"}
        ],
    )


def send_due_meeting_reminders(*, now: datetime | None = None) -> int:
    """The periodic scan: remind each invited member once (stamp `Attendance.reminder_sent_at`)."""
    now = now or timezone.now()
    return send_due(reminder_candidates(now), compose=_compose_reminder, stamp_field="reminder_sent_at", now=now)


# --- minutes -----------------------------------------------------------------------------------------


class MinutesLocked(Exception):
    """Approved minutes are read-only until staff reopen them with a reason."""


class MeetingNotYetHeld(ValidationError):
    """Minutes or a decision for a meeting that has not begun (or was cancelled)."""

    def __init__(self, meeting: Meeting):
        super().__init__(_("Die Sitzung am %(when)s hat noch nicht stattgefunden.") % {"when": meeting.when_text})
        self.meeting = meeting


def meeting_has_taken_place(*, meeting: Meeting, now: datetime | None = None) -> bool:
    """Begun and neither tentative nor cancelled: only then can it have minutes or adopt anything."""
    if meeting.is_tentative or meeting.state == Meeting.State.CANCELLED:
        return False
    return meeting.starts_at <= (now or timezone.now())


@transaction.atomic
def save_minutes(*, meeting: Meeting, text: str) -> Minutes:
    """Write the draft. Raises MinutesLocked when the minutes are approved."""
    minutes, _created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    if minutes.is_approved:
        raise MinutesLocked
    minutes.text = text
    minutes.full_clean()
    minutes.save()
    return minutes


@transaction.atomic
def approve_minutes(*, minutes: Minutes, by, now: datetime | None = None,
                    before_meeting_confirmed: bool = False) -> MinutesVersion:
    """Approve the draft: records who and when and keeps a copy as the next version.

    Raises MeetingNotYetHeld before the meeting began, unless staff confirmed explicitly that the
    minutes may be approved early (a meeting entered with a wrong date, say).
    """
    now = now or timezone.now()
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.is_approved:
        raise MinutesLocked
    if not before_meeting_confirmed and not meeting_has_taken_place(meeting=minutes.meeting, now=now):
        raise MeetingNotYetHeld(minutes.meeting)
    if not minutes.text.strip():
        raise ValidationError(_("Ein leeres Protokoll kann nicht genehmigt werden."))
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = now
    minutes.approved_by = by
    minutes.full_clean()
    minutes.save()
    number = (minutes.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    return MinutesVersion.objects.create(minutes=minutes, number=number, text=minutes.text, approved_at=now,
                                         approved_by=by)


@transaction.atomic
def reopen_minutes(*, minutes: Minutes, by, reason: str, now: datetime | None = None) -> Minutes:
    """Turn approved minutes back into a draft. The approved version stays kept, with who, when and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Bitte geben Sie an, warum das Protokoll wieder geöffnet wird."))
    now = now or timezone.now()
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if not minutes.is_approved:
        raise ValidationError(_("Nur ein genehmigtes Protokoll kann wieder geöffnet werden."))
    latest = minutes.versions.order_by("-number").first()
    latest.reopened_at, latest.reopened_by, latest.reopen_reason = now, by, reason
    latest.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    minutes.status = Minutes.Status.DRAFT
    minutes.approved_at = None
    minutes.approved_by = None
    minutes.full_clean()
    minutes.save()
    return minutes


# --- recommendations ---------------------------------------------------------------------------------


@transaction.atomic
def create_recommendation(*, committee: Committee, title: str, text: str, addressee: str,
                          adopted_in: Meeting | None = None, by=None, on: date | None = None,
                          public_text: str = "") -> Recommendation:
    """A new recommendation starts "drafted" (or "adopted" when the adopting meeting is given).
    `public_text` is the only wording the public sees once it is adopted (if the committee publishes)."""
    if adopted_in is not None and adopted_in.committee_id != committee.pk:
        raise ValidationError({"adopted_in": _("Die Sitzung gehört zu einem anderen Gremium.")})
    if adopted_in is not None and not meeting_has_taken_place(meeting=adopted_in):
        # Else the page would say "beschlossen am" a day still to come.
        raise ValidationError({"adopted_in": _("Beschlossen werden kann eine Empfehlung erst in einer Sitzung, "
                                               "die stattgefunden hat.")})
    recommendation = Recommendation(committee=committee, title=title, text=text, addressee=addressee,
                                    adopted_in=adopted_in, public_text=public_text)
    recommendation.full_clean()
    recommendation.save()
    adopted_on = timezone.localdate(adopted_in.starts_at) if adopted_in is not None else None
    # Recorded after the fact, the draft cannot be younger than the meeting that adopted it.
    on = on or min(filter(None, [timezone.localdate(), adopted_on]))
    change_recommendation_status(recommendation=recommendation, status=Recommendation.Status.DRAFTED, on=on, by=by)
    if adopted_on is not None:
        change_recommendation_status(recommendation=recommendation, status=Recommendation.Status.ADOPTED,
                                     on=adopted_on, by=by)
    return recommendation


@transaction.atomic
def change_recommendation_status(*, recommendation: Recommendation, status: str, on: date | None = None,
                                 note: str = "", public_note: str = "", by=None) -> RecommendationStatusChange:
    """Append a step to the history and make it the current status. `note` stays internal; `public_note` is
    shown with the step on the public page and in the feed when the committee publishes its recommendations.
    Raises ValidationError for a decision ("beschlossen") dated in the future."""
    if status == Recommendation.Status.ADOPTED and on is not None and on > timezone.localdate():
        raise ValidationError({"date": _("Ein Beschluss kann nicht in der Zukunft liegen.")})
    change = RecommendationStatusChange(recommendation=recommendation, status=status,
                                        date=on or timezone.localdate(), note=note, public_note=public_note,
                                        recorded_by=by)
    change.full_clean()
    change.save()
    recommendation.status = status
    recommendation.save(update_fields=["status"])
    return change


@transaction.atomic
def set_recommendation_public_text(*, recommendation: Recommendation, public_text: str) -> Recommendation:
    """Replace the wording the public sees (the internal text stays as it is)."""
    recommendation.public_text = public_text
    recommendation.full_clean()
    recommendation.save(update_fields=["public_text"])
    return recommendation


# --- calendar feed -----------------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_for(*, user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def revoke_calendar_feed(*, user) -> CalendarFeed:
    """Replace the token: the old URL answers 404 from now on."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    feed.token = new_feed_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed


# --- location obstacles on the agenda and in recommendations -----------------------------------------


def _accepted_obstacles(obstacles) -> list:
    from companies.models import LocationObstacle

    ids = {obstacle.pk if hasattr(obstacle, "pk") else int(obstacle) for obstacle in obstacles}
    found = list(LocationObstacle.objects.accepted().filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"obstacles": _("Nur angenommene Standorthemmnisse können genannt werden; "
                                              "Meldungen im Eingang bitte erst annehmen.")})
    return found


@transaction.atomic
def group_obstacles(*, meeting: Meeting, title: str, obstacles, text: str = "", public: bool = False) -> AgendaItem:
    """Group accepted obstacles into a new agenda item at the end of the meeting's agenda. The item's summary
    ("von 6 Firmen in 2 Ortsteilen seit März genannt") is computed from the rows whenever a page shows it.
    Raises ValidationError for none, or for a report staff have not accepted yet."""
    found = _accepted_obstacles(obstacles)
    if not found:
        raise ValidationError({"obstacles": _("Bitte mindestens ein Standorthemmnis auswählen.")})
    if meeting.state in (Meeting.State.HELD, Meeting.State.CANCELLED):
        raise ValidationError(_("Die Sitzung hat schon stattgefunden oder ist abgesagt."))
    item = add_agenda_item(meeting=meeting, title=title, text=text, public=public)
    item.obstacles.set(found)
    return item


@transaction.atomic
def link_obstacles(*, recommendation: Recommendation, obstacles) -> None:
    """Name the (accepted) obstacles a recommendation answers; replaces the earlier choice."""
    recommendation.obstacles.set(_accepted_obstacles(obstacles))
