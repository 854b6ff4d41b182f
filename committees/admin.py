from django.contrib import admin

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
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "publishes_recommendations", "office"]
    list_filter = ["kind", "publishes_recommendations", "office"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "committee", "organisation", "role", "start_date", "end_date"]
    list_filter = ["committee", "role"]
    search_fields = ["user__last_name", "user__email", "organisation"]
    autocomplete_fields = ["user"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "committee", "state", "starts_at", "location"]
    list_filter = ["committee", "state"]
    date_hierarchy = "starts_at"
    search_fields = ["title"]
    inlines = [AgendaItemInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "committee", "meeting", "content_type", "size", "uploaded_at"]
    list_filter = ["committee", "content_type"]
    search_fields = ["title", "description", "original_name"]
    readonly_fields = ["file", "original_name", "content_type", "size", "uploaded_by"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["membership", "meeting", "response", "presence", "invited_at", "reminder_sent_at"]
    list_filter = ["response", "presence", "meeting__committee"]


class MinutesVersionInline(admin.TabularInline):
    model = MinutesVersion
    extra = 0
    can_delete = False
    readonly_fields = ["number", "approved_at", "approved_by", "reopened_at", "reopened_by", "reopen_reason"]
    fields = readonly_fields


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "approved_at", "approved_by"]
    list_filter = ["status", "meeting__committee"]
    # Approving and reopening go through the staff pages, which keep the versions.
    readonly_fields = ["status", "approved_at", "approved_by"]
    inlines = [MinutesVersionInline]


class StatusChangeInline(admin.TabularInline):
    model = RecommendationStatusChange
    extra = 0


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["title", "committee", "addressee", "status", "adopted_in"]
    list_filter = ["committee", "addressee", "status"]
    search_fields = ["title", "text", "public_text"]
    inlines = [StatusChangeInline]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    exclude = ["token"]
