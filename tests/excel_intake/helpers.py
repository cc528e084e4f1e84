from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import member

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload_file(data: bytes, name: str = "lijst.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX_TYPE)


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, circle, data: bytes, name: str = "lijst.xlsx"):  # noqa: ANN001, ANN201
    return client.post(
        reverse("excel_intake:upload", args=[circle.pk]), {"file": upload_file(data, name)}
    )


def new_member(role: str, organisation) -> object:  # noqa: ANN001
    return member(role, organisation)
