"""Horizontal bar charts as SVG, drawn on the server (no script, no CDN; the strict CSP allows
no inline styles, so the colours are classes of statistics.css). Every chart has the same
numbers in a data table beside it: the SVG is an image with a short text alternative."""

from __future__ import annotations

from markupsafe import Markup

from bot.stats.report import Table, number

WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 60
BAR_HEIGHT = 16
BAR_GAP = 3
GROUP_GAP = 12
LEGEND_HEIGHT = 24
MAX_LABEL = 30


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def bar_chart(table: Table, chart_id: str) -> Markup:
    """The chart of a table's `chart_columns`, one group of bars per row."""
    columns = list(table.chart_columns)
    values = [
        [row[c] if isinstance(row[c], int | float) else 0 for c in columns] for row in table.rows
    ]
    largest = max((v for group in values for v in group), default=0) or 1
    legend = LEGEND_HEIGHT if len(columns) > 1 else 0
    group_height = len(columns) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    height = legend + len(table.rows) * (group_height + GROUP_GAP) + GROUP_GAP
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        Markup(
            '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" '
            'aria-labelledby="{}-title" focusable="false">'
        ).format(WIDTH, height, chart_id),
        Markup(
            '<title id="{}-title">{}: diagram. Tallene står i tabellen ved siden av.</title>'
        ).format(chart_id, table.title),
    ]
    if legend:
        x = LABEL_WIDTH
        for index, column in enumerate(columns):
            name = table.columns[column]
            parts.append(
                Markup(
                    '<rect class="bar bar-{}" x="{}" y="4" width="12" height="12"></rect>'
                    '<text class="legend" x="{}" y="15">{}</text>'
                ).format(index, x, x + 16, name)
            )
            x += 24 + 8 * len(name)
    y = legend + GROUP_GAP
    for row, group in zip(table.rows, values, strict=True):
        label_y = round(y + group_height / 2 + 5)
        parts.append(
            Markup('<text class="label" x="{}" y="{}" text-anchor="end">{}</text>').format(
                LABEL_WIDTH - 8, label_y, _short(str(row[0]))
            )
        )
        for index, value in enumerate(group):
            bar_y = y + index * (BAR_HEIGHT + BAR_GAP)
            length = round(span * value / largest)
            parts.append(
                Markup(
                    '<rect class="bar bar-{}" x="{}" y="{}" width="{}" height="{}"></rect>'
                    '<text class="value" x="{}" y="{}">{}</text>'
                ).format(
                    index,
                    LABEL_WIDTH,
                    bar_y,
                    max(length, 1 if value else 0),
                    BAR_HEIGHT,
                    LABEL_WIDTH + length + 4,
                    bar_y + 13,
                    number(value, 1 if isinstance(value, float) and value % 1 else 0),
                )
            )
        y += group_height + GROUP_GAP
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
