"""Rows that point at the audit log's content type (its admin permissions) follow it from `core` to `audit`."""

from django.db import migrations


def rename(apps, schema_editor, old="core", new="audit"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="auditentry").exists():
        ContentType.objects.filter(app_label=old, model="auditentry").update(app_label=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old="audit", new="core")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_entries_from_core"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(rename, rename_back)]
