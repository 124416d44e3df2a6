"""request_scope: the one way a view, template tag, admin or endpoint reads the caller's scope."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from chatr.api.base import TokenAuth
from chatr.api.services import api_token_issue
from chatr.org.middleware import ScopeMiddleware
from chatr.org.roles import Role
from chatr.org.scope import request_scope, scope_for_user

pytestmark = pytest.mark.django_db


def test_page_request_gets_the_scope_the_middleware_set_built_once(
    world, django_assert_num_queries
) -> None:
    request = RequestFactory().get("/")
    request.user = world.zanjan_officer
    seen = []

    def view(request: HttpRequest) -> HttpResponse:
        with django_assert_num_queries(1):
            seen.extend([request_scope(request), request_scope(request)])
            seen[0].roles()
            seen[1].roles()
        return HttpResponse()

    ScopeMiddleware(view)(request)

    assert seen[0] is seen[1] is request.scope
    assert seen[0] == scope_for_user(world.zanjan_officer)
    assert seen[0].roles() == {Role.PROVINCE_OFFICER}


def test_api_token_request_gets_the_token_owners_scope(world) -> None:
    _token, raw = api_token_issue(user=world.kerman_manager, name="script")
    request = RequestFactory().get("/api/v1/org/me")
    request.user = AnonymousUser()

    TokenAuth().authenticate(request, raw)

    assert request_scope(request) == scope_for_user(world.kerman_manager)
    assert request_scope(request).roles() == {Role.PROVINCE_MANAGER}


def test_request_that_skipped_the_middleware_gets_its_users_scope(world) -> None:
    signed_in = RequestFactory().get("/")
    signed_in.user = world.zanjan_officer
    visitor = RequestFactory().get("/")
    visitor.user = AnonymousUser()

    assert request_scope(signed_in) == scope_for_user(world.zanjan_officer)
    assert not request_scope(visitor).is_staff
    assert not request_scope(RequestFactory().get("/")).is_staff
