"""A target's history: its progress as known at each date a relevant figure was published.

A figure is relevant when it is of the target's region and indicator, its period ends by the
year computed to (the as-of year, or the target year if earlier) and it has a publication date.
For each distinct publication day (a ``YYYY-MM`` date counts as the last day of its month, a
bare year as 31 December, as with ``--known-at``), the progress engine computes the target with
``known_at`` set to that day: what an analyst could have said then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import Actual, Dataset, Target
from .progress import Progress, compute, published_end


@dataclass(frozen=True, slots=True)
class Point:
    """The target as known at ``known_at``: the figures published that day, and the result."""

    known_at: dt.date
    published: tuple[str, ...]  # the publication dates as written that end on that day
    figures: tuple[Actual, ...]
    progress: Progress


def history(ds: Dataset, target: Target, as_of: int | None = None) -> list[Point]:
    """One point per publication day of a relevant figure, oldest first."""
    year = as_of or dt.date.today().year
    until = min(year, target.target_year or year)
    table = ds.actuals
    end, published = table.column("end"), table.column("published")
    days: dict[dt.date, list[int]] = {}
    for i in table.groups().get((target.region, target.indicator), ()):
        day = published_end(published[i])
        if day is not None and end[i] <= until:
            days.setdefault(day, []).append(i)
    points = []
    for day in sorted(days):
        figures = table.take(days[day])
        written = tuple(dict.fromkeys(a.published or "" for a in figures))
        progress = compute(ds, [target], year, day)[0]
        points.append(Point(day, written, tuple(figures), progress))
    return points
