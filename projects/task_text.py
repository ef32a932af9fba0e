"""A quarterly task's text as every page and the plan document show it.

A task's text may name an indicator whose figure the criteria app holds, so the figure is entered once:
"… của Quảng Giao là [chỉ tiêu 18.1, đơn vị hộ]." reads "… là 752/1.250 hộ đạt 60,16 %." with the
indicator's value for the task's commune and year (docs/adr/0045-figures-come-from-data.md). Without a
value yet the reference stays as typed.
"""

import re
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from core.money import format_percent
from criteria.display import counts_text, value_text
from criteria.evaluation import figures_for
from criteria.results import IndicatorResult

from .models import QuarterlyTask

INDICATOR_REF = re.compile(r"\[chỉ tiêu (?P<code>\d+(?:\.\d+)*)(?:, đơn vị (?P<unit>[^\]]+))?\]")


def task_text(text: str, figures: Mapping[str, IndicatorResult], missing: list[str] | None = None) -> str:
    """`text` with each "[chỉ tiêu 18.1, đơn vị hộ]" replaced by "752/1.250 hộ đạt 60,16 %" from `figures`
    (indicator code → result, see `criteria.evaluation.figures_for`); the code of a reference without a value
    is appended to `missing` when given."""

    def figure(match) -> str:
        item = figures.get(match.group("code"))
        if item is None:
            if missing is not None:
                missing.append(match.group("code"))
            return match.group(0)
        return figure_text(item, match.group("unit") or "")

    return INDICATOR_REF.sub(figure, text)


def figure_text(item: IndicatorResult, unit: str = "") -> str:
    if item.value.has_ratio:
        counts = f"{counts_text(item.value)} {unit}" if unit else counts_text(item.value)
        return _("%(counts)s đạt %(percent)s") % {"counts": counts, "percent": format_percent(item.display_percent)}
    text = value_text(item, unit=False)
    return f"{text} {unit}" if unit else text


def with_task_texts(tasks: Iterable[QuarterlyTask]) -> list[QuarterlyTask]:
    """The tasks, each with `filled_text` set (its text with the figures of its commune and year), for pages.

    No query when no text names an indicator; otherwise six, whatever the number of tasks and years.
    """
    tasks = list(tasks)
    quoting = [task for task in tasks if INDICATOR_REF.search(task.text)]
    figures = {}
    if quoting:
        figures = figures_for({task.commune_id for task in quoting}, {task.year for task in quoting})
    for task in tasks:
        task.filled_text = task_text(task.text, figures.get((task.commune_id, task.year), {}))
    return tasks
