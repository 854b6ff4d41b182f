"""Charts drawn on the server as SVG: no script, no third-party host, no inline style (the CSP forbids it).
Colours come from CSS classes in site.css; sizes are presentation attributes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.dates import MONTHS, MONTHS_3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    long_label: str
    show_label: bool
    label_x: float
    value_y: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    maximum: int

    def description(self) -> str:
        return "; ".join(f"{bar.long_label}: {bar.value}" for bar in self.bars)

    def bars_svg(self) -> SafeString:
        """The bars as SVG, built here rather than in the template: 24 bars with a dozen values each cost more
        as template lookups than the rest of the dashboard (measured with tests.bench.profile_pages). Only the
        labels are text; every other value is a number."""
        def group(bar: Bar) -> str:
            value = (f'<text x="{bar.label_x}" y="{bar.value_y}" text-anchor="middle" class="chart-value">'
                     f'{bar.value}</text>') if bar.value else ""
            label = (f'<text x="{bar.label_x}" y="{self.height - 8}" text-anchor="middle" class="chart-label">'
                     f'{escape(bar.label)}</text>') if bar.show_label else ""
            return (f'<g><title>{escape(bar.long_label)}: {bar.value}</title><rect x="{bar.x}" y="{bar.y}" '
                    f'width="{bar.width}" height="{bar.height}" class="chart-bar"/>{value}{label}</g>')

        return mark_safe("\n".join(group(bar) for bar in self.bars))  # noqa: S308  # nosec B308 B703 – numbers, escaped labels


def month_bars(months: list[tuple[date, int]], *, width: int = 720, height: int = 220) -> BarChart:
    """A bar per month; the tallest bar fills the plot. Every third month is labelled to stay readable."""
    top, bottom, side = 18, 28, 24  # room for the value above a bar, the month below, a label at either end
    plot_height = height - top - bottom
    maximum = max((count for _month, count in months), default=0)
    slot = (width - 2 * side) / max(len(months), 1)
    # The month names as date_format(month, "M y") and "F Y" give them, translated once per chart rather than
    # formatted 48 times.
    short = {number: str(name).title() for number, name in MONTHS_3.items()}
    long = {number: str(name) for number, name in MONTHS.items()}
    bars = []
    for index, (month, count) in enumerate(months):
        bar_height = plot_height * count / maximum if maximum else 0
        x = side + index * slot + slot * 0.15
        bars.append(Bar(
            x=round(x, 1), y=round(top + plot_height - bar_height, 1), width=round(slot * 0.7, 1),
            height=round(bar_height, 1), value=count,
            label=f"{short[month.month]} {month.year % 100:02d}", long_label=f"{long[month.month]} {month.year}",
            show_label=index % 3 == 0 or index == len(months) - 1,
            label_x=round(x + slot * 0.35, 1), value_y=round(top + plot_height - bar_height - 4, 1),
        ))
    return BarChart(width=width, height=height, baseline=top + plot_height, bars=bars, maximum=maximum)
