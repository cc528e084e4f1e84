"""Django admin: the agency's administrators only (staff with MFA); everyone else to login.

Read-only admins (the audit log) refuse add and delete; change pages of models without a row in
the cast redirect to the index ("does not exist").
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from accounts.models import Role

from . import FORBIDDEN, LOGIN, METHOD, NOT_FOUND, OK, REDIRECT, Case

AGENCY = Role.AGENCY_ADMIN


def _first_pk(model):  # noqa: ANN001, ANN202
    first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return first


def _object_args(model):  # noqa: ANN001, ANN202
    def args(cast):  # noqa: ANN001, ANN202
        pk = _first_pk(model)
        return {"object_id": str(pk if pk is not None else 0)}

    return args


def _model_cases() -> list[Case]:
    cases = []
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        can_add = model_admin.has_add_permission(_SuperuserRequest())
        can_delete = model_admin.has_delete_permission(_SuperuserRequest())
        cases += [
            Case(f"{prefix}_changelist", anonymous=LOGIN, default=LOGIN, roles={AGENCY: OK}),
            Case(
                f"{prefix}_add",
                anonymous=LOGIN,
                default=LOGIN,
                roles={AGENCY: OK if can_add else FORBIDDEN},
            ),
            _object_case(f"{prefix}_change", model, OK),
            _object_case(f"{prefix}_history", model, OK),
            _object_case(f"{prefix}_delete", model, OK if can_delete else FORBIDDEN),
        ]
    return cases


class _ObjectCase(Case):
    """The agency's outcome depends on whether the cast holds a row of that model."""

    def expected(self, role: str) -> int | str:
        expected = super().expected(role)
        if role == AGENCY and expected == OK and _first_pk(self.model) is None:
            return REDIRECT
        return expected


def _object_case(name: str, model, agency_outcome) -> Case:  # noqa: ANN001
    case = _ObjectCase(
        name,
        anonymous=LOGIN,
        default=LOGIN,
        roles={AGENCY: agency_outcome},
        args=_object_args(model),
    )
    object.__setattr__(case, "model", model)
    return case


class _Superuser:
    is_active = is_staff = is_superuser = True

    def has_perm(self, perm: str) -> bool:
        return True


class _SuperuserRequest:
    user = _Superuser()


def _view_on_site_args(cast):  # noqa: ANN001, ANN202
    from accounts.models import Organisation

    content_type = ContentType.objects.get_for_model(Organisation)
    return {"content_type_id": content_type.pk, "object_id": cast.organisations["agency"].pk}


CASES = [
    Case("admin:index", anonymous=LOGIN, default=LOGIN, roles={AGENCY: OK}),
    # allauth guards the admin login: a logged-in non-staff user is refused outright.
    Case("admin:login", anonymous=LOGIN, default=FORBIDDEN, roles={AGENCY: REDIRECT}),
    # Django sends anyone but staff from the admin's logout to the admin index.
    Case("admin:logout", anonymous=REDIRECT, default=REDIRECT, roles={AGENCY: METHOD}),
    Case("admin:password_change", anonymous=LOGIN, default=LOGIN, roles={AGENCY: OK}),
    Case("admin:password_change_done", anonymous=LOGIN, default=LOGIN, roles={AGENCY: OK}),
    Case("admin:autocomplete", anonymous=LOGIN, default=LOGIN, roles={AGENCY: FORBIDDEN}),
    Case("admin:jsi18n", anonymous=LOGIN, default=LOGIN, roles={AGENCY: OK}),
    Case(
        "admin:view_on_site",
        anonymous=LOGIN,
        default=LOGIN,
        roles={AGENCY: NOT_FOUND},  # organisations have no public page
        args=_view_on_site_args,
    ),
    *[
        Case(
            "admin:app_list",
            anonymous=LOGIN,
            default=LOGIN,
            roles={AGENCY: OK},
            args=lambda cast, label=label: {"app_label": label},
        )
        for label in sorted({m._meta.app_label for m in admin.site._registry})[:1]
    ],
    Case(
        "admin:auth_user_password_change",
        anonymous=LOGIN,
        default=LOGIN,
        roles={AGENCY: OK},
        args=lambda cast: {"id": str(cast.users[AGENCY].pk)},
    ),
    *_model_cases(),
]

# Patterns without a name: the admin's catch-all and its old-style object redirect.
UNNAMED_PATTERNS = {"admin/(?P<url>.*)$"} | {
    f"admin/{m._meta.app_label}/{m._meta.model_name}/<path:object_id>/"
    for m in admin.site._registry
}
