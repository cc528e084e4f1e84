from django.urls import path

from . import views

app_name = "excel_intake"

urlpatterns = [
    path("", views.index, name="index"),
    path("overzicht/", views.overview, name="overview"),
    path("overzicht/export.<str:fmt>", views.export, name="export"),
    path("kring/<int:circle_id>/", views.circle, name="circle"),
    path("kring/<int:circle_id>/template.xlsx", views.template_download, name="template"),
    path("kring/<int:circle_id>/opladen/", views.upload, name="upload"),
    path("kring/<int:circle_id>/werkingsgebied/", views.area, name="area"),
    path("kring/<int:circle_id>/versies/<int:version>/", views.version, name="version"),
    path("controle/<uuid:run_id>/", views.run, name="run"),
    path("controle/<uuid:run_id>/status.json", views.run_status, name="run_status"),
    path("controle/<uuid:run_id>/rapport.xlsx", views.run_report, name="run_report"),
    path("controle/<uuid:run_id>/indienen/", views.submit, name="submit"),
]
