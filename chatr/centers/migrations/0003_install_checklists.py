"""Install the shipped inspection checklists, so inspections can be recorded on a new system.

The same rule as `services_supervision.checklist_templates_install` (a licence type that has a
checklist keeps it: HQ's edits are never overwritten), written against the historical models.
"""

from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    from chatr.centers.checklists import SHIPPED_CHECKLISTS

    template_model = apps.get_model("centers", "ChecklistTemplate")
    item_model = apps.get_model("centers", "ChecklistItem")
    for shipped in SHIPPED_CHECKLISTS:
        template, made = template_model.objects.get_or_create(
            licence_type=shipped.licence_type,
            defaults={"name_fa": shipped.name_fa, "name_en": shipped.name_en},
        )
        if made:
            item_model.objects.bulk_create(
                item_model(
                    template=template, position=n, text_fa=fa, text_en=en, max_score=max_score
                )
                for n, (fa, en, max_score) in enumerate(shipped.items, start=1)
            )


class Migration(migrations.Migration):
    dependencies = [("centers", "0002_licensing_supervision_residents_subsidies")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
