from django.db import migrations

from core.text import strip_accents


def fill(apps, schema_editor):
    Work = apps.get_model("projects", "Work")
    for work in Work.objects.all().only("pk", "code", "name", "place"):
        key = " ".join(strip_accents(part or "").lower() for part in (work.code, work.name, work.place)).strip()
        Work.objects.filter(pk=work.pk).update(search_key=key)


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_work_search_key")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
