from django.urls import path  # noqa: F401 - API endpoints of this app are added here

app_name = "excel_intake_api"

urlpatterns: list = []
