from django.urls import path  # noqa: F401

app_name = "gp_accessibility_api"

urlpatterns: list = []
