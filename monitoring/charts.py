"""Small bar charts drawn on the server as SVG: geometry here, markup in
``monitoring/includes/bar_chart.html``. Every chart comes with its title, a description that
says what it shows in words, and the table of its values, so it reads without the picture."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .presentation import format_value

WIDTH = 320
HEIGHT = 160
TOP = 14  # room for the value over the highest bar
BOTTOM = 22  # room for the labels under the bars
LEFT = 4


def _n(value):
    """A coordinate as SVG reads it (a template would localise a float: "12,5")."""
    return f"{value:.1f}"


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    value_y: str
    centre: str
    label: str
    short_label: str
    shown: str
    missing: bool = False


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    bars: list = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    baseline: str = _n(HEIGHT - BOTTOM)
    label_y: str = _n(HEIGHT - 6)
    label_header: str = ""
    value_header: str = ""


def bar_chart(*, id, title, points, kind, label_header, value_header):
    """``points`` is ``[(label, value or None)]``; a None is drawn as no bar and said in
    the description and the table."""
    values = [value for _label, value in points if value is not None]
    top = max(values) if values else 0
    top = top or 1
    slot = (WIDTH - LEFT) / max(len(points), 1)
    bar_width = slot * 0.64
    room = HEIGHT - TOP - BOTTOM
    bars = []
    for index, (label, value) in enumerate(points):
        height = 0 if value is None else room * value / top
        y = HEIGHT - BOTTOM - height
        bars.append(
            Bar(
                x=_n(LEFT + index * slot + (slot - bar_width) / 2),
                y=_n(y),
                width=_n(bar_width),
                height=_n(height),
                value_y=_n(y - 3),
                centre=_n(LEFT + index * slot + slot / 2),
                label=str(label),
                short_label=str(label)[2:],
                shown=format_value(value, kind) if value is not None else _("not recorded"),
                missing=value is None,
            )
        )
    if values:
        parts = ", ".join(f"{bar.label}: {bar.shown}" for bar in bars)
        description = _("%(title)s by quarter. %(values)s.") % {"title": title, "values": parts}
    else:
        description = _("%(title)s: no quarter has a recorded figure yet.") % {"title": title}
    return BarChart(
        id=id,
        title=str(title),
        description=description,
        bars=bars,
        label_header=str(label_header),
        value_header=str(value_header),
    )
