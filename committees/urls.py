from django.urls import path
from django.views.decorators.http import require_GET

from ihk_office.http import public_page

from . import views
from .feeds import RecommendationStatusFeed

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
    path("<slug:slug>/empfehlungen/", views.public_recommendations, name="public_recommendations"),
    path("<slug:slug>/empfehlungen/feed/", require_GET(public_page(RecommendationStatusFeed())),
         name="public_recommendations_feed"),
    path("<slug:slug>/empfehlungen/<int:pk>/", views.public_recommendation, name="public_recommendation"),
]
