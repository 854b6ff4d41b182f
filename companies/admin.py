from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AnswerGiven,
    Company,
    Contact,
    FollowUp,
    Introduction,
    LocationObstacle,
    Network,
    ObstacleKind,
    ObstacleStatusChange,
    Topic,
    TrainingOccupation,
    TrainingPlace,
    Visit,
)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Company)
class CompanyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "legal_form", "register_entry", "wz_code", "section", "district", "is_member"]
    list_filter = ["is_member", "district", "section", "legal_form", "employee_band", "source"]
    search_fields = ["name", "street", "register_number", "contacts__name"]
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role", "company", "email", "since", "until"]
    search_fields = ["name", "company__name", "email"]
    list_select_related = ["company"]
    raw_id_fields = ["company"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["date", "company", "staff", "summary"]
    list_filter = ["topics", "staff", "date"]
    search_fields = ["company__name", "summary", "notes"]
    date_hierarchy = "date"
    list_select_related = ["company", "staff"]
    raw_id_fields = ["company", "contacts"]
    inlines = [FollowUpInline]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["what", "due_on", "assignee", "done_on"]
    list_filter = ["assignee", "done_on"]
    raw_id_fields = ["visit"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "contact_person"]
    filter_horizontal = ["members"]


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = ["date", "company", "to_company", "to_network", "purpose", "made_by"]
    list_filter = ["to_network", "made_by"]
    raw_id_fields = ["company", "to_company"]


@admin.register(AnswerGiven)
class AnswerGivenAdmin(admin.ModelAdmin):
    list_display = ["date", "answer", "channel", "company", "staff"]
    list_filter = ["answer", "channel", "date"]
    list_select_related = ["answer", "company", "staff"]
    raw_id_fields = ["visit", "company"]
    date_hierarchy = "date"


@admin.register(ObstacleKind)
class ObstacleKindAdmin(admin.ModelAdmin):
    """Rename, reorder or retire a kind (staff add new ones on the obstacles' "Arten pflegen" page)."""

    list_display = ["name", "name_en", "position", "is_active"]
    list_editable = ["position", "is_active"]


class ObstacleStatusChangeInline(admin.TabularInline):
    model = ObstacleStatusChange
    extra = 0
    raw_id_fields = ["by"]


@admin.register(LocationObstacle)
class LocationObstacleAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "district", "status", "noted_on", "source"]
    list_filter = ["status", "kind", "district", "source"]
    search_fields = ["title", "description"]
    list_select_related = ["kind"]
    raw_id_fields = ["companies", "visit", "reported_by"]
    inlines = [ObstacleStatusChangeInline]


@admin.register(TrainingOccupation)
class TrainingOccupationAdmin(admin.ModelAdmin):
    """The maintained list of recognised training occupations: add new ones, deactivate retired ones."""

    list_display = ["name", "code", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None):
        return False  # places and bookings point at them: deactivate instead


@admin.register(TrainingPlace)
class TrainingPlaceAdmin(SimpleHistoryAdmin):
    list_display = ["company", "occupation", "start_year", "places", "filled"]
    list_filter = ["start_year", "occupation"]
    search_fields = ["company__name", "occupation__name"]
    list_select_related = ["company", "occupation"]
    raw_id_fields = ["company", "visit"]
    # Filled places change on the staff page (companies.services.change_training_place), under the row's lock.
    readonly_fields = ["filled"]
