from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.day_list, name="days"),
    path("tag/<int:pk>/", views.day_detail, name="day"),
    path("tag/<int:pk>/warteliste/", views.waitlist_join, name="waitlist"),
    path("warteliste/bestaetigen/<str:token>/", views.waitlist_confirm, name="waitlist_confirm"),
    path("warteliste/austragen/<str:token>/", views.waitlist_leave, name="waitlist_leave"),
    path("meine-termine/", views.links, name="links"),
    path("termin/<int:slot_pk>/buchen/", views.book, name="book"),
    path("gesendet/", views.booked, name="booked"),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("buchung/<str:token>/", views.manage, name="manage"),
    path("gesendet/korrigieren/", views.release_hold, name="release_hold"),
    path("buchung/<str:token>/kalender.ics", views.manage_ics, name="manage_ics"),
    path("buchung/<str:token>/absagen/", views.manage_cancel, name="manage_cancel"),
    path("buchung/<str:token>/verschieben/", views.manage_move, name="manage_move"),
    path("angebot/<str:token>/", views.offer, name="offer"),
]
