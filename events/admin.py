from django.contrib import admin

from .models import Event, Invitation, Registration, Room, WaitlistEntry


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "capacity", "office"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "audience", "capacity", "status"]
    list_filter = ["status", "audience", "office"]
    date_hierarchy = "starts_at"
    search_fields = ["title"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "status", "source", "guests", "checked_in_at"]
    list_filter = ["status", "source"]
    search_fields = ["name", "email", "company"]
    raw_id_fields = ["event", "invitation", "linked_company"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "event", "sent_at"]
    raw_id_fields = ["event"]


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "status", "guests", "offer_expires_at"]
    raw_id_fields = ["event"]
