from django.contrib import admin

from .models import Booking, ConsultationDay, ConsultationSchedule, Slot, WaitlistEntry


@admin.register(ConsultationSchedule)
class ConsultationScheduleAdmin(admin.ModelAdmin):
    list_display = ["office", "starts_at", "ends_at", "slot_minutes", "capacity", "holiday_policy", "held_back_places"]


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0


@admin.register(ConsultationDay)
class ConsultationDayAdmin(admin.ModelAdmin):
    list_display = ["date", "office", "status", "rule_date", "held_back_places", "note"]
    list_filter = ["status", "office"]
    date_hierarchy = "date"
    inlines = [SlotInline]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["name", "person_name", "slot", "status", "source", "role", "topic", "created_at",
                    "reminder_sent_at"]
    list_filter = ["status", "source", "role", "topic"]
    search_fields = ["name", "person_name", "email", "phone"]
    list_select_related = ["slot"]
    raw_id_fields = ["slot", "day", "entered_by"]
    readonly_fields = ["created_at", "confirmed_at", "cancelled_at", "reminder_sent_at", "anonymised_at", "hold_ip"]


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "day", "status", "offer_expires_at", "created_at", "confirmed_at"]
    list_filter = ["status"]
    search_fields = ["name", "email"]
