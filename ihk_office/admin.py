from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Closure, Office, OpeningHours, OutgoingMail, StandardAnswer


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "street", "city", "phone"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, ClosureInline]


# The texts are never shown here, to anybody: a password-reset link would let its reader log in as someone
# else. Staff read mails under Intern → E-Mail-Versand, where links are masked.
_NOT_SHOWN = {"body", "html_body", "attachments"}


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "category", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "category"]
    search_fields = ["subject"]
    exclude = sorted(_NOT_SHOWN)
    readonly_fields = [f.name for f in OutgoingMail._meta.fields if f.name not in _NOT_SHOWN]

    def has_add_permission(self, request):
        return False


@admin.register(StandardAnswer)
class StandardAnswerAdmin(SimpleHistoryAdmin):
    # Staff edit the texts under Intern → Standardauskünfte; here for completeness (the history is the same).
    list_display = ["title_de", "slug", "position", "is_published", "show_consultation_day", "updated_at"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["title_de"]}
