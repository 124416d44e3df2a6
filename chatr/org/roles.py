"""Roles staff hold at org units, and what each role may do.

"What may you do" lives here (permission strings per role); "where" is the Scope. A module adds
its permissions to the roles that need them in ROLE_PERMISSIONS, in this one table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CALL_CENTER_AGENT = "call_center_agent", _("Call-center agent")
    PROVINCE_OFFICER = "province_officer", _("Province officer")
    PROVINCE_MANAGER = "province_manager", _("Province manager")
    HQ_OFFICER = "hq_officer", _("HQ officer")
    HQ_MANAGER = "hq_manager", _("HQ manager")
    CENTER_OPERATOR = "center_operator", _("Center operator")
    INSPECTOR = "inspector", _("Inspector")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    COUNSELOR = "counselor", _("Counselor")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    SYSADMIN = "sysadmin", _("System administrator")


class Perm:
    """Permission names, as constants so a typo is an import error, not a silent refusal."""

    WORKSPACE_VIEW = "org.workspace_view"
    STAFF_VIEW = "org.staff_view"
    AUDIT_VIEW = "audit.view"
    OUTBOX_VIEW = "notifications.outbox_view"
    ADMIN_SITE = "core.admin_site"
    # Cases (the shared machinery; every module's cases use these).
    CASE_VIEW = "cases.view"
    CASE_HANDLE = "cases.handle"  # screen, answer, note, refer, change state
    CASE_ASSIGN = "cases.assign"  # assign to officers, bulk assign
    CASE_VIEW_SENSITIVE = "cases.view_sensitive"  # bribery, harassment, abuse, named staff
    CASE_FILE_FOR_PERSON = "cases.file_for_person"  # call center (and later counters)
    # Registry.
    REGISTRY_VIEW = "registry.view"
    REGISTRY_EDIT = "registry.edit"  # register people and households, open files
    REGISTRY_APPROVE = "registry.approve"  # commission decisions, activation, closing
    # Pensions and payment cycles (maker–checker: the approver is never the preparer).
    PENSIONS_VIEW = "pensions.view"
    PENSIONS_PREPARE = "pensions.prepare"  # open and compute cycles, bank files, results
    PENSIONS_APPROVE = "pensions.approve"  # approve a cycle someone else prepared
    PENSIONS_PROGRAMS = "pensions.programs"  # programs and benefit rules (HQ)
    # Watchdog.
    WATCHDOG_DASHBOARD = "watchdog.dashboard"
    WATCHDOG_TAXONOMY = "watchdog.taxonomy"
    # Care centers (the directory; a center operator's scope is their own center).
    CENTERS_VIEW = "centers.view"
    CENTERS_EDIT = "centers.edit"  # register centers, edit their details, record licences


_EVERY_STAFF_ROLE = frozenset({Perm.WORKSPACE_VIEW})
_CASE_OFFICER = _EVERY_STAFF_ROLE | {Perm.CASE_VIEW, Perm.CASE_HANDLE}
_REGISTRY_OFFICER = frozenset({Perm.REGISTRY_VIEW, Perm.REGISTRY_EDIT})
_CENTERS_OFFICER = frozenset({Perm.CENTERS_VIEW, Perm.CENTERS_EDIT})
_MANAGER = (
    _CASE_OFFICER
    | _REGISTRY_OFFICER
    | _CENTERS_OFFICER
    | {
        Perm.REGISTRY_APPROVE,
        Perm.STAFF_VIEW,
        Perm.AUDIT_VIEW,
        Perm.CASE_ASSIGN,
        Perm.CASE_VIEW_SENSITIVE,
        Perm.WATCHDOG_DASHBOARD,
        Perm.PENSIONS_VIEW,
        Perm.PENSIONS_APPROVE,
    }
)
_FINANCE = frozenset({Perm.PENSIONS_VIEW, Perm.PENSIONS_PREPARE, Perm.PENSIONS_APPROVE})

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # Agents file for callers and look messages up by tracking code; they see what they filed.
    Role.CALL_CENTER_AGENT: _EVERY_STAFF_ROLE | {Perm.CASE_FILE_FOR_PERSON},
    Role.PROVINCE_OFFICER: _CASE_OFFICER | _REGISTRY_OFFICER | _CENTERS_OFFICER,
    Role.PROVINCE_MANAGER: _MANAGER,
    Role.HQ_OFFICER: _CASE_OFFICER | _CENTERS_OFFICER,
    Role.HQ_MANAGER: _MANAGER | {Perm.WATCHDOG_TAXONOMY, Perm.PENSIONS_PROGRAMS},
    Role.CENTER_OPERATOR: _EVERY_STAFF_ROLE | {Perm.CENTERS_VIEW},
    Role.INSPECTOR: _EVERY_STAFF_ROLE | {Perm.CENTERS_VIEW},
    Role.FINANCE_OFFICER: _EVERY_STAFF_ROLE | _FINANCE,
    Role.COUNSELOR: _EVERY_STAFF_ROLE,
    Role.SOCIAL_WORKER: _EVERY_STAFF_ROLE | _REGISTRY_OFFICER,
    Role.SYSADMIN: _EVERY_STAFF_ROLE
    | {Perm.STAFF_VIEW, Perm.AUDIT_VIEW, Perm.OUTBOX_VIEW, Perm.ADMIN_SITE},
}


def permissions_of(role: str) -> frozenset[str]:
    """The permissions a role grants (empty for an unknown role)."""
    return ROLE_PERMISSIONS.get(role, frozenset())
