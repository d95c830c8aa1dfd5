"""The pieces indicators are made of.

A *provider* computes one block of the scorecard (membership, meetings, ...) for a quarter:
a few headline figures and some tables. Figures are stored as plain JSON (codes and numbers),
and the labels come from the code at display time, so a stored snapshot reads in the
visitor's language. A new block (the discussions app's questions and answers) is one more
provider in ``registry.PROVIDERS``; nothing else changes."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

COUNT = "count"
PERCENT = "percent"
DAYS = "days"
TEXT = "text"


@dataclass(frozen=True)
class Figure:
    """A headline figure: one number per quarter, drawn as a trend."""

    key: str
    label: str
    kind: str = COUNT
    help: str = ""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT


@dataclass(frozen=True)
class TableSpec:
    """A table of the scorecard. The first column labels the row: a code turned into words by
    ``label_of`` (a choices mapping), or a name stored as it was. ``names`` marks a table
    that names organisations or people: only the committees and the staff roles see it."""

    key: str
    title: str
    columns: tuple
    names: bool = False
    label_of: dict = field(default_factory=dict)
    note: str = ""

    def row_label(self, code):
        return self.label_of.get(code, code)


class Provider:
    key = ""
    title = ""
    figures: tuple = ()
    tables: tuple = ()

    def compute(self, period):
        """``{"figures": {key: value}, "tables": {key: [[label, value, ...], ...]}}``."""
        raise NotImplementedError

    def table(self, key):
        return next(table for table in self.tables if table.key == key)


def share(part, whole):
    """``part`` as a percentage of ``whole`` to one decimal, or None when there is no whole."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


def median(values):
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return round(values[middle], 1)
    return round((values[middle - 1] + values[middle]) / 2, 1)


LABEL_COLUMN = _("Item")
