"""The landing page of each demo role, and who may open the Django admin."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from chatr.accounts.models import User
from chatr.audit.models import AuditEvent
from chatr.demo.world import DEMO_ACCOUNTS
from chatr.org.roles import Role

pytestmark = pytest.mark.django_db


def in_persian(msgid: str) -> str:
    """The text as the (Persian, default-language) page shows it, whatever the catalogue says."""
    with translation.override("fa"):
        return escape(gettext(msgid))


def audit_link(page: str) -> bool:
    return f'href="{reverse("audit:list")}"' in page and in_persian("Audit log") in page


def admin_link(page: str) -> bool:
    return (
        f'href="{reverse("admin:index")}"' in page and in_persian("System administration") in page
    )


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.username)
def test_each_demo_role_lands_on_a_workspace_listing_its_own_role_and_unit(
    world, client_for, account
) -> None:
    response = client_for(account.username).get(reverse("accounts:landing"))

    page = response.content.decode()
    with translation.override("fa"):
        expected = f"{Role(account.role).label} — {world.unit(account.unit_code).name}"
    assert response.status_code == 200
    assert escape(expected) in page
    assert [m.org_unit.code for m in response.context["memberships"]] == [account.unit_code]


def test_province_manager_sees_the_audit_log_tool(world, client_for) -> None:
    page = client_for("kerman_manager").get(reverse("accounts:landing")).content.decode()

    assert audit_link(page)
    assert not admin_link(page)


def test_province_officer_does_not_see_the_audit_log_tool(world, client_for) -> None:
    page = client_for("zanjan_officer").get(reverse("accounts:landing")).content.decode()

    assert not audit_link(page)
    assert not admin_link(page)


def test_sysadmin_sees_system_administration_and_can_open_the_admin(world, client_for) -> None:
    sysadmin = client_for("sysadmin")

    page = sysadmin.get(reverse("accounts:landing")).content.decode()
    admin_index = sysadmin.get(reverse("admin:index"))

    assert admin_link(page)
    assert admin_index.status_code == 200
    assert "admin/index.html" in [t.name for t in admin_index.templates]


def test_staff_without_the_sysadmin_role_gets_no_admin(world, client_for) -> None:
    officer = client_for("hq_officer")

    response = officer.get(reverse("admin:index"))
    followed = officer.get(reverse("admin:index"), follow=True)

    assert response.status_code in {302, 403}
    assert "admin/index.html" not in [t.name for t in response.templates]
    assert "admin/index.html" not in [t.name for t in followed.templates]


def test_citizen_gets_no_admin(world, client_for) -> None:
    response = client_for("citizen").get(reverse("admin:index"))

    assert response.status_code in {302, 403}
    assert "admin/index.html" not in [t.name for t in response.templates]


def test_admin_login_redirects_to_the_staff_sign_in_page_keeping_next() -> None:
    response = Client().get("/admin/login/", {"next": "/admin/"})

    location = urlsplit(response["Location"])
    assert response.status_code == 302
    assert location.path == reverse("accounts:staff_sign_in")
    assert parse_qs(location.query) == {"next": ["/admin/"]}


def test_signed_out_visit_to_the_admin_ends_on_the_staff_sign_in_page(world) -> None:
    response = Client().get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("accounts:staff_sign_in"))
    assert response.status_code == 200


def test_opening_a_user_in_the_admin_writes_an_audit_view_event(world, client_for) -> None:
    citizen = world.citizen
    url = reverse("admin:accounts_user_change", args=[citizen.pk])

    response = client_for("sysadmin").get(url)

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="view")
    assert event.actor_id == world.sysadmin.pk
    assert event.target_type == ContentType.objects.get_for_model(User)
    assert event.target_id == str(citizen.pk)


def test_citizen_lands_on_my_account_not_a_workspace(world, client_for) -> None:
    response = client_for("citizen").get(reverse("accounts:landing"))

    assert response.status_code == 200
    assert "accounts/pages/citizen_home.html" in [t.name for t in response.templates]
    assert "accounts/pages/workspace.html" not in [t.name for t in response.templates]
