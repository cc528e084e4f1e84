from django.urls import path  # noqa: F401 - API endpoints of this app are added here

app_name = "messaging_api"

urlpatterns: list = []
