"""Charts drawn on the server as SVG: no script, no CDN, readable without JavaScript."""
from __future__ import annotations

from markupsafe import Markup, escape

COLORS = {"emulation": "#c0862b", "anti-smuggling": "#b3261e", "border-gates": "#1f6f8b", "legal": "#4b5fa8",
          "": "#9aa0a6"}


def monthly_chart(monthly, labels, height: int = 220, names: dict | None = None) -> Markup:
    """Stacked bars: articles per category per month (``monthly`` rows are (YYYY-MM, label, n));
    ``names`` gives the categories' display names for the tooltips."""
    names = names or {}
    if not monthly:
        return Markup("<p class=muted>Chưa có bài nào có ngày đăng.</p>")
    months = sorted({m for m, _, _ in monthly})
    first_y, first_m = map(int, months[0].split("-"))
    last_y, last_m = map(int, months[-1].split("-"))
    axis = []
    y, m = first_y, first_m
    while (y, m) <= (last_y, last_m):
        axis.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    counts = {(mo, lab): n for mo, lab, n in monthly}
    totals = [sum(counts.get((mo, lab), 0) for lab in list(labels) + [""]) for mo in axis]
    peak = max(totals) or 1
    bar, gap, left, bottom = 6, 2, 34, 22
    width = left + len(axis) * (bar + gap) + 10
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="Số bài theo tháng và chuyên mục">']
    for frac in (0, 0.5, 1):
        yy = height - bottom - frac * (height - bottom - 10)
        parts.append(f'<line x1="{left}" x2="{width}" y1="{yy:.1f}" y2="{yy:.1f}" class="grid"/>'
                     f'<text x="{left - 4}" y="{yy + 4:.1f}" class="axis" text-anchor="end">{round(peak * frac)}</text>')
    for i, mo in enumerate(axis):
        x = left + i * (bar + gap)
        yy = height - bottom
        for lab in list(labels) + [""]:
            n = counts.get((mo, lab), 0)
            if not n:
                continue
            h = n / peak * (height - bottom - 10)
            yy -= h
            parts.append(f'<rect x="{x}" y="{yy:.1f}" width="{bar}" height="{h:.1f}" fill="{COLORS.get(lab, "#777")}">'
                         f'<title>{escape(mo)} · {escape(names.get(lab, lab) or "chưa gắn nhãn")}: {n}</title></rect>')
        if mo.endswith("-01"):
            parts.append(f'<text x="{x}" y="{height - 6}" class="axis">{mo[:4]}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
