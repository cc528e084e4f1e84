from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExcelIntakeConfig(AppConfig):
    name = "excel_intake"
    verbose_name = _("Huisartsenlijsten (Excel)")
