"""Charts drawn on the server as SVG: no JavaScript, the same markup on the page, in the PDF,
and (as PNG) in the Word file. Each has a title and a description for screen readers; the
pages also print the figures as a table next to it.

Presentation attributes only (fill=, font-size=): the content security policy forbids inline
style attributes.
"""

import io
from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe

BLUE = "#1d70b8"
DARK_BLUE = "#003078"
LIGHT_BLUE = "#5694ca"
GREEN = "#00703c"
ORANGE = "#f47738"
RED = "#d4351c"
GREY = "#b1b4b6"
TEXT = "#0b0c0c"
FONT = "Arial, Helvetica, sans-serif"


@dataclass
class Series:
    label: str
    colour: str
    values: list[int]


def _text(x, y, text, *, size=14, anchor="start", weight="normal", fill=TEXT) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'text-anchor="{anchor}" font-weight="{weight}" fill="{fill}">{escape(str(text))}</text>'
    )


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="jup-chart" id="{chart_id}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _legend(series: list[Series], *, x: float, y: float) -> list[str]:
    parts = []
    for s in series:
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 11:.1f}" width="14" height="14" fill="{s.colour}"/>'
        )
        parts.append(_text(x + 20, y, s.label, size=13))
        x += 30 + 8 * len(s.label)
    return parts


def short(label: str, most: int = 34) -> str:
    """A label cut to fit beside a bar (the full name is in the table next to the chart)."""
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def horizontal_bars(
    *, chart_id: str, title: str, desc: str, labels: list[str], series: list[Series]
) -> str:
    """Grouped horizontal bars, one group a label (e.g. invited and came, by sector)."""
    labels = [short(label) for label in labels]
    label_width = 20 + 7 * max((len(label) for label in labels), default=10)
    bar_area = 340
    bar_height = 12
    group_height = bar_height * len(series) + 8
    width = label_width + bar_area + 60
    height = 40 + group_height * max(len(labels), 1) + 20
    largest = max([v for s in series for v in s.values] or [1]) or 1
    body = _legend(series, x=label_width, y=20)
    y = 36
    for index, label in enumerate(labels):
        body.append(_text(label_width - 8, y + group_height / 2, label, size=13, anchor="end"))
        for offset, s in enumerate(series):
            value = s.values[index]
            length = bar_area * value / largest
            top = y + offset * bar_height
            body.append(
                f'<rect x="{label_width}" y="{top:.1f}" width="{max(length, 1):.1f}" '
                f'height="{bar_height - 2}" fill="{s.colour}"/>'
            )
            body.append(_text(label_width + length + 4, top + bar_height - 3, value, size=12))
        y += group_height
    return _svg(chart_id, width, height, title, desc, body)


def stacked_columns(
    *, chart_id: str, title: str, desc: str, labels: list[str], series: list[Series]
) -> str:
    """Stacked columns, one a label along the x axis (e.g. life stages, by how early)."""
    column_width = 56
    gap = 28
    plot_height = 200
    left = 40
    width = left + (column_width + gap) * max(len(labels), 1) + 20
    width = max(width, 480)
    height = plot_height + 120
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    largest = max(totals or [1]) or 1
    body = _legend(series, x=left, y=20)
    base = 40 + plot_height
    body.append(
        f'<line x1="{left - 4}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{TEXT}"/>'
    )
    for index, label in enumerate(labels):
        x = left + index * (column_width + gap)
        top = base
        for s in series:
            value = s.values[index]
            if not value:
                continue
            h = plot_height * value / largest
            top -= h
            body.append(
                f'<rect x="{x}" y="{top:.1f}" width="{column_width}" height="{h:.1f}" '
                f'fill="{s.colour}"/>'
            )
        body.append(_text(x + column_width / 2, top - 5, totals[index], size=12, anchor="middle"))
        words = label.split(" ")
        lines = [" ".join(words[: len(words) // 2 or 1]), " ".join(words[len(words) // 2 or 1 :])]
        for n, line in enumerate(line for line in lines if line):
            body.append(
                _text(x + column_width / 2, base + 18 + 15 * n, line, size=12, anchor="middle")
            )
    return _svg(chart_id, width, height, title, desc, body)


def png_bars(labels: list[str], series: list[Series], *, title: str) -> bytes:
    """The same grouped bars as a PNG (for the Word file, which cannot show SVG)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=14)
    labels = [short(label) for label in labels]
    label_width = min(300, 20 + 8 * max((len(label) for label in labels), default=10))
    bar_area = 380
    bar_height = 16
    group = bar_height * len(series) + 10
    width = label_width + bar_area + 70
    height = 60 + group * max(len(labels), 1) + 10
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 8), title, fill=TEXT, font=ImageFont.load_default(size=16))
    x = label_width
    for s in series:
        draw.rectangle([x, 34, x + 14, 48], fill=s.colour)
        draw.text((x + 20, 33), s.label, fill=TEXT, font=font)
        x += 40 + 8 * len(s.label)
    largest = max([v for s in series for v in s.values] or [1]) or 1
    y = 58
    for index, label in enumerate(labels):
        draw.text((label_width - 8, y + group / 2 - 8), label, fill=TEXT, font=font, anchor="ra")
        for offset, s in enumerate(series):
            value = s.values[index]
            length = bar_area * value / largest
            top = y + offset * bar_height
            draw.rectangle([x0 := label_width, top, x0 + max(length, 1), top + bar_height - 3],
                           fill=s.colour)  # fmt: skip
            draw.text((label_width + length + 4, top), str(value), fill=TEXT, font=font)
        y += group
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
