"""The Atom feed of a committee's published recommendations: one entry per step in their history.

Built from public fields only (the recommendation's title and addressee, the step's status, date and public
note); the selector does not even load the internal text, the internal notes or who recorded a step.
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from . import selectors
from .models import Committee, RecommendationStatusChange


class RecommendationStatusFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        committee = selectors.publishing_committee(slug)
        # Atom wants absolute ids; the committee is this request's own object, so it may carry the address.
        committee.feed_origin = request.build_absolute_uri("/").rstrip("/")
        return committee

    def title(self, committee: Committee) -> str:
        return _("Handlungsempfehlungen: %(committee)s") % {"committee": committee.name}

    def subtitle(self, committee: Committee) -> str:
        return _("Was aus den Empfehlungen des Gremiums geworden ist: jeder neue Stand.")

    def link(self, committee: Committee) -> str:
        return reverse("committees:public_recommendations", args=[committee.slug])

    def feed_url(self, committee: Committee) -> str:
        return reverse("committees:public_recommendations_feed", args=[committee.slug])

    def author_name(self, committee: Committee) -> str:
        return committee.name

    def items(self, committee: Committee) -> list[RecommendationStatusChange]:
        steps = selectors.public_status_changes(committee)
        for step in steps:  # for the links; the feed object is shared between requests, so nothing is kept on it
            step.committee_slug, step.feed_origin = committee.slug, committee.feed_origin
        return steps

    def item_title(self, step: RecommendationStatusChange) -> str:
        return _("%(name)s: %(status)s") % {"name": step.recommendation.title, "status": step.get_status_display()}

    def item_description(self, step: RecommendationStatusChange) -> str:
        # Atom's summary is declared type="html": plain words are escaped here, once.
        recommendation = step.recommendation
        head = _("Stand: %(status)s seit %(date)s · an %(addressee)s") % {
            "status": step.get_status_display(), "date": date_format(step.date, "DATE_FORMAT"),
            "addressee": recommendation.get_addressee_display()}
        return f"<p>{escape(head)}</p>" + (linebreaks(escape(step.public_note)) if step.public_note else "")

    def item_link(self, step: RecommendationStatusChange) -> str:
        return reverse("committees:public_recommendation", args=[step.committee_slug, step.recommendation_id])

    def item_guid(self, step: RecommendationStatusChange) -> str:
        return f"{step.feed_origin}{self.item_link(step)}#stand-{step.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, step: RecommendationStatusChange) -> datetime:
        # The day the recommendation reached this status (the start of that day in Hattingen).
        return timezone.make_aware(datetime.combine(step.date, time.min))

    def item_updateddate(self, step: RecommendationStatusChange) -> datetime:
        # When the step was recorded: a step entered after the fact is still news to a reader.
        return step.recorded_at
