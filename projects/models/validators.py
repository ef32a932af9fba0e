"""Field validators the works, progress and task models share."""

from django.core.validators import MaxValueValidator, MinValueValidator

from core.money import MAX_AMOUNT
from core.periods import year_validators

QUARTER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]
YEAR_VALIDATORS = year_validators()
AMOUNT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)]
