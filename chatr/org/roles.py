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
    # Residents and subsidies of care centers (a center operator: their own center only).
    CENTERS_RESIDENTS = "centers.residents"  # admit, discharge, view residents
    CENTERS_RESIDENTS_CHILDREN = "centers.residents_children"  # children's records (narrower)
    CENTERS_SUBSIDY_VIEW = "centers.subsidy_view"  # see subsidy claims (a center: its own)
    CENTERS_SUBSIDY_PREPARE = "centers.subsidy_prepare"  # compute claims, export batches
    CENTERS_SUBSIDY_APPROVE = "centers.subsidy_approve"  # approve a claim someone else computed
    CENTERS_RATES = "centers.rates"  # the subsidy rate table (HQ finance)
    CENTERS_INSPECT = "centers.inspect"  # plan and record inspections, corrective actions
    CENTERS_SANCTION = "centers.sanction"  # open and advance the sanctions ladder
    CENTERS_SANCTION_DECIDE = "centers.sanction_decide"  # the commission's decision (managers)
    CENTERS_CHECKLISTS = "centers.checklists"  # edit inspection checklist templates (HQ)
    CENTERS_LICENSING = "centers.licensing"  # handle licence applications (county, province)
    CENTERS_LICENSING_DECIDE = "centers.licensing_decide"  # the commission decides (managers)
    CENTERS_FIGURES = "centers.figures"  # aggregate figures of centers and residents
    # Transparency portal: editors import records, a reviewer (never the editor) publishes.
    TRANSPARENCY_EDIT = "transparency.edit"  # import files into the unit's datasets
    TRANSPARENCY_PUBLISH = "transparency.publish"  # publish, discard, withdraw with a reason
    # E-service desk: officers handle requests of their unit; HQ defines the request forms.
    ESERVICES_HANDLE = "eservices.handle"  # review, ask for information, approve, reject
    ESERVICES_DEFINE = "eservices.define"  # publish new versions of a service's form (HQ)
    ESERVICES_COUNTER = "eservices.counter"  # file for a citizen at a Positive Life counter
    ESERVICES_COUNTER_FIGURES = "eservices.counter_figures"  # counters' performance (managers)


_EVERY_STAFF_ROLE = frozenset({Perm.WORKSPACE_VIEW})
_CASE_OFFICER = _EVERY_STAFF_ROLE | {Perm.CASE_VIEW, Perm.CASE_HANDLE}
_REGISTRY_OFFICER = frozenset({Perm.REGISTRY_VIEW, Perm.REGISTRY_EDIT})
_CENTERS_OFFICER = frozenset({Perm.CENTERS_VIEW, Perm.CENTERS_EDIT, Perm.CENTERS_LICENSING})
# Officers (and finance, for expenditures) edit their unit's open data; managers review it.
_TRANSPARENCY_EDITOR = frozenset({Perm.TRANSPARENCY_EDIT})
_TRANSPARENCY_REVIEWER = _TRANSPARENCY_EDITOR | {Perm.TRANSPARENCY_PUBLISH}
_MANAGER = (
    _CASE_OFFICER
    | _REGISTRY_OFFICER
    | _CENTERS_OFFICER
    | _TRANSPARENCY_REVIEWER
    | {
        Perm.REGISTRY_APPROVE,
        Perm.STAFF_VIEW,
        Perm.AUDIT_VIEW,
        Perm.CASE_ASSIGN,
        Perm.CASE_VIEW_SENSITIVE,
        Perm.WATCHDOG_DASHBOARD,
        Perm.PENSIONS_VIEW,
        Perm.PENSIONS_APPROVE,
        Perm.CENTERS_LICENSING_DECIDE,
    }
)
_FINANCE = frozenset({Perm.PENSIONS_VIEW, Perm.PENSIONS_PREPARE, Perm.PENSIONS_APPROVE})
_CENTERS_FINANCE = frozenset(
    {
        Perm.CENTERS_SUBSIDY_VIEW,
        Perm.CENTERS_SUBSIDY_PREPARE,
        Perm.CENTERS_SUBSIDY_APPROVE,
        Perm.CENTERS_RATES,  # effective only when held at HQ (services check the unit)
    }
)
_CENTERS_RESIDENTS = frozenset({Perm.CENTERS_RESIDENTS})
_CENTERS_RESIDENTS_ALL = frozenset({Perm.CENTERS_RESIDENTS, Perm.CENTERS_RESIDENTS_CHILDREN})
# Supervision of centers: inspectors record inspections; province staff also run the
# sanctions ladder; managers record the high supervision commission's decision.
_SUPERVISION = frozenset({Perm.CENTERS_INSPECT, Perm.CENTERS_SANCTION})
_SUPERVISION_MANAGER = _SUPERVISION | {Perm.CENTERS_SANCTION_DECIDE}

# What a manager adds over the officers for care centers: the children's records, the
# commission's decisions, approving subsidy claims, and the figures (counts only).
_CENTERS_MANAGER = (
    _SUPERVISION_MANAGER
    | _CENTERS_RESIDENTS_ALL
    | {Perm.CENTERS_SUBSIDY_VIEW, Perm.CENTERS_SUBSIDY_APPROVE, Perm.CENTERS_FIGURES}
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # Agents file for callers and look messages up by tracking code; they see what they filed.
    Role.CALL_CENTER_AGENT: _EVERY_STAFF_ROLE | {Perm.CASE_FILE_FOR_PERSON},
    Role.PROVINCE_OFFICER: _CASE_OFFICER
    | _REGISTRY_OFFICER
    | _CENTERS_OFFICER
    | _SUPERVISION
    | _CENTERS_RESIDENTS
    | _TRANSPARENCY_EDITOR
    | {Perm.ESERVICES_HANDLE},
    Role.PROVINCE_MANAGER: _MANAGER
    | _CENTERS_MANAGER
    | {Perm.ESERVICES_HANDLE, Perm.ESERVICES_COUNTER_FIGURES},
    Role.HQ_OFFICER: _CASE_OFFICER
    | _CENTERS_OFFICER
    | _SUPERVISION
    | _TRANSPARENCY_EDITOR
    | {Perm.CENTERS_CHECKLISTS, Perm.ESERVICES_HANDLE},
    Role.HQ_MANAGER: _MANAGER
    | _CENTERS_MANAGER
    | {
        Perm.WATCHDOG_TAXONOMY,
        Perm.PENSIONS_PROGRAMS,
        Perm.CENTERS_CHECKLISTS,
        Perm.ESERVICES_HANDLE,
        Perm.ESERVICES_DEFINE,
        Perm.ESERVICES_COUNTER_FIGURES,
    },
    # A center operator's grant is held at their own center: that center only.
    Role.CENTER_OPERATOR: _EVERY_STAFF_ROLE
    | _CENTERS_RESIDENTS_ALL
    | {Perm.CENTERS_VIEW, Perm.CENTERS_SUBSIDY_VIEW},
    Role.INSPECTOR: _EVERY_STAFF_ROLE | {Perm.CENTERS_VIEW, Perm.CENTERS_INSPECT},
    Role.FINANCE_OFFICER: _EVERY_STAFF_ROLE | _FINANCE | _CENTERS_FINANCE | _TRANSPARENCY_EDITOR,
    Role.COUNSELOR: _EVERY_STAFF_ROLE,
    # A social worker's grant is held at their counter: they file there for citizens.
    Role.SOCIAL_WORKER: _EVERY_STAFF_ROLE | _REGISTRY_OFFICER | {Perm.ESERVICES_COUNTER},
    Role.SYSADMIN: _EVERY_STAFF_ROLE
    | {Perm.STAFF_VIEW, Perm.AUDIT_VIEW, Perm.OUTBOX_VIEW, Perm.ADMIN_SITE},
}


def permissions_of(role: str) -> frozenset[str]:
    """The permissions a role grants (empty for an unknown role)."""
    return ROLE_PERMISSIONS.get(role, frozenset())
