"""Plans may state the commune's recognition beside the "Tổng số tiêu chí đạt" line of the appendix table of the same
level (docs/adr/0016-recognition-records.md).

Documents that exist already did not (the 2024 plan of Quảng Giao): they get False, so they render exactly as
before; new documents get True.
"""

from django.db import migrations, models

HELP = (
    "Ghi quyết định công nhận (nếu có) cạnh dòng “Tổng số tiêu chí đạt” của bảng tự đánh giá cùng mức, để số tiêu chí "
    "tính từ số liệu không bị hiểu là mức đã đạt chuẩn."
)
LABEL = "ghi tình trạng công nhận trong phụ lục"


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_plans_cite_the_programme_basis")]

    operations = [
        migrations.AddField(
            model_name="plandocument",
            name="states_recognition",
            field=models.BooleanField(default=False, help_text=HELP, verbose_name=LABEL),
        ),
        migrations.AlterField(
            model_name="plandocument",
            name="states_recognition",
            field=models.BooleanField(default=True, help_text=HELP, verbose_name=LABEL),
        ),
    ]
