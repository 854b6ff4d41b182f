"""Staff pages: committees, members, meetings with agenda, documents, attendance, minutes, recommendations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ihk_office.permissions import staff_required

from . import selectors, services
from .forms import (
    AgendaItemForm,
    DocumentForm,
    EndMembershipForm,
    GroupObstaclesForm,
    InviteMemberForm,
    MeetingForm,
    MinutesForm,
    ObstacleLinkForm,
    RecommendationForm,
    RecommendationPublicTextForm,
    RecommendationStatusForm,
    ReopenMinutesForm,
)
from .models import AgendaItem, Attendance, Committee, Meeting, Membership, Minutes, Recommendation


@staff_required
def committee_list(request):
    committees = Committee.objects.order_by("name")
    return render(request, "committees/staff/committee_list.html", {"committees": committees})


SECTION_TEMPLATES = {section: f"committees/staff/committee_{section}.html"
                     for section in selectors.STAFF_COMMITTEE_SECTIONS}


def _render_section(request, pk, section, status=200, **forms):
    """One tab of the committee page; a form with errors comes back on its own tab."""
    data = selectors.staff_committee_page(pk, section)
    committee = data["committee"]
    if section == "meetings":
        forms.setdefault("meeting_form", MeetingForm(committee=committee))
    elif section == "members":
        forms.setdefault("invite_form", InviteMemberForm())
    elif section == "documents":
        forms.setdefault("document_form", DocumentForm())
    else:
        forms.setdefault("recommendation_form", RecommendationForm(committee=committee))
    return render(request, SECTION_TEMPLATES[section], {**data, **forms}, status=status)


@staff_required
def committee_detail(request, pk):
    """The meetings tab (the committee's first page)."""
    return _render_section(request, pk, "meetings")


@staff_required
def committee_members(request, pk):
    return _render_section(request, pk, "members")


@staff_required
def committee_documents(request, pk):
    return _render_section(request, pk, "documents")


@staff_required
def committee_recommendations(request, pk):
    return _render_section(request, pk, "recommendations")


@staff_required
@require_POST
def committee_document_upload(request, pk):
    """A document of the committee as a whole (rules of procedure, member list), not of one meeting."""
    committee = get_object_or_404(Committee, pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_document(committee=committee, meeting=None, upload=form.cleaned_data["file"],
                                     title=form.cleaned_data["title"], description=form.cleaned_data["description"],
                                     uploaded_by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("Das Dokument ist hochgeladen."))
            return redirect("committees_staff:committee_documents", pk)
    return _render_section(request, pk, "documents", status=400, document_form=form)


@staff_required
@require_POST
def member_invite(request, pk):
    committee = get_object_or_404(Committee, pk=pk)
    form = InviteMemberForm(request.POST)
    if form.is_valid():
        try:
            membership = services.invite_member(committee=committee, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("%(name)s ist eingetragen; die Einladung wird per E-Mail verschickt.")
                             % {"name": membership.user.get_full_name() or membership.user.email})
            return redirect("committees_staff:committee_members", committee.pk)
    return _render_section(request, pk, "members", status=400, invite_form=form)


@staff_required
def membership_end(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("user", "committee"), pk=pk)
    form = EndMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(membership=membership, end_date=form.cleaned_data["end_date"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Die Mitgliedschaft endet am %(date)s.")
                             % {"date": membership.end_date.strftime("%d.%m.%Y")})
            return redirect("committees_staff:committee_members", membership.committee_id)
    return render(request, "committees/staff/membership_end.html", {"membership": membership, "form": form},
                  status=400 if form.errors else 200)


@staff_required
@require_POST
def meeting_create(request, pk):
    committee = get_object_or_404(Committee, pk=pk)
    form = MeetingForm(request.POST, committee=committee)
    if form.is_valid():
        meeting = form.save()
        messages.success(request, _("Die Sitzung ist angelegt."))
        return redirect("committees_staff:meeting_detail", meeting.pk)
    return _render_section(request, pk, "meetings", status=400, meeting_form=form)


@staff_required
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        told = services.save_meeting(meeting=form.instance)
        if told:
            messages.success(request, _("Die Sitzung ist gespeichert; %(count)s eingeladene Mitglieder bekommen die "
                                        "Änderung per E-Mail mit dem neuen Kalendereintrag.") % {"count": told})
        else:
            messages.success(request, _("Die Sitzung ist gespeichert."))
        return redirect("committees_staff:meeting_detail", meeting.pk)
    return render(request, "committees/staff/meeting_edit.html", {"meeting": meeting, "form": form},
                  status=400 if form.errors else 200)


def _meeting_context(pk, **extra):
    page = selectors.staff_meeting_page(pk)
    return {
        "page": page,
        "meeting": page.meeting,
        "agenda_form": extra.pop("agenda_form", None) or AgendaItemForm(),
        "document_form": extra.pop("document_form", None) or DocumentForm(),
        "presence_choices": Attendance.Presence.choices,
        **extra,
    }


@staff_required
def meeting_detail(request, pk):
    return render(request, "committees/staff/meeting_detail.html", _meeting_context(pk))


@staff_required
@require_POST
def agenda_item_add(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        services.add_agenda_item(meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Der Tagesordnungspunkt ist ergänzt."))
        return redirect("committees_staff:meeting_detail", pk)
    return render(request, "committees/staff/meeting_detail.html", _meeting_context(pk, agenda_form=form),
                  status=400)


@staff_required
@require_POST
def agenda_item_move(request, pk):
    item = get_object_or_404(AgendaItem, pk=pk)
    services.move_agenda_item(item=item, direction=-1 if request.POST.get("direction") == "up" else 1)
    return _back_to_agenda_item(item)


def _back_to_agenda_item(item):
    # Back to the moved item, not to the top of a long page: the next step is one tap away.
    return HttpResponseRedirect(reverse("committees_staff:meeting_detail", args=[item.meeting_id])
                                + f"#top-{item.pk}")


@staff_required
@require_POST
def agenda_reorder(request, pk):
    """All positions typed into the agenda list, saved at once."""
    meeting = get_object_or_404(Meeting, pk=pk)
    positions = {}
    for key, value in request.POST.items():
        number = key.removeprefix("position-")
        if key.startswith("position-") and number.isdigit() and value.strip().isdigit():
            positions[int(number)] = int(value)
    services.reorder_agenda(meeting=meeting, positions=positions)
    messages.success(request, _("Die Reihenfolge der Tagesordnung ist gespeichert."))
    return HttpResponseRedirect(reverse("committees_staff:meeting_detail", args=[pk]) + "#agenda")


@staff_required
def agenda_item_edit(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = AgendaItemForm(request.POST or None, instance=item, auto_id="id_item_%s")
    if request.method == "POST" and form.is_valid():
        services.update_agenda_item(item=item, **{name: form.cleaned_data[name] for name in ("title", "text",
                                                                                          "public")})
        messages.success(request, _("Der Tagesordnungspunkt ist gespeichert."))
        return _back_to_agenda_item(item)
    return render(request, "committees/staff/agenda_item_edit.html", {"item": item, "meeting": item.meeting,
                                                                      "form": form},
                  status=400 if form.errors else 200)


@staff_required
@require_POST
def agenda_item_delete(request, pk):
    item = get_object_or_404(AgendaItem, pk=pk)
    meeting_id = item.meeting_id
    services.remove_agenda_item(item=item)
    messages.success(request, _("Der Tagesordnungspunkt ist gelöscht."))
    return redirect("committees_staff:meeting_detail", meeting_id)


@staff_required
@require_POST
def recommendation_to_agenda(request, pk, recommendation_pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    recommendation = get_object_or_404(Recommendation, pk=recommendation_pk)
    try:
        services.put_recommendation_on_agenda(meeting=meeting, recommendation=recommendation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Die Empfehlung steht jetzt auf der Tagesordnung."))
    return redirect("committees_staff:meeting_detail", pk)


@staff_required
@require_POST
def document_upload(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_document(committee=meeting.committee, meeting=meeting, upload=form.cleaned_data["file"],
                                     title=form.cleaned_data["title"], description=form.cleaned_data["description"],
                                     uploaded_by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("Das Dokument ist hochgeladen."))
            return redirect("committees_staff:meeting_detail", pk)
    return render(request, "committees/staff/meeting_detail.html", _meeting_context(pk, document_form=form),
                  status=400)


@staff_required
@require_POST
def document_delete(request, pk):
    from .models import Document

    document = get_object_or_404(Document, pk=pk)
    meeting_id, committee_id = document.meeting_id, document.committee_id
    services.delete_document(document=document)
    messages.success(request, _("Das Dokument ist gelöscht."))
    if request.POST.get("back") == "committee" or not meeting_id:
        return redirect("committees_staff:committee_documents", committee_id)
    return redirect("committees_staff:meeting_detail", meeting_id)


@staff_required
def invitations_send(request, pk):
    """GET shows the mail as it will go out and who gets it; only the POST from that page sends."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    if request.method != "POST":
        recipients = list(services.pending_invitations(meeting=meeting))
        subject, body = services.invitation_mail(meeting=meeting, membership=recipients[0] if recipients else None)
        return render(request, "committees/staff/invitations_preview.html", {
            "meeting": meeting, "recipients": recipients, "subject": subject, "body": body,
            "sendable": not (meeting.is_tentative or meeting.state == Meeting.State.CANCELLED)})
    try:
        count = services.send_invitations(meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)s Einladungen werden verschickt.") % {"count": count})
    return redirect("committees_staff:meeting_detail", pk)


@staff_required
@require_POST
def presence_record(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    presence = {}
    for key, value in request.POST.items():
        if key.startswith("presence-") and key.removeprefix("presence-").isdigit():
            presence[int(key.removeprefix("presence-"))] = value
    try:
        services.record_presence(meeting=meeting, presence=presence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Die Anwesenheit ist gespeichert."))
    return redirect("committees_staff:meeting_detail", pk)


@staff_required
def minutes_edit(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_approved:
        messages.info(request, _("Das Protokoll ist genehmigt und damit schreibgeschützt. Öffnen Sie es mit "
                                 "Begründung wieder, um es zu ändern."))
        return redirect("committees_staff:meeting_detail", pk)
    # A first draft starts with the agenda's headings, so the minute-taker fills in rather than retypes.
    text = minutes.text if minutes else selectors.minutes_outline(meeting)
    form = MinutesForm(request.POST or None, initial={"text": text},
                       early=not services.meeting_has_taken_place(meeting=meeting))
    if request.method == "POST" and form.is_valid():
        try:
            minutes = services.save_minutes(meeting=meeting, text=form.cleaned_data["text"])
            if "approve" in request.POST:
                services.approve_minutes(minutes=minutes, by=request.user,
                                         before_meeting_confirmed=form.cleaned_data.get("approve_early", False))
                messages.success(request, _("Das Protokoll ist genehmigt; Mitglieder können es jetzt lesen."))
            else:
                messages.success(request, _("Der Entwurf ist gespeichert."))
            return redirect("committees_staff:meeting_detail", pk)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        except services.MinutesLocked:
            form.add_error(None, _("Das Protokoll ist inzwischen genehmigt worden."))
    preview = minutes.html if minutes else ""
    return render(request, "committees/staff/minutes_edit.html",
                  {"meeting": meeting, "form": form, "minutes": minutes, "preview": preview},
                  status=400 if form.errors else 200)


@staff_required
def minutes_reopen(request, pk):
    minutes = get_object_or_404(Minutes.objects.select_related("meeting__committee"), meeting_id=pk)
    form = ReopenMinutesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_minutes(minutes=minutes, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Das Protokoll ist wieder ein Entwurf; die genehmigte Fassung bleibt "
                                        "gespeichert."))
            return redirect("committees_staff:minutes_edit", pk)
    return render(request, "committees/staff/minutes_reopen.html",
                  {"minutes": minutes, "meeting": minutes.meeting, "form": form},
                  status=400 if form.errors else 200)


@staff_required
@require_POST
def recommendation_create(request, pk):
    committee = get_object_or_404(Committee, pk=pk)
    form = RecommendationForm(request.POST, committee=committee)
    if form.is_valid():
        try:
            recommendation = services.create_recommendation(committee=committee, by=request.user,
                                                            **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Die Handlungsempfehlung ist angelegt."))
            return redirect("committees_staff:recommendation_detail", recommendation.pk)
    return _render_section(request, pk, "recommendations", status=400, recommendation_form=form)


def _recommendation_for_staff(pk):
    return get_object_or_404(
        Recommendation.objects.select_related("committee", "adopted_in").prefetch_related("history__recorded_by"),
        pk=pk,
    )


def _render_recommendation(request, recommendation, *, form=None, public_form=None, status=200):
    candidates = selectors.obstacles_for_recommendation(recommendation)
    return render(request, "committees/staff/recommendation_detail.html", {
        "recommendation": recommendation,
        "form": form or RecommendationStatusForm(),
        "public_form": public_form or RecommendationPublicTextForm(instance=recommendation),
        # Whether the public sees it now: the one rule, asked of the database (one small query).
        "is_published": Recommendation.objects.published().filter(pk=recommendation.pk).exists(),
        # The obstacles it may name (those on its committee's agenda, and those it names already): 1 query.
        "linked": [obstacle for obstacle in candidates if obstacle.linked],
        "link_form": ObstacleLinkForm(candidates=candidates,
                                      initial={"obstacles": [o.pk for o in candidates if o.linked]}),
    }, status=status)


@staff_required
def recommendation_detail(request, pk):
    recommendation = _recommendation_for_staff(pk)
    form = RecommendationStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_recommendation_status(recommendation=recommendation,
                                                  status=form.cleaned_data["status"], on=form.cleaned_data["date"],
                                                  note=form.cleaned_data["note"],
                                                  public_note=form.cleaned_data["public_note"], by=request.user)
        except ValidationError as exc:
            form.add_error("date", exc.messages)
        else:
            messages.success(request, _("Der neue Stand ist eingetragen."))
            return redirect("committees_staff:recommendation_detail", pk)
    return _render_recommendation(request, recommendation, form=form, status=400 if form.errors else 200)


@staff_required
@require_POST
def recommendation_obstacles(request, pk):
    """Name the obstacles (of the committee's agenda items) the recommendation answers."""
    recommendation = get_object_or_404(Recommendation, pk=pk)
    form = ObstacleLinkForm(request.POST, candidates=selectors.obstacles_for_recommendation(recommendation))
    if form.is_valid():
        try:
            services.link_obstacles(recommendation=recommendation, obstacles=form.cleaned_data["obstacles"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Die Standorthemmnisse der Empfehlung sind gespeichert."))
    else:
        messages.error(request, " ".join(form.errors.get("obstacles", [])))
    return redirect("committees_staff:recommendation_detail", pk)


@staff_required
def meeting_obstacles(request, pk):
    """Group obstacles into a new agenda item of this meeting: filter by kind and district, tick, name it."""
    from companies.obstacle_forms import ObstacleFilterForm

    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    filter_form = ObstacleFilterForm(request.GET or None)
    filters = filter_form.filters()
    candidates = selectors.obstacles_to_group(kind=filters["kind"], district=filters["district"])
    kind = filters["kind"]
    form = GroupObstaclesForm(request.POST or None, candidates=candidates, initial={
        "title": _("Standorthemmnisse: %(kind)s") % {"kind": kind.label} if kind else _("Standorthemmnisse"),
        "obstacles": [obstacle.pk for obstacle in candidates] if kind or filters["district"] else []})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.group_obstacles(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Der Tagesordnungspunkt mit den Standorthemmnissen ist ergänzt."))
            return _back_to_agenda_item(item)
    return render(request, "committees/staff/meeting_obstacles.html", {
        "meeting": meeting, "filter_form": filter_form, "form": form, "candidates": candidates,
    }, status=400 if form.errors else 200)


@staff_required
@require_POST
def recommendation_public_text(request, pk):
    recommendation = _recommendation_for_staff(pk)
    form = RecommendationPublicTextForm(request.POST, instance=recommendation)
    if form.is_valid():
        services.set_recommendation_public_text(recommendation=recommendation,
                                                public_text=form.cleaned_data["public_text"])
        messages.success(request, _("Der öffentliche Text ist gespeichert."))
        return redirect("committees_staff:recommendation_detail", pk)
    return _render_recommendation(request, recommendation, public_form=form, status=400)
