from django.urls import path

from . import api

app_name = "dashboards_api"

urlpatterns = [
    path("<slug:slug>/", api.SeriesView.as_view(), name="series"),
]
