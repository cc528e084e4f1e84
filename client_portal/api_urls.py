from django.urls import path  # noqa: F401 - API endpoints of this app are added here

app_name = "client_portal_api"

urlpatterns: list = []
