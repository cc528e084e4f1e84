from django.urls import path

from . import entry_views, views

app_name = "questionnaires"

urlpatterns = [
    path("onderzoek/", views.research_index, name="research_index"),
    path(
        "onderzoek/<int:questionnaire_id>/export.csv", views.research_export, name="research_export"
    ),
    # The agency: rounds for organisations.
    path("rondes/", views.round_list, name="round_list"),
    path("rondes/nieuw/", views.round_new, name="round_new"),
    path("rondes/<int:round_id>/", views.round_detail, name="round_detail"),
    path("rondes/<int:round_id>/afsluiten/", views.round_close, name="round_close"),
    path("rondes/<int:round_id>/ronde.xlsx", views.round_export, name="round_export"),
    path("rondes/<int:round_id>/antwoorden/<int:entry_id>/", views.round_entry, name="round_entry"),
    path("<int:questionnaire_id>/voorbeeld/", views.preview, name="preview"),
    # Members of an organisation in a round.
    path("mijn-rondes/", entry_views.my_rounds, name="my_rounds"),
    path("ronde/<int:entry_id>/", entry_views.entry, name="entry"),
    path(
        "ronde/<int:entry_id>/deel/<int:number>/", entry_views.entry_section, name="entry_section"
    ),
    path("ronde/<int:entry_id>/controleren/", entry_views.entry_review, name="entry_review"),
    path("ronde/<int:entry_id>/ingediend/", entry_views.entry_submitted, name="entry_submitted"),
    path("ronde/<int:entry_id>/afdruk/", entry_views.entry_print, name="entry_print"),
]
