from django.urls import path

from . import views

app_name = "committees"

urlpatterns = [
    path("", views.member_home, name="member_home"),
    path("suche/", views.search, name="search"),
    path("kalender/", views.calendar_feed_settings, name="calendar_feed_settings"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("sitzungen/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("sitzungen/<int:pk>/antwort/", views.meeting_rsvp, name="meeting_rsvp"),
    path("sitzungen/<int:pk>/termin.ics", views.meeting_ics, name="meeting_ics"),
    path("sitzungen/<int:pk>/protokoll/", views.minutes_detail, name="minutes_detail"),
    path("sitzungen/<int:pk>/protokoll/druck/", views.minutes_print, name="minutes_print"),
    path("dokumente/<int:pk>/", views.document_download, name="document_download"),
    path("hemmnisse/", views.obstacle_report, name="obstacle_report"),
    path("<slug:slug>/", views.committee_public, name="committee_public"),
    path("<slug:slug>/mitglieder/", views.committee_detail, name="committee_detail"),
]
