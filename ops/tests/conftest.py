from .reform import (  # noqa: F401  (fixtures)
    nss_official,
    nss_steering,
    province_coordinator,
    quang_hung_official,
    quang_ninh_official,
    reform,
)
