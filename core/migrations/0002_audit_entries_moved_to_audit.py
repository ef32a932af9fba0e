"""The audit log now belongs to the `audit` app (its 0001); `core` keeps no model. The table is not touched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_audit_entries"), ("audit", "0001_audit_entries_from_core")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="AuditEntry")]),
    ]
