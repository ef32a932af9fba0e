"""Fixtures of the projects app: a few works of Quảng Giao and a builder for more."""

import io
from decimal import Decimal

import pytest
from PIL import Image

from projects.progress import progress_record
from projects.services import task_create, work_create


@pytest.fixture
def make_work(official):
    counter = {"n": 0}

    def make(commune, **fields):
        counter["n"] += 1
        values = {
            "code": f"CT-{counter['n']:04d}",
            "name": f"Công trình thử {counter['n']}",
            "category": "road",
            "total_investment": 1_000_000_000,
            "planned_start_year": 2024,
            "planned_end_year": 2024,
        }
        values.update(fields)
        return work_create(user=official, commune=commune, **values)

    return make


@pytest.fixture
def road(quang_giao, thon_5, make_work):
    return make_work(
        quang_giao,
        code="QG-2023-05",
        name="Đường trục và mương thoát nước 2 bên ngõ a Lực Hải đi anh Văn",
        village=thon_5,
        total_investment=7_600_000_000,
        planned_start_year=2023,
        planned_end_year=2024,
        planned_end_quarter=2,
        status="under_construction",
    )


@pytest.fixture
def hai_work(quang_hai, make_work):
    return make_work(quang_hai, code="QH-01", name="Đường xã Quảng Hải")


@pytest.fixture
def record(official):
    def record_(work, day, percent, disbursed=None, **extra):
        return progress_record(
            user=official,
            work=work,
            date=day,
            physical_percent=Decimal(percent),
            disbursed_cumulative=disbursed,
            **extra,
        )

    return record_


@pytest.fixture
def make_task(official):
    def make(commune, year=2024, quarter=1, text="Nhiệm vụ thử", **fields):
        return task_create(user=official, commune=commune, year=year, quarter=quarter, text=text, **fields)

    return make


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 111, 67)).save(buffer, format="PNG")
    return buffer.getvalue()
