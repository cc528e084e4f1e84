from django.urls import path

from . import views

app_name = "questionnaires"

urlpatterns = [
    path("onderzoek/", views.research_index, name="research_index"),
    path(
        "onderzoek/<int:questionnaire_id>/export.csv", views.research_export, name="research_export"
    ),
]
