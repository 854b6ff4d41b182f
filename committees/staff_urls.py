from django.urls import path

from . import staff_views as views

app_name = "committees_staff"

urlpatterns = [
    path("", views.committee_list, name="committee_list"),
    path("<int:pk>/", views.committee_detail, name="committee_detail"),
    path("<int:pk>/mitglieder/", views.committee_members, name="committee_members"),
    path("<int:pk>/unterlagen/", views.committee_documents, name="committee_documents"),
    path("<int:pk>/unterlagen/hochladen/", views.committee_document_upload, name="committee_document_upload"),
    path("<int:pk>/empfehlungen/", views.committee_recommendations, name="committee_recommendations"),
    path("<int:pk>/mitglieder/einladen/", views.member_invite, name="member_invite"),
    path("<int:pk>/sitzungen/neu/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/empfehlungen/neu/", views.recommendation_create, name="recommendation_create"),
    path("mitgliedschaften/<int:pk>/beenden/", views.membership_end, name="membership_end"),
    path("sitzungen/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("sitzungen/<int:pk>/bearbeiten/", views.meeting_edit, name="meeting_edit"),
    path("sitzungen/<int:pk>/tagesordnung/", views.agenda_item_add, name="agenda_item_add"),
    path("sitzungen/<int:pk>/empfehlungen/<int:recommendation_pk>/", views.recommendation_to_agenda,
         name="recommendation_to_agenda"),
    path("sitzungen/<int:pk>/dokumente/", views.document_upload, name="document_upload"),
    path("sitzungen/<int:pk>/einladungen/", views.invitations_send, name="invitations_send"),
    path("sitzungen/<int:pk>/anwesenheit/", views.presence_record, name="presence_record"),
    path("sitzungen/<int:pk>/protokoll/", views.minutes_edit, name="minutes_edit"),
    path("sitzungen/<int:pk>/protokoll/wieder-oeffnen/", views.minutes_reopen, name="minutes_reopen"),
    path("sitzungen/<int:pk>/tagesordnung/reihenfolge/", views.agenda_reorder, name="agenda_reorder"),
    path("tagesordnung/<int:pk>/verschieben/", views.agenda_item_move, name="agenda_item_move"),
    path("tagesordnung/<int:pk>/bearbeiten/", views.agenda_item_edit, name="agenda_item_edit"),
    path("tagesordnung/<int:pk>/loeschen/", views.agenda_item_delete, name="agenda_item_delete"),
    path("dokumente/<int:pk>/loeschen/", views.document_delete, name="document_delete"),
    path("empfehlungen/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("empfehlungen/<int:pk>/hemmnisse/", views.recommendation_obstacles, name="recommendation_obstacles"),
    path("sitzungen/<int:pk>/hemmnisse/", views.meeting_obstacles, name="meeting_obstacles"),
    path("empfehlungen/<int:pk>/oeffentlich/", views.recommendation_public_text, name="recommendation_public_text"),
]
