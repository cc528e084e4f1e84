from django.urls import path

from . import api

app_name = "gp_accessibility_api"

urlpatterns = [
    path("circles/<int:circle_id>/results/", api.CircleResultsView.as_view(), name="circle"),
    path("results/", api.AgencyResultsView.as_view(), name="results"),
]
