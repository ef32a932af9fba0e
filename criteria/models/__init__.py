"""Criteria sets as versioned data, the yearly self-assessment, and the commune's OCOP products.

A criteria set is never code: it is loaded from fixtures or a spreadsheet, each indicator carries
its verification state, and verdicts are computed in `criteria.evaluation` (never stored).
"""

from .assessments import (
    OPEN_FOR_ENTRY,
    Assessment,
    AssessmentQuerySet,
    AssessmentStatus,
    Evidence,
    EvidenceQuerySet,
    IndicatorValue,
    Verdict,
)
from .ocop import OcopGroup, OcopProduct
from .periods import CommuneGroup, ProgrammeAct, ProgrammePeriod, SetBasis, UnitCommuneGroup
from .recognitions import LEVEL_ORDER, RECOGNISED_AS, Recognition, RecognitionQuerySet, level_order
from .reviews import AssessmentTransition, IndicatorAppraisal, IndicatorComment, TransitionAction, records_a_figure
from .sets import (
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorKey,
    IndicatorUnit,
    IndicatorYearTarget,
    SetLevel,
    SetScope,
    levels_for,
)

__all__ = [
    "OPEN_FOR_ENTRY",
    "Assessment",
    "AssessmentQuerySet",
    "AssessmentStatus",
    "AssessmentTransition",
    "CommuneGroup",
    "Comparator",
    "CriteriaSet",
    "Criterion",
    "Evidence",
    "EvidenceQuerySet",
    "Indicator",
    "IndicatorAppraisal",
    "IndicatorComment",
    "IndicatorKey",
    "IndicatorUnit",
    "IndicatorValue",
    "IndicatorYearTarget",
    "OcopGroup",
    "OcopProduct",
    "ProgrammeAct",
    "ProgrammePeriod",
    "LEVEL_ORDER",
    "RECOGNISED_AS",
    "Recognition",
    "RecognitionQuerySet",
    "SetBasis",
    "SetLevel",
    "SetScope",
    "TransitionAction",
    "UnitCommuneGroup",
    "Verdict",
    "level_order",
    "levels_for",
    "records_a_figure",
]
