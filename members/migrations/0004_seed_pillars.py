from django.db import migrations

PILLARS = [
    ("social-assistance", "Social assistance", 1),
    ("social-security", "Social security", 2),
    ("health-insurance", "Health insurance", 3),
]


def create_pillars(apps, schema_editor):
    Pillar = apps.get_model("members", "Pillar")
    for slug, name, order in PILLARS:
        Pillar.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})


def delete_pillars(apps, schema_editor):
    apps.get_model("members", "Pillar").objects.filter(slug__in=[p[0] for p in PILLARS]).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0003_organisations_people_programmes")]

    operations = [migrations.RunPython(create_pillars, delete_pillars)]
