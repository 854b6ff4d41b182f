from django.urls import path

from . import obstacle_views, views

app_name = "companies"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("uebersicht/", views.dashboard, name="dashboard"),
    path("abdeckung/", views.coverage, name="coverage"),
    path("neu/", views.company_edit, name="company_create"),
    path("<int:pk>/", views.company_detail, name="company_detail"),
    path("<int:pk>/bearbeiten/", views.company_edit, name="company_edit"),
    path("<int:pk>/verlauf/", views.company_history, name="company_history"),
    path("<int:company_pk>/ansprechpersonen/neu/", views.contact_edit, name="contact_create"),
    path("<int:company_pk>/ansprechpersonen/<int:pk>/", views.contact_edit, name="contact_edit"),
    path("<int:company_pk>/besuche/neu/", views.visit_create, name="visit_create"),
    path("<int:company_pk>/netzwerke/", views.network_membership, name="network_membership"),
    path("<int:company_pk>/vermittlungen/neu/", views.introduction_create, name="introduction_create"),
    path("<int:company_pk>/ausbildungsplaetze/neu/", views.training_place_create, name="training_place_create"),
    path("ausbildungsplaetze/<int:pk>/", views.training_place_edit, name="training_place_edit"),
    path("besuche/neu/", views.visit_start, name="visit_start"),
    path("besuche/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("besuche/<int:pk>/bearbeiten/", views.visit_edit, name="visit_edit"),
    path("wiedervorlagen/", views.my_follow_ups, name="my_follow_ups"),
    path("wiedervorlagen/<int:pk>/erledigt/", views.follow_up_done, name="follow_up_done"),
    path("netzwerke/", views.network_list, name="network_list"),
    path("netzwerke/neu/", views.network_edit, name="network_create"),
    path("netzwerke/<int:pk>/", views.network_detail, name="network_detail"),
    path("netzwerke/<int:pk>/bearbeiten/", views.network_edit, name="network_edit"),
    path("vermittlungen/", views.introduction_list, name="introduction_list"),
    path("import/", views.import_upload, name="import"),
    path("import/bestaetigen/", views.import_confirm, name="import_confirm"),
    path("export/firmen.csv", views.export_companies, name="export_companies"),
    path("export/besuche.csv", views.export_visits, name="export_visits"),
    path("hemmnisse/", obstacle_views.obstacle_list, name="obstacle_list"),
    path("hemmnisse/neu/", obstacle_views.obstacle_create, name="obstacle_create"),
    path("hemmnisse/arten/", obstacle_views.obstacle_kinds, name="obstacle_kinds"),
    path("hemmnisse/<int:pk>/", obstacle_views.obstacle_detail, name="obstacle_detail"),
    path("hemmnisse/<int:pk>/bearbeiten/", obstacle_views.obstacle_edit, name="obstacle_edit"),
    path("hemmnisse/<int:pk>/stand/", obstacle_views.obstacle_status, name="obstacle_status"),
    path("hemmnisse/<int:pk>/meldung/", obstacle_views.obstacle_review, name="obstacle_review"),
    path("hemmnisse/<int:pk>/firmen/", obstacle_views.obstacle_companies, name="obstacle_companies"),
]
