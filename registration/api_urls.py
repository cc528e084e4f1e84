from django.urls import path

from . import api

app_name = "registration_api"

urlpatterns = [
    path("catalogus/", api.CatalogueView.as_view(), name="catalogue"),
    path("registraties/", api.EntryListView.as_view(), name="entries"),
    path("registraties/<int:pk>/", api.EntryDetailView.as_view(), name="entry"),
]
