"""The audit log moves from `core` to its own app; its table (core_auditentry) and rows stay where they are."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("units", "0001_administrative_units_and_memberships"),
        ("core", "0001_audit_entries"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="thời điểm")),
                        ("object_id", models.CharField(max_length=64)),
                        ("object_repr", models.CharField(max_length=300, verbose_name="bản ghi")),
                        (
                            "action",
                            models.CharField(
                                choices=[("create", "Tạo mới"), ("update", "Sửa"), ("delete", "Xóa")],
                                max_length=10,
                                verbose_name="thao tác",
                            ),
                        ),
                        ("changes", models.JSONField(blank=True, default=dict, verbose_name="thay đổi")),
                        (
                            "commune",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="units.administrativeunit",
                                verbose_name="xã",
                            ),
                        ),
                        (
                            "content_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="người sửa",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "nhật ký thay đổi",
                        "verbose_name_plural": "nhật ký thay đổi",
                        "ordering": ["-at", "-id"],
                        "db_table": "core_auditentry",
                        "indexes": [
                            models.Index(fields=["content_type", "object_id"], name="core_audite_content_45f5e6_idx")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
