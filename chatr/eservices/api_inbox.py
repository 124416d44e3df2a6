"""/api/v1/eservices: the citizen's one inbox and the public "track a code", mirroring the pages."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from chatr.api.base import ErrorOut, Pagination, citizen_auth, public_throttle
from chatr.audit.middleware import client_ip
from chatr.cases.models import Case
from chatr.cases.public import PublicCase, case_public, cases_for_citizen
from chatr.eservices.selectors_inbox import request_track

inbox_router = Router(tags=["eservices"])

ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class PublicCaseOut(Schema):
    tracking_code: str
    kind: str
    kind_label: str
    status: str
    filed_at: datetime
    url: str


class InboxCaseOut(PublicCaseOut):
    """The same fields, read from a Case of the citizen's inbox (a page at a time)."""

    @staticmethod
    def resolve_kind_label(obj: Case) -> str:
        return str(case_public(obj).kind_label)

    @staticmethod
    def resolve_status(obj: Case) -> str:
        return str(case_public(obj).status_label)

    @staticmethod
    def resolve_url(obj: Case) -> str:
        return case_public(obj).url


def _out(row: PublicCase) -> PublicCaseOut:
    return PublicCaseOut(
        tracking_code=row.tracking_code,
        kind=row.kind,
        kind_label=str(row.kind_label),
        status=str(row.status_label),
        filed_at=row.filed_at,
        url=row.url,
    )


@inbox_router.get(
    "/my/inbox",
    response=list[InboxCaseOut],
    auth=citizen_auth,
    summary="The signed-in citizen's requests in every module, newest first",
)
@paginate(Pagination)
def inbox(request: HttpRequest):  # type: ignore[no-untyped-def]
    return cases_for_citizen(user=request.user)


class TrackIn(Schema):
    code: str
    mobile: str = ""
    secret: str = ""


def _track(request: HttpRequest, data: TrackIn) -> PublicCaseOut:
    found = request_track(
        code=data.code,
        mobile=data.mobile,
        secret=data.secret,
        client_key=client_ip(request) or "",
    )
    return _out(found)


@inbox_router.post(
    "/track",
    response={200: PublicCaseOut, **ERRORS},
    auth=None,
    throttle=public_throttle(),
    summary="Any module's request by tracking code + the mobile given (or a secret), both in "
    "the body (never in a URL): its kind and public status; an unknown code and a wrong "
    "mobile give the same 404",
)
def track_post(request: HttpRequest, payload: TrackIn) -> PublicCaseOut:
    return _track(request, payload)
