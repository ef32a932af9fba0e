"""Plans may print the legal basis of their programme period ("Căn cứ …" lines) at their head.

Documents that exist already did not print it (the 2024 plan of Quảng Giao has none): they get False, so they
render exactly as before; new documents get True.
"""

from django.db import migrations, models

HELP = (
    "In các dòng “Căn cứ …” (các văn bản của giai đoạn chương trình chứa năm kế hoạch) ở đầu kế hoạch; bỏ chọn khi "
    "kế hoạch không ghi căn cứ."
)


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_constraint_messages")]

    operations = [
        migrations.AddField(
            model_name="plandocument",
            name="cites_programme_basis",
            field=models.BooleanField(default=False, help_text=HELP, verbose_name="in căn cứ pháp lý của chương trình"),
        ),
        migrations.AlterField(
            model_name="plandocument",
            name="cites_programme_basis",
            field=models.BooleanField(default=True, help_text=HELP, verbose_name="in căn cứ pháp lý của chương trình"),
        ),
    ]
