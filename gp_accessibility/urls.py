from django.urls import path

from . import views

app_name = "gp_accessibility"

urlpatterns = [
    path("", views.index, name="index"),
    path("kring/<int:circle_id>/", views.circle, name="circle"),
    path("kring/<int:circle_id>/resultaten.xlsx", views.circle_download, name="circle_download"),
    path("overzicht/", views.overview, name="overview"),
    path("overzicht/resultaten.xlsx", views.overview_download, name="overview_download"),
    path("overzicht/herberekenen/", views.recompute, name="recompute"),
    path("indicatoren/", views.indicators, name="indicators"),
    path("indicatoren/template.xlsx", views.indicator_template, name="indicator_template"),
    path("indicatoren/opladen/", views.indicator_upload, name="indicator_upload"),
    path("indicatoren/controle/<uuid:upload_id>/", views.indicator_check, name="indicator_check"),
    path(
        "indicatoren/controle/<uuid:upload_id>/rapport.xlsx",
        views.indicator_report,
        name="indicator_report",
    ),
    path(
        "indicatoren/controle/<uuid:upload_id>/opslaan/",
        views.indicator_save,
        name="indicator_save",
    ),
]
