from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:slug>/", views.question, name="question"),
    path("<slug:slug>/download.<str:fmt>", views.download, name="download"),
]
