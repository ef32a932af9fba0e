"""Give the sets already loaded their programme period (2021–2025) and, for Thanh Hóa's, their province.

A copy of the 2021–2025 entry of fixtures/programme_periods.yaml and of `set_places` in
fixtures/criteria_local.yaml as they stood when the fields were added (a migration does not read files that may
change later). The period is created only when absent; sets that already have a period or province keep them.
New databases get all of this (and the 2026–2030 period) from `seed_portal`.
"""

import datetime

from django.db import migrations

PERIOD = {
    "code": "2021-2025",
    "name": "Giai đoạn 2021 - 2025",
    "first_year": 2021,
    "last_year": 2025,
    "programme_name": "Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021 - 2025",
    "plan_name": "các chương trình mục tiêu quốc gia xây dựng NTM",
    "set_basis": "region",
    "verified": False,
    "note": (
        "Số, ngày và cơ quan ban hành Quyết định 263/QĐ-TTg đã xác nhận (tài liệu tham khảo reform-2025.md, mục 3). "
        "Tên đầy đủ của chương trình ghi theo cách gọi thông dụng, chưa đối chiếu văn bản gốc. Bộ tiêu chí của giai "
        "đoạn: Quyết định 318/QĐ-TTg (19 tiêu chí, bảy vùng) và các bộ của tỉnh."
    ),
}
ACT = {
    "position": 1,
    "kind": "Quyết định",
    "number": "263/QĐ-TTg",
    "date": datetime.date(2022, 2, 22),
    "issuer": "Thủ tướng Chính phủ",
    "verified": True,
}
NATIONAL = ["QD318-NTM", "QD318-NTM-NC", "QD319-XA-KM"]
THANH_HOA = ["QD32-2022-TH", "QD33-2022-TH", "QD26-2024-TH", "TH-THON-KM"]
THANH_HOA_CODE = "38"


def link_sets(apps, schema_editor):
    CriteriaSet = apps.get_model("criteria", "CriteriaSet")
    ProgrammePeriod = apps.get_model("criteria", "ProgrammePeriod")
    ProgrammeAct = apps.get_model("criteria", "ProgrammeAct")
    AdministrativeUnit = apps.get_model("units", "AdministrativeUnit")
    known = CriteriaSet.objects.filter(code__in=NATIONAL + THANH_HOA)
    if not known.exists():
        return  # a new database: seed_portal loads the periods and the sets together
    period = ProgrammePeriod.objects.filter(code=PERIOD["code"]).first()
    if period is None:
        period = ProgrammePeriod.objects.create(**PERIOD)
        ProgrammeAct.objects.create(period=period, **ACT)
    known.filter(period__isnull=True).update(period=period)
    province = AdministrativeUnit.objects.filter(level="province", code=THANH_HOA_CODE).order_by("pk").first()
    if province is not None:
        CriteriaSet.objects.filter(code__in=THANH_HOA, province__isnull=True).update(province=province)


def unlink_sets(apps, schema_editor):
    CriteriaSet = apps.get_model("criteria", "CriteriaSet")
    CriteriaSet.objects.filter(code__in=NATIONAL + THANH_HOA).update(period=None, province=None)


class Migration(migrations.Migration):
    dependencies = [("criteria", "0005_programme_periods_and_commune_groups")]

    operations = [migrations.RunPython(link_sets, unlink_sets)]
