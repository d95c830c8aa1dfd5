"""The geometry of the server-made SVG charts and map (decision 0023): plain numbers the
templates in ``templates/milestones/includes/`` draw, so no script runs, no style is inline
(the shading is an SVG ``fill`` presentation attribute, which the Content Security Policy
allows) and every chart has a data table with the same numbers beside it."""

from .tiles import ABBREVIATIONS, COLUMNS, ROWS, TILES

# A sequential green scale, light to dark; text on the two darkest is white.
SHADES = ["#f1f5f2", "#c7e6d1", "#8fcca6", "#4fa97a", "#1f7a4d", "#0b4f31"]
DARK_FROM = 4
TILE = 44
GAP = 4


def _level(value, top):
    """0 for no figure; then five equal bands of the largest value."""
    if not value or top <= 0:
        return 0
    bands = len(SHADES) - 1
    return 1 + min(bands - 1, int(bands * value / top))


def _bounds(top):
    """The legend: the range of numbers each shade above zero stands for."""
    bands = len(SHADES) - 1
    legend = []
    for i in range(1, bands + 1):
        low = max(1, -(-(i - 1) * top // bands))
        high = top if i == bands else -(-i * top // bands) - 1
        if high >= low:
            legend.append({"fill": SHADES[i], "low": low, "high": high})
    return legend


def county_map(by_county):
    """Tiles for the 47 counties shaded by their total: each with its place, its shade, the
    colour of its label and the county's numbers."""
    top = max((row["total"] for row in by_county), default=0)
    tiles = []
    for row in by_county:
        column, line = TILES[row["code"]]
        level = _level(row["total"], top)
        tiles.append(
            {
                **row,
                "x": column * (TILE + GAP),
                "y": line * (TILE + GAP),
                "cx": column * (TILE + GAP) + TILE / 2,
                "cy": line * (TILE + GAP) + TILE / 2 + 4,
                "fill": SHADES[level],
                "text": "#ffffff" if level >= DARK_FROM else "#1b1b1b",
                "label": ABBREVIATIONS[row["code"]],
            }
        )
    return {
        "tiles": tiles,
        "size": TILE,
        "width": COLUMNS * (TILE + GAP) - GAP,
        "height": ROWS * (TILE + GAP) - GAP,
        "legend": _bounds(top) if top else [],
        "zero_fill": SHADES[0],
    }


BAR_HEIGHT = 22
BAR_GAP = 8
CHART_WIDTH = 320


def bars(rows, *, label="name", value="total"):
    """A horizontal bar chart: one bar per row, its label above it and its number after."""
    top = max((row[value] for row in rows), default=0) or 1
    step = BAR_HEIGHT + BAR_GAP + 16
    items = []
    for i, row in enumerate(rows):
        width = round((CHART_WIDTH - 90) * row[value] / top, 1)
        items.append(
            {
                "label": row[label],
                "value": row[value],
                "label_y": i * step + 12,
                "y": i * step + 16,
                "width": max(width, 1 if row[value] else 0),
                "value_x": width + 6,
                "value_y": i * step + 16 + BAR_HEIGHT / 2 + 5,
            }
        )
    return {
        "items": items,
        "bar_height": BAR_HEIGHT,
        "width": CHART_WIDTH,
        "height": max(len(rows) * step, step),
    }


LINE_WIDTH = 320
LINE_HEIGHT = 160
PAD = 36


def line(points, *, x="year", y="total"):
    """A line chart of a measure over the years, with a dot and a label at each year."""
    if not points:
        return {"points": [], "width": LINE_WIDTH, "height": LINE_HEIGHT, "path": ""}
    top = max(point[y] for point in points) or 1
    span = max(len(points) - 1, 1)
    inner_w = LINE_WIDTH - 2 * PAD
    inner_h = LINE_HEIGHT - 2 * PAD
    drawn = []
    for i, point in enumerate(points):
        px = PAD + (inner_w * i / span if len(points) > 1 else inner_w / 2)
        py = PAD + inner_h - inner_h * point[y] / top
        drawn.append({"x": round(px, 1), "y": round(py, 1), "year": point[x], "value": point[y]})
    path = " ".join(
        f"{'M' if i == 0 else 'L'}{point['x']},{point['y']}" for i, point in enumerate(drawn)
    )
    return {
        "points": drawn,
        "path": path,
        "width": LINE_WIDTH,
        "height": LINE_HEIGHT,
        "baseline": LINE_HEIGHT - PAD,
        "axis_label_y": LINE_HEIGHT - PAD + 18,
    }
