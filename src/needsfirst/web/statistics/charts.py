"""Bar charts as SVG written on the server: no script, nothing fetched from elsewhere.

Each chart has a title and a description for screen readers (`role="img"`, `aria-labelledby`)
and sits next to a table with the same numbers, which is the accessible alternative.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from needsfirst.web.statistics.selectors import Chart

ROW = 40
BAR = 14
LONGEST_BAR = 84  # per cent of the width: the number goes after the bar


def bar_chart_svg(chart: Chart) -> SafeString:
    """Sized in pixels downwards and in per cent across, so the text keeps its size on a phone;
    in a right-to-left language the bars grow from the right."""
    rtl = translation.get_language_bidi()
    shown = [c.count for c in chart.cells if c.count is not None]
    largest = max(shown, default=0) or 1
    height = max(ROW, ROW * len(chart.cells)) + 4
    title_id = f"chart-{chart.key}-title"
    desc_id = f"chart-{chart.key}-desc"
    description = _(
        "%(shown)s categories shown, %(hidden)s not shown because the numbers are small."
    ) % {"shown": len(chart.shown), "hidden": chart.hidden}
    start = "100%" if rtl else "0"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="100%" height="{height}" direction="{"rtl" if rtl else "ltr"}" '
        f'aria-labelledby="{title_id}" aria-describedby="{desc_id}">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    for i, cell in enumerate(chart.cells):
        y = i * ROW
        parts.append(
            f'<text x="{start}" y="{y + 14}" font-size="14" fill="#1a1a1a">'
            f"{escape(cell.label)}</text>"
        )
        if cell.count is None:
            parts.append(
                f'<text x="{start}" y="{y + 33}" font-size="13" fill="#595959">'
                f"{escape(_('not shown (small number)'))}</text>"
            )
            continue
        share = max(0.5, LONGEST_BAR * cell.count / largest)
        bar_x = 100 - share if rtl else 0
        number_x = 100 - share - 1 if rtl else share + 1
        parts.append(
            f'<rect x="{bar_x:.2f}%" y="{y + 20}" width="{share:.2f}%" height="{BAR}" '
            f'fill="#1f5f8b" rx="2"/>'
        )
        parts.append(
            f'<text x="{number_x:.2f}%" y="{y + 32}" font-size="13" fill="#1a1a1a">'
            f"{cell.count:,}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)
