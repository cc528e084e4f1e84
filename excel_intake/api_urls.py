from django.urls import path

from . import api

app_name = "excel_intake_api"

urlpatterns = [
    path(
        "circles/<int:circle_id>/validations/",
        api.ValidationCreateView.as_view(),
        name="validation_create",
    ),
    path("circles/<int:circle_id>/versions/", api.VersionListView.as_view(), name="versions"),
    path("validations/<uuid:run_id>/", api.ValidationDetailView.as_view(), name="validation"),
    path("validations/<uuid:run_id>/submit/", api.SubmitView.as_view(), name="submit"),
]
