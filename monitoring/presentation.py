"""Stored figures made ready to read: labels in the reader's language, tables the reader may
see, the change from the previous quarter, and the rows of each CSV file. No queries."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .indicators import base
from .indicators.registry import PROVIDERS


@dataclass
class FigureView:
    key: str
    label: str
    kind: str
    value: object
    previous: object
    help: str = ""

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 1)

    @property
    def shown(self):
        return format_value(self.value, self.kind)

    @property
    def change_shown(self):
        change = self.change
        if change is None:
            return ""
        sign = "+" if change > 0 else ""
        return f"{sign}{format_value(change, self.kind)}"


@dataclass
class TableView:
    block: str
    spec: base.TableSpec
    rows: list

    @property
    def key(self):
        return self.spec.key

    @property
    def headers(self):
        return [column.label for column in self.spec.columns]

    @property
    def display_rows(self):
        kinds = [column.kind for column in self.spec.columns]
        return [
            [str(self.spec.row_label(row[0]))]
            + [format_value(value, kind) for value, kind in zip(row[1:], kinds[1:], strict=False)]
            for row in self.rows
        ]


@dataclass
class BlockView:
    key: str
    title: str
    figures: list
    tables: list


def format_value(value, kind):
    if value is None:
        return "—"
    if kind == base.PERCENT:
        return f"{number_format(value, 1)} %"
    if kind == base.DAYS:
        return number_format(value, 1)
    if isinstance(value, float):
        return number_format(value, 1)
    return number_format(value, force_grouping=True)


def _block_data(data, key):
    return (data or {}).get("blocks", {}).get(key, {})


def blocks(data, previous=None, *, names):
    """The scorecard's blocks for ``data``; the tables that name organisations or people
    only when ``names``."""
    views = []
    for provider in PROVIDERS:
        current = _block_data(data, provider.key)
        before = _block_data(previous, provider.key)
        figures = [
            FigureView(
                key=figure.key,
                label=figure.label,
                kind=figure.kind,
                value=current.get("figures", {}).get(figure.key),
                previous=before.get("figures", {}).get(figure.key),
                help=figure.help,
            )
            for figure in provider.figures
        ]
        tables = [
            TableView(provider.key, spec, current.get("tables", {}).get(spec.key, []))
            for spec in provider.tables
            if names or not spec.names
        ]
        views.append(BlockView(provider.key, provider.title, figures, tables))
    return views


def find_table(data, block, table, *, names):
    """One table of ``data`` the reader may see, or None."""
    for view in blocks(data, names=names):
        if view.key == block:
            for item in view.tables:
                if item.key == table:
                    return item
    return None


def figure_rows(data):
    """Every headline figure of a quarter: ``[[block, figure, label, value]]``."""
    rows = []
    for provider in PROVIDERS:
        values = _block_data(data, provider.key).get("figures", {})
        for figure in provider.figures:
            rows.append([provider.key, figure.key, str(figure.label), values.get(figure.key)])
    return rows


def trend_rows(trend):
    """The trend as rows: one per headline figure, one column per quarter."""
    header = [str(_("Block")), str(_("Figure"))] + [str(quarter) for quarter, _data in trend]
    rows = []
    for provider in PROVIDERS:
        for figure in provider.figures:
            values = [
                _block_data(data, provider.key).get("figures", {}).get(figure.key)
                for _quarter, data in trend
            ]
            rows.append([str(provider.title), str(figure.label), *values])
    return header, rows


def series(trend, block, figure_key):
    """``[(quarter, value)]`` of one headline figure over the trend."""
    return [
        (quarter, _block_data(data, block).get("figures", {}).get(figure_key))
        for quarter, data in trend
    ]
