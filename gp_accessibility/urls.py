from django.urls import path  # noqa: F401

app_name = "gp_accessibility"

urlpatterns: list = []
