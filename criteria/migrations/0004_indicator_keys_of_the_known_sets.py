"""Give the indicators of the sets already loaded their key (income, clean water, OCOP).

A copy of `indicator_keys` in fixtures/criteria_local.yaml as it stood when the field was added (a migration
does not read files that may change later). New databases get the keys from the loader; a set an
administrator imported under another code gets them in the admin. Keys already set are left alone.
"""

from django.db import migrations

KEYS = {
    "QD318-NTM": {"10": "income", "17.1": "clean_water"},
    "QD318-NTM-NC": {"10": "income", "13.1": "ocop", "18.1": "clean_water"},
    "QD32-2022-TH": {"10": "income", "17.1": "clean_water"},
    "QD33-2022-TH": {"10": "income", "13.1": "ocop", "18.1": "clean_water"},
    "QD26-2024-TH": {"10": "income", "13.1": "ocop", "18.1": "clean_water"},
}


def set_keys(apps, schema_editor):
    Indicator = apps.get_model("criteria", "Indicator")
    for set_code, keys in KEYS.items():
        for code, key in keys.items():
            Indicator.objects.filter(criterion__criteria_set__code=set_code, code=code, key="").update(key=key)


def clear_keys(apps, schema_editor):
    Indicator = apps.get_model("criteria", "Indicator")
    for set_code, keys in KEYS.items():
        Indicator.objects.filter(criterion__criteria_set__code=set_code, code__in=list(keys)).update(key="")


class Migration(migrations.Migration):
    dependencies = [("criteria", "0003_indicator_key")]

    operations = [migrations.RunPython(set_keys, clear_keys)]
