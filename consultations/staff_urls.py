from django.urls import path

from . import staff_views as views

app_name = "consultations_staff"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("planen/", views.plan, name="plan"),
    path("neu/", views.day_create, name="day_create"),
    path("statistik/", views.stats, name="stats"),
    path("tag/<int:pk>/", views.day_sheet, name="day_sheet"),
    path("tag/<int:pk>/bearbeiten/", views.day_edit, name="day_edit"),
    path("tag/<int:pk>/absagen/", views.day_cancel, name="day_cancel"),
    path("tag/<int:pk>/verlegen/", views.day_move, name="day_move"),
    path("tag/<int:pk>/telefon/", views.phone_booking, name="phone_booking"),
    path("tag/<int:pk>/export.csv", views.day_csv, name="day_csv"),
    path("buchung/<int:pk>/status/", views.booking_mark, name="booking_mark"),
    path("buchung/<int:pk>/stornieren/", views.booking_cancel, name="booking_cancel"),
    path("buchung/<int:pk>/verlegen/", views.booking_move, name="booking_move"),
    path("buchung/<int:pk>/vermitteln/", views.booking_place, name="booking_place"),
    path("buchung/<int:pk>/vermittlung-zuruecknehmen/", views.booking_unplace, name="booking_unplace"),
]
