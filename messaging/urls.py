from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("nieuw/", views.thread_new, name="new"),
    path("<uuid:thread_id>/", views.thread_detail, name="thread"),
    path("<uuid:thread_id>/sluiten/", views.thread_close, name="close"),
    path("<uuid:thread_id>/heropenen/", views.thread_reopen, name="reopen"),
    path("bijlage/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
