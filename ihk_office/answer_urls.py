from django.urls import path

from . import answer_views

app_name = "answers"

# German slugs in both languages: /auskunft/beitragsbescheid/ and /en/auskunft/beitragsbescheid/.
urlpatterns = [
    path("", answer_views.answer_list, name="list"),
    path("<slug:slug>/", answer_views.answer_detail, name="detail"),
]
