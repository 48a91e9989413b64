"""Bar charts as SVG written on the server: no script, nothing fetched from elsewhere.

Each chart has a title and a description for screen readers (`role="img"`, `aria-labelledby`)
and sits next to a table with the same numbers, which is the accessible alternative.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from needsfirst.web.statistics.selectors import Chart

WIDTH = 600
ROW = 38
BAR = 14
NUMBER_SPACE = 70


def bar_chart_svg(chart: Chart) -> SafeString:
    shown = [c.count for c in chart.cells if c.count is not None]
    largest = max(shown, default=0) or 1
    height = max(ROW, ROW * len(chart.cells)) + 8
    title_id = f"chart-{chart.key}-title"
    desc_id = f"chart-{chart.key}-desc"
    description = _(
        "%(shown)s categories shown, %(hidden)s not shown because the numbers are small."
    ) % {"shown": len(chart.shown), "hidden": chart.hidden}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    span = WIDTH - NUMBER_SPACE
    for i, cell in enumerate(chart.cells):
        y = i * ROW
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="13" fill="#1a1a1a">{escape(cell.label)}</text>'
        )
        if cell.count is None:
            parts.append(
                f'<text x="0" y="{y + 30}" font-size="12" fill="#595959">'
                f"{escape(_('not shown (small number)'))}</text>"
            )
            continue
        width = max(2, round(span * cell.count / largest))
        parts.append(
            f'<rect x="0" y="{y + 18}" width="{width}" height="{BAR}" fill="#1f5f8b" rx="2"/>'
        )
        parts.append(
            f'<text x="{width + 6}" y="{y + 30}" font-size="12" fill="#1a1a1a">'
            f"{cell.count:,}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)
