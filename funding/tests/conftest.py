"""Fixtures of the funding tests: the catalogue, works of Quảng Giao and a small line factory."""

import pytest

from funding.models import Contribution, FundingSource, MoneyLine, SourceKind, Stage
from projects.models import Work


@pytest.fixture
def ns_xa(db):
    return FundingSource.objects.create(code="ns-xa", name="Ngân sách xã", kind=SourceKind.BUDGET, sort_order=40)


@pytest.fixture
def nha_o(db):
    return FundingSource.objects.create(
        code="nd-nha-o",
        name="Nhân dân tự chỉnh trang, sửa chữa, cải tạo, xây mới nhà ở",
        kind=SourceKind.PEOPLE,
        sort_order=90,
    )


@pytest.fixture
def ngay_cong(db):
    return FundingSource.objects.create(
        code="nd-ngay-cong",
        name="Nhân dân đóng góp ngày công",
        kind=SourceKind.PEOPLE,
        contribution=Contribution.LABOUR,
        sort_order=80,
    )


@pytest.fixture
def make_work(quang_giao):
    def make(name="Đường Thôn 9", *, commune=None, code=None, total=None, start=2023, end=2024):
        commune = commune or quang_giao
        code = code or f"CT-{Work.objects.count() + 1:03d}"
        return Work.objects.create(
            commune=commune,
            code=code,
            name=name,
            total_investment=total,
            planned_start_year=start,
            planned_end_year=end,
        )

    return make


@pytest.fixture
def make_line(quang_giao):
    def make(source, amount, *, year=2023, stage=Stage.MOBILISED, work=None, commune=None, **fields):
        return MoneyLine.objects.create(
            commune=commune or quang_giao, year=year, source=source, amount=amount, stage=stage, work=work, **fields
        )

    return make
