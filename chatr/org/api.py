"""/api/v1/org: the public org tree, and the caller's own roles."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from chatr.api.base import Pagination, public_throttle, staff_auth
from chatr.org.scope import request_scope
from chatr.org.selectors import org_unit_get_public, org_unit_list_public

router = Router(tags=["org"])


class OrgUnitOut(Schema):
    code: str
    kind: str
    name_fa: str
    name_en: str
    parent: str | None

    @staticmethod
    def resolve_parent(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.parent.code if obj.parent_id else None


class GrantOut(Schema):
    role: str
    org_unit: str


class MeOut(Schema):
    username: str | None
    grants: list[GrantOut]


@router.get(
    "/units",
    response=list[OrgUnitOut],
    throttle=public_throttle(),
    summary="HQ, provinces and counties (public)",
)
@paginate(Pagination)
def list_units(request: HttpRequest, kind: str | None = None, parent: str | None = None):  # type: ignore[no-untyped-def]
    return org_unit_list_public(kind=kind, parent_code=parent)


@router.get(
    "/units/{code}", response=OrgUnitOut, throttle=public_throttle(), summary="One public org unit"
)
def get_unit(request: HttpRequest, code: str):  # type: ignore[no-untyped-def]
    return org_unit_get_public(code=code)


@router.get("/me", response=MeOut, auth=staff_auth, summary="The caller's roles and units")
def me(request: HttpRequest):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    from chatr.org.models import OrgUnit

    codes = dict(
        OrgUnit.objects.filter(pk__in=[g.unit_id for g in scope.grants]).values_list("pk", "code")
    )
    return {
        "username": request.user.username,
        "grants": [{"role": g.role, "org_unit": codes[g.unit_id]} for g in scope.grants],
    }
