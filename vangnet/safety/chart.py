"""The safety-scaling chart as SVG. Plain Python: no Django, no database.

Readable without colour: every participant has its own marker shape and line style, and
the name is written at the end of the line. The SVG carries a title and a description;
the page shows the same numbers in a table next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

COLOURS = ("#0b4f71", "#a4262c", "#1e6b34", "#7a4d00", "#5c2d91", "#1b1f24", "#005a9e", "#8a3b00")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 4", "10 4")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "ring")


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[tuple[date, int], ...]


def _x(day: date, first: date, last: date, left: float, width: float) -> float:
    span = (last - first).days or 1
    return left + width * (day - first).days / span


def _y(score: int, top: float, height: float) -> float:
    return top + height * (10 - score) / 10


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    s = 5
    if kind == "square":
        return (
            f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s}" height="{2 * s}" '
            f'fill="{colour}"/>'
        )
    if kind == "triangle":
        pts = f"{x:.1f},{y - s - 1:.1f} {x - s - 1:.1f},{y + s:.1f} {x + s + 1:.1f},{y + s:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if kind == "diamond":
        pts = (
            f"{x:.1f},{y - s - 1:.1f} {x + s + 1:.1f},{y:.1f} "
            f"{x:.1f},{y + s + 1:.1f} {x - s - 1:.1f},{y:.1f}"
        )
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if kind == "cross":
        return (
            f'<path d="M{x - s:.1f},{y - s:.1f}L{x + s:.1f},{y + s:.1f}M{x - s:.1f},{y + s:.1f}'
            f'L{x + s:.1f},{y - s:.1f}" stroke="{colour}" stroke-width="2.5"/>'
        )
    if kind == "ring":
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s}" fill="#ffffff" stroke="{colour}" '
            f'stroke-width="2.5"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s}" fill="{colour}"/>'


def style(index: int) -> dict:
    """Colour, dash pattern and marker of the index-th series (also used in the legend)."""
    return {
        "colour": COLOURS[index % len(COLOURS)],
        "dash": DASHES[index % len(DASHES)],
        "marker": MARKERS[index % len(MARKERS)],
    }


def scaling_svg(
    series: list[Series],
    *,
    title: str,
    description: str,
    width: int = 720,
    height: int = 320,
    date_format=lambda d: d.strftime("%d-%m-%Y"),
) -> str:
    """An SVG line chart of scores 0-10 over time, one line per participant."""
    left, right, top, bottom = 40, 200, 20, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    days = sorted({day for s in series for day, _ in s.points})
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-title chart-desc" '
        f'class="scaling-chart scaling-chart-wide">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for score in range(0, 11, 2):
        y = _y(score, top, plot_h)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="#c9ced6" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="14" '
            f'fill="#1b1f24">{score}</text>'
        )
    labels: list[tuple[float, int, Series]] = []
    if days:
        first, last = days[0], days[-1]
        ticks = days if len(days) <= 6 else [days[i * (len(days) - 1) // 5] for i in range(6)]
        for day in dict.fromkeys(ticks):
            x = _x(day, first, last, left, plot_w) if first != last else left + plot_w / 2
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="middle" '
                f'font-size="13" fill="#1b1f24">{escape(date_format(day))}</text>'
            )
        for index, s in enumerate(series):
            if not s.points:
                continue
            st = style(index)
            coords = [
                (
                    _x(day, first, last, left, plot_w) if first != last else left + plot_w / 2,
                    _y(score, top, plot_h),
                )
                for day, score in sorted(s.points)
            ]
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            dash = f' stroke-dasharray="{st["dash"]}"' if st["dash"] else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{st["colour"]}" '
                f'stroke-width="2"{dash}/>'
            )
            parts.extend(_marker(st["marker"], x, y, st["colour"]) for x, y in coords)
            labels.append((coords[-1][1], index, s))
    parts.extend(_end_labels(labels, left + plot_w + 8, top, top + plot_h))
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#1b1f24"/>'
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="#1b1f24"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _end_labels(labels, x: float, top: float, bottom: float, gap: float = 15) -> list[str]:
    """Name and latest score at the end of each line, pushed apart so none overlap."""
    ordered = sorted(labels, key=lambda item: (item[0], item[1]))
    placed: list[float] = []
    for y, _index, _s in ordered:
        placed.append(max(y + 4, placed[-1] + gap) if placed else max(y + 4, top))
    overflow = placed[-1] - (bottom + 10) if placed else 0
    if overflow > 0:  # too low: move all labels up
        placed = [y - overflow for y in placed]
    parts = []
    for y, (_line_y, index, s) in zip(placed, ordered, strict=True):
        name = s.label if len(s.label) <= 24 else s.label[:23] + "…"
        parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="14" fill="{style(index)["colour"]}">'
            f"{escape(name)} ({sorted(s.points)[-1][1]})</text>"
        )
    return parts


def compact_scaling_svg(
    series: list[Series],
    *,
    title: str,
    description: str,
    width: int = 340,
    date_format=lambda d: d.strftime("%d-%m-%Y"),
    id_suffix: str = "-narrow",
) -> str:
    """The same chart for a phone: narrow (340 wide, so its 14-unit text stays about 14 px on
    a 375 px screen), at most three dates on the axis and the names in a legend below."""
    left, right, top, plot_h = 30, 14, 14, 200
    plot_w = width - left - right
    shown = [(index, s) for index, s in enumerate(series) if s.points]
    legend_top = top + plot_h + 36
    height = legend_top + 22 * len(shown) + 6
    days = sorted({day for s in series for day, _ in s.points})
    title_id, desc_id = f"chart-title{id_suffix}", f"chart-desc{id_suffix}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'class="scaling-chart scaling-chart-narrow">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for score in range(0, 11, 2):
        y = _y(score, top, plot_h)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="#c9ced6" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 5:.1f}" text-anchor="end" font-size="14" '
            f'fill="#1b1f24">{score}</text>'
        )
    if days:
        first, last = days[0], days[-1]
        ticks = list(dict.fromkeys([first, days[(len(days) - 1) // 2], last]))
        if len(ticks) == 3 and (ticks[2] - ticks[0]).days < 3 * (ticks[1] - ticks[0]).days / 2:
            ticks = [first, last]  # the middle date would collide with one of the ends
        for n, day in enumerate(ticks):
            x = _x(day, first, last, left, plot_w) if first != last else left + plot_w / 2
            anchor = "middle"
            if len(ticks) > 1 and n == 0:
                anchor = "start"
            elif len(ticks) > 1 and n == len(ticks) - 1:
                anchor = "end"
            parts.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 20}" text-anchor="{anchor}" '
                f'font-size="14" fill="#1b1f24">{escape(date_format(day))}</text>'
            )
        for row, (index, s) in enumerate(shown):
            st = style(index)
            coords = [
                (
                    _x(day, first, last, left, plot_w) if first != last else left + plot_w / 2,
                    _y(score, top, plot_h),
                )
                for day, score in sorted(s.points)
            ]
            dash = f' stroke-dasharray="{st["dash"]}"' if st["dash"] else ""
            parts.append(
                f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in coords)}" '
                f'fill="none" stroke="{st["colour"]}" stroke-width="2"{dash}/>'
            )
            parts.extend(_marker(st["marker"], x, y, st["colour"]) for x, y in coords)
            ly = legend_top + 22 * row
            parts.append(
                f'<line x1="4" y1="{ly - 5}" x2="34" y2="{ly - 5}" stroke="{st["colour"]}" '
                f'stroke-width="2"{dash}/>'
            )
            parts.append(_marker(st["marker"], 19, ly - 5, st["colour"]))
            name = s.label if len(s.label) <= 32 else s.label[:31] + "…"
            parts.append(
                f'<text x="42" y="{ly:.1f}" font-size="14" fill="#1b1f24">'
                f"{escape(name)} ({sorted(s.points)[-1][1]})</text>"
            )
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#1b1f24"/>'
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="#1b1f24"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
