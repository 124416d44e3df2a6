"""The citizen's one inbox and the public "track a code" lookup: every module's cases, read
through the case machinery's public kinds (`cases.public`), so this module imports no other."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext_lazy as _

from chatr.cases.models import Case
from chatr.cases.public import PublicCase, case_public, case_track_public, cases_for_citizen
from chatr.eservices.choices import RequestState
from chatr.eservices.workflow import REQUEST_WORKFLOW

INBOX_PAGE_SIZE = 20


def request_public_status(case: Case) -> Any:
    """A service request's status as the person sees it: a request waiting for their answer
    says so (the inbox is where they notice it)."""
    if case.state == RequestState.NEEDS_INFO:
        return _("More information needed: answer it")
    return REQUEST_WORKFLOW.label(case.state)


def inbox_page(*, user: Any, page_number: Any = None) -> tuple[Page[Any], list[PublicCase]]:
    """One page of the citizen's requests in every module, newest first (two queries)."""
    page = Paginator(cases_for_citizen(user=user), INBOX_PAGE_SIZE).get_page(page_number)
    return page, [case_public(case) for case in page.object_list]


def request_track(*, code: str, mobile: str, secret: str, client_key: str) -> PublicCase:
    """Any module's case by tracking code + mobile (or secret); see cases.public."""
    return case_track_public(code=code, mobile=mobile, secret=secret, client_key=client_key)
