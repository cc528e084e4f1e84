from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import policies
from accounts.api import MeView

from . import views

# The admin logs in through allauth, so MFA and rate limits apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Zorgportaal"
admin.site.site_title = "Zorgportaal"


class SchemaView(SpectacularAPIView):
    access_rule = policies.AUTHENTICATED
    permission_classes = [policies.RulePermission]


class SchemaDocsView(SpectacularSwaggerSplitView):
    access_rule = policies.AUTHENTICATED
    permission_classes = [policies.RulePermission]


api_urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SchemaDocsView.as_view(url_name="api:schema"), name="docs"),
    path("v1/me/", MeView.as_view(), name="me"),
]

# Each app's pages under a Dutch prefix, its API under /api/v1/<prefix>/.
APP_PREFIXES = {
    "dashboards": "dashboards",
    "excel_intake": "huisartsenlijst",
    "gp_accessibility": "toegankelijkheid",
    "parent_portal": "ouderportaal",
    "client_portal": "clientportaal",
    "registration": "tijdsregistratie",
    "messaging": "berichten",
    "questionnaires": "vragenlijsten",
}

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("api/", include((api_urlpatterns, "api"))),
    path("api/v1/accounts/", include("accounts.api_urls")),
    *[path(f"{prefix}/", include(f"{app}.urls")) for app, prefix in APP_PREFIXES.items()],
    *[
        path(f"api/v1/{prefix}/", include(f"{app}.api_urls"))
        for app, prefix in APP_PREFIXES.items()
    ],  # noqa: E501
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "portal.views.error_403"
handler404 = "portal.views.error_404"
handler500 = "portal.views.error_500"
