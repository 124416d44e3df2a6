"""Memberships carry their household's scope keys (org unit, province, county), so the coverage
figures count people without joining the households.

The columns are added bare (no foreign key, no index), filled from the households in ONE
set-based UPDATE, and only then constrained and indexed: PostgreSQL then checks each foreign
key with one query and builds each index once, instead of checking and indexing row by row
(6M rows at national scale). `UPDATE … FROM` runs on PostgreSQL and on SQLite 3.33+.
"""

import django.db.models.deletion
from django.db import migrations, models


def _key(*, final: bool) -> models.ForeignKey:
    """A scope key as ScopedModel declares it; before the backfill without constraint/index."""
    extra = {} if final else {"db_constraint": False, "db_index": False}
    return models.ForeignKey(
        blank=True,
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="org.orgunit",
        **extra,
    )


def _org_unit(*, final: bool) -> models.ForeignKey:
    extra = {} if final else {"db_constraint": False, "db_index": False, "null": True}
    return models.ForeignKey(
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="org.orgunit",
        verbose_name="org unit",
        **extra,
    )


BACKFILL = """
UPDATE registry_householdmember
SET org_unit_id = h.org_unit_id,
    scope_province_id = h.scope_province_id,
    scope_county_id = h.scope_county_id
FROM registry_household AS h
WHERE h.id = registry_householdmember.household_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_alter_membership_role"),
        ("registry", "0003_changerequest"),
    ]

    operations = [
        migrations.AddField(
            model_name="householdmember", name="org_unit", field=_org_unit(final=False)
        ),
        migrations.AddField(
            model_name="householdmember",
            name="scope_province",
            field=_key(final=False),
        ),
        migrations.AddField(
            model_name="householdmember",
            name="scope_county",
            field=_key(final=False),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="householdmember", name="org_unit", field=_org_unit(final=True)
        ),
        migrations.AlterField(
            model_name="householdmember",
            name="scope_province",
            field=_key(final=True),
        ),
        migrations.AlterField(
            model_name="householdmember",
            name="scope_county",
            field=_key(final=True),
        ),
        migrations.AddIndex(
            model_name="householdmember",
            index=models.Index(
                fields=["scope_province", "scope_county", "joined_on", "left_on"],
                include=("id",),
                name="member_scope_dates",
            ),
        ),
    ]
