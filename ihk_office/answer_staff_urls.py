from django.urls import path

from . import answer_views

app_name = "answers_staff"

urlpatterns = [
    path("", answer_views.staff_answer_list, name="list"),
    path("neu/", answer_views.staff_answer_edit, name="create"),
    path("<int:pk>/", answer_views.staff_answer_detail, name="detail"),
    path("<int:pk>/bearbeiten/", answer_views.staff_answer_edit, name="edit"),
    path("<int:pk>/verlauf/", answer_views.staff_answer_history, name="history"),
]
