from django.urls import path

from . import staff_views as views

app_name = "events_staff"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("neu/", views.event_form, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.event_form, name="edit"),
    path("<int:pk>/kopieren/", views.event_copy, name="copy"),
    path("<int:pk>/absagen/", views.event_cancel, name="cancel"),
    path("<int:pk>/einladen/", views.event_invite, name="invite"),
    path("<int:pk>/telefon/", views.phone_registration, name="phone"),
    path("<int:pk>/einlass/", views.checkin, name="checkin"),
    path("<int:pk>/einlass/ohne-anmeldung/", views.walk_in, name="walk_in"),
    path("<int:pk>/statistik/", views.event_statistics, name="statistics"),
    path("<int:pk>/teilnehmende/", views.attendee_list, name="attendees"),
    path("<int:pk>/teilnehmende.csv", views.attendee_csv, name="attendees_csv"),
    path("<int:pk>/namensschilder.pdf", views.badges_pdf, name="badges"),
    path("person/<int:pk>/", views.person, name="person"),
    path("person/<int:pk>/einlassen/", views.person_check_in, name="check_in"),
    path("person/<int:pk>/zuruecknehmen/", views.person_undo, name="undo"),
    path("person/<int:pk>/stornieren/", views.registration_cancel, name="registration_cancel"),
    path("person/<int:pk>/firma/", views.person_link_company, name="link_company"),
    path("person/<int:pk>/firma-anlegen/", views.person_create_company, name="create_company"),
    path("person/<int:pk>/nachfassen/", views.person_follow_up, name="follow_up"),
    path("qr/<str:token>/", views.checkin_token, name="checkin_token"),
]
