"""Scope: where a staff user may act. Built once per request, the ONLY place scoping lives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from chatr.org.roles import permissions_of

if TYPE_CHECKING:
    from django.http import HttpRequest

    from chatr.org.models import OrgUnit


@dataclass(frozen=True)
class Grant:
    """One membership, flattened: a role held at a unit (and so over its subtree)."""

    role: str
    unit_id: int
    unit_kind: str
    unit_path: str

    @property
    def permissions(self) -> frozenset[str]:
        return permissions_of(self.role)


@dataclass(frozen=True)
class Scope:
    """The units a user works in, with the role held at each. Empty for citizens and visitors."""

    user_id: int | None = None
    grants: tuple[Grant, ...] = field(default_factory=tuple)

    @classmethod
    def empty(cls) -> Scope:
        return cls()

    @property
    def is_staff(self) -> bool:
        return bool(self.grants)

    def grants_for(self, perm: str | None = None) -> tuple[Grant, ...]:
        """The grants giving `perm` (all grants when perm is None)."""
        if perm is None:
            return self.grants
        return tuple(g for g in self.grants if perm in g.permissions)

    def has_perm(self, perm: str) -> bool:
        """May the user do `perm` somewhere?"""
        return bool(self.grants_for(perm))

    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)

    def covers_path(self, path: str, perm: str | None = None) -> bool:
        """Is the unit with this path inside a unit where the user holds `perm`?"""
        return any(path.startswith(g.unit_path) for g in self.grants_for(perm))

    def covers(self, unit: OrgUnit, perm: str | None = None) -> bool:
        return self.covers_path(unit.path, perm)

    def unit_path_q(self, path_field: str, perm: str | None = None) -> Q:
        """Q matching rows whose `path_field` lies under a granted unit (prefix match)."""
        query = Q(pk__in=[])
        for grant in _outermost(self.grants_for(perm)):
            query |= Q(**{f"{path_field}__startswith": grant.unit_path})
        return query

    def stamp_q(self, perm: str | None = None, prefix: str = "") -> Q:
        """Q for ScopedModel rows (org_unit + copied-down province/county keys).

        Equality on indexed keys instead of a join: HQ sees all, a province grant matches
        `scope_province`, a county grant `scope_county`, a center or counter its own rows.
        """
        query = Q(pk__in=[])
        for grant in _outermost(self.grants_for(perm)):
            if grant.unit_kind == "hq":
                # An explicit always-true condition: an empty Q() would vanish when OR-ed.
                return Q(**{f"{prefix}pk__isnull": False})
            key = {"province": "scope_province_id", "county": "scope_county_id"}.get(
                grant.unit_kind, "org_unit_id"
            )
            query |= Q(**{f"{prefix}{key}": grant.unit_id})
        return query

    def covers_record(self, record: Any, perm: str | None = None) -> bool:
        """The in-memory twin of stamp_q: one ScopedModel row, or an OrgUnit, without a query."""
        if hasattr(record, "path") and hasattr(record, "kind"):
            return self.covers_path(record.path, perm)
        for grant in self.grants_for(perm):
            if grant.unit_kind == "hq":
                return True
            key = {"province": "scope_province_id", "county": "scope_county_id"}.get(
                grant.unit_kind, "org_unit_id"
            )
            if getattr(record, key) == grant.unit_id:
                return True
        return False


def _outermost(grants: tuple[Grant, ...]) -> list[Grant]:
    """Drop grants nested inside another grant's unit: they add nothing to a filter."""
    ordered = sorted(grants, key=lambda g: len(g.unit_path))
    kept: list[Grant] = []
    for grant in ordered:
        if not any(grant.unit_path.startswith(k.unit_path) for k in kept):
            kept.append(grant)
    return kept


def scope_for_user(user: Any) -> Scope:
    """Build the scope of a user from their memberships (one query)."""
    from chatr.org.models import Membership

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope.empty()
    rows = (
        Membership.objects.filter(user_id=user.pk, org_unit__is_active=True)
        .values_list("role", "org_unit_id", "org_unit__kind", "org_unit__path")
        .order_by("org_unit__path", "role")
    )
    return Scope(
        user_id=user.pk,
        grants=tuple(Grant(role=r, unit_id=u, unit_kind=k, unit_path=p) for r, u, k, p in rows),
    )


def scope_for_user_id(user_id: int) -> Scope:
    """Rebuild a scope in a background task from the user id."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    return scope_for_user(user)


def request_scope(request: HttpRequest) -> Scope:
    """The scope of whoever makes this request: the one way views, admin and API endpoints
    read it. (Template tags, which may render without a request, read `request.scope` from
    the context with an empty scope as the fallback.)

    `ScopeMiddleware` sets `request.scope` on every request (built lazily, at most once) and the
    API's token auth replaces it with the token owner's scope; reading it here spares callers a
    type-ignore. A request that went through neither (one built by hand) gets its user's scope
    built on the spot.
    """
    scope: Scope | None = getattr(request, "scope", None)
    if scope is None:
        return scope_for_user(getattr(request, "user", None))
    return scope
