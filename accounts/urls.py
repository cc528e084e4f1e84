from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inzage/", views.access_log, name="access_log"),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("inzage/export.csv", views.access_log_export, name="access_log_export"),
    path("organisaties/wissel/", views.switch_organisation, name="switch_organisation"),
    path(
        "organisaties/<int:organisation_id>/leden/",
        views.organisation_members,
        name="organisation_members",
    ),
]
