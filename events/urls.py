from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/kalender.ics", views.event_ics, name="ics"),
    path("<int:pk>/anmelden/", views.register, name="register"),
    path("<int:pk>/warteliste/", views.waitlist_join, name="waitlist"),
    path("einladung/<str:token>/", views.invitation, name="invitation"),
    path("gesendet/", views.sent, name="sent"),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("anmeldung/<str:token>/", views.manage, name="manage"),
    path("anmeldung/<str:token>/kalender.ics", views.manage_ics, name="manage_ics"),
    path("anmeldung/<str:token>/absagen/", views.manage_cancel, name="manage_cancel"),
    path("anmeldung/<str:token>/begleitung/", views.manage_guests, name="manage_guests"),
    path("angebot/<str:token>/", views.offer, name="offer"),
]
