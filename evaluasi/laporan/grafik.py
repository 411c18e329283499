"""Server-rendered SVG charts (no JavaScript, no CDN; WeasyPrint draws them in PDFs too).

Pure: strings in, SVG markup out. Every label is escaped here, so callers may mark the
result safe.
"""

import math
from collections.abc import Sequence
from decimal import Decimal
from html import escape

FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
ABU = "#6c757d"


def _num(value: float | Decimal) -> str:
    return f"{float(value):.1f}"


def _fmt(value: float | Decimal) -> str:
    # Indonesian decimal comma, two places, as everywhere else in the portal.
    return f"{float(value):.2f}".replace(".", ",")


def batang(
    baris: Sequence[tuple[str, float | Decimal, str]],
    *,
    maksimum: float,
    lebar: int = 560,
    tinggi_baris: int = 24,
    judul: str = "",
    format_nilai=_fmt,
) -> str:
    """Horizontal bars: one (label, value, colour) per row, scaled to `maksimum`."""
    label_w, value_w = 210, 56
    bar_w = lebar - label_w - value_w - 10
    height = tinggi_baris * len(baris) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {lebar} {height}" '
        f'width="100%" role="img" aria-label="{escape(judul)}" {FONT} font-size="12">'
    ]
    for i, (label, value, color) in enumerate(baris):
        y = 5 + i * tinggi_baris
        w = 0 if maksimum <= 0 else max(0.0, min(1.0, float(value) / maksimum)) * bar_w
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + tinggi_baris * 0.65:.1f}" text-anchor="end">'
            f"{escape(short)}<title>{escape(label)}</title></text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{tinggi_baris - 8}" fill="#eef1f5"/>'
            f'<rect x="{label_w}" y="{y + 3}" width="{_num(w)}" height="{tinggi_baris - 8}" '
            f'fill="{escape(color)}"/>'
            f'<text x="{label_w + bar_w + 6}" y="{y + tinggi_baris * 0.65:.1f}">'
            f"{escape(format_nilai(value))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _runs(segmen: Sequence[str], count: int) -> list[tuple[int, int]]:
    """(first, last) index of each run of equal consecutive segment names; one run without."""
    if not segmen:
        return [(0, count - 1)] if count else []
    runs, start = [], 0
    for i in range(1, count + 1):
        if i == count or segmen[i] != segmen[start]:
            runs.append((start, i - 1))
            start = i
    return runs


def garis(
    label_x: Sequence[str],
    seri: Sequence[tuple[str, Sequence[float | Decimal | None], str]],
    *,
    lebar: int = 560,
    tinggi: int = 220,
    maksimum: float = 5.0,
    judul: str = "",
    segmen: Sequence[str] = (),
    putus: Sequence[str] = (),
    target: Sequence[str] = (),
) -> str:
    """Lines over the x labels (years). Y axis from 0 to `maksimum`.

    `segmen` names what each x point was measured with (the period's instrument): the name
    is written under its years and in every point's tooltip, lines do not join two segments,
    and a dashed vertical line marks each change. Series named in `putus` are drawn dashed
    with hollow points (an approximation); series named in `target` are dotted lines with
    hollow square points (a roadmap target, not a result)."""
    left, right, top = 36, 110, 12
    bottom = 44 if segmen else 28
    plot_w, plot_h = lebar - left - right, tinggi - top - bottom
    n = max(1, len(label_x) - 1)
    step = plot_w / n

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + plot_w * i / n, top + plot_h * (1 - float(v) / maksimum)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {lebar} {tinggi}" width="100%" '
        f'role="img" aria-label="{escape(judul)}" {FONT} font-size="11">'
    ]
    for grid in range(int(maksimum) + 1):
        _, y = xy(0, grid)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{_num(y)}" y2="{_num(y)}" stroke="#e3e6ea"/>'
            f'<text x="{left - 6}" y="{_num(y + 4)}" text-anchor="end" fill="{ABU}">{grid}</text>'
        )
    year_y = tinggi - 24 if segmen else tinggi - 8
    for i, label in enumerate(label_x):
        x, _ = xy(i, 0)
        parts.append(
            f'<text x="{_num(x)}" y="{year_y}" text-anchor="middle" fill="{ABU}">{escape(label)}</text>'
        )
    runs = _runs(segmen, len(label_x))
    if segmen:
        for first, last in runs:
            name = segmen[first]
            # Roughly 5.8 px per character at 10 px; the label stays inside the chart.
            room = max(step * (last - first + 1) - 8, 40)
            short = name if len(name) * 5.8 <= room else name[: max(3, int(room / 5.8) - 1)] + "…"
            half = len(short) * 2.9
            cx = (xy(first, 0)[0] + xy(last, 0)[0]) / 2
            cx = min(max(cx, half + 2), lebar - half - 2)
            parts.append(
                f'<text x="{_num(cx)}" y="{tinggi - 8}" text-anchor="middle" font-size="10" '
                f'fill="{ABU}">{escape(short)}<title>{escape(name)}</title></text>'
            )
        for (_, last), (first, _) in zip(runs, runs[1:], strict=False):
            x = (xy(last, 0)[0] + xy(first, 0)[0]) / 2
            parts.append(
                f'<line class="ganti-instrumen" x1="{_num(x)}" x2="{_num(x)}" y1="{top}" '
                f'y2="{_num(top + plot_h)}" stroke="#495057" stroke-width="1.5" stroke-dasharray="4 3">'
                f"<title>Instrumen berganti: {escape(segmen[last])} → {escape(segmen[first])}</title></line>"
            )
    for k, (name, values, color) in enumerate(seri):
        dashed, sasaran = name in putus, name in target
        style = (
            ' stroke-dasharray="2 3" class="garis-target"'
            if sasaran
            else ' stroke-dasharray="5 4"'
            if dashed
            else ""
        )
        for first, last in runs:
            points = [xy(i, values[i]) for i in range(first, last + 1) if values[i] is not None]
            if len(points) > 1:
                path = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{escape(color)}" stroke-width="2"{style}/>'
                )
        for i, v in enumerate(values):
            if v is None:
                continue
            x, y = xy(i, v)
            tip = f"{label_x[i]} · {name}: {_fmt(v)}" + (f" · {segmen[i]}" if segmen else "")
            fill = "#fff" if dashed else escape(color)
            if sasaran:
                parts.append(
                    f'<rect class="titik-target" x="{_num(x - 3)}" y="{_num(y - 3)}" width="6" '
                    f'height="6" fill="#fff" stroke="{escape(color)}" stroke-width="1.5">'
                    f"<title>{escape(tip)}</title></rect>"
                )
                continue
            parts.append(
                f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3" fill="{fill}" stroke="{escape(color)}">'
                f"<title>{escape(tip)}</title></circle>"
            )
        ly = top + 14 + k * 16
        parts.append(
            f'<rect x="{lebar - right + 10}" y="{ly - 9}" width="10" height="10" fill="{escape(color)}"/>'
            f'<text x="{lebar - right + 24}" y="{ly}">{escape(name[:16])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def radar(
    label: Sequence[str],
    seri: Sequence[tuple[str, Sequence[float | Decimal | None], str]],
    *,
    ukuran: int = 420,
    maksimum: float = 5.0,
    judul: str = "",
) -> str:
    """A radar (spider) chart: one axis per label, one polygon per series."""
    n = len(label)
    cx = cy = ukuran / 2
    radius = ukuran / 2 - 70

    def point(i: int, v: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        r = radius * float(v) / maksimum
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {ukuran} {ukuran + 24}" width="100%" '
        f'role="img" aria-label="{escape(judul)}" {FONT} font-size="11">'
    ]
    for step in range(1, int(maksimum) + 1):
        ring = " ".join(f"{_num(x)},{_num(y)}" for x, y in (point(i, step) for i in range(n)))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="#dde1e6"/>')
    for i, name in enumerate(label):
        x, y = point(i, maksimum)
        lx, ly = point(i, maksimum * 1.16)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        parts.append(
            f'<line x1="{_num(cx)}" y1="{_num(cy)}" x2="{_num(x)}" y2="{_num(y)}" stroke="#dde1e6"/>'
            f'<text x="{_num(lx)}" y="{_num(ly + 4)}" text-anchor="{anchor}">{escape(name)}</text>'
        )
    for k, (name, values, color) in enumerate(seri):
        pts = [point(i, v or 0) for i, v in enumerate(values)]
        poly = " ".join(f"{_num(x)},{_num(y)}" for x, y in pts)
        parts.append(
            f'<polygon points="{poly}" fill="{escape(color)}" fill-opacity="0.18" '
            f'stroke="{escape(color)}" stroke-width="2"/>'
        )
        lx = 10 + k * 150
        parts.append(
            f'<rect x="{lx}" y="{ukuran + 8}" width="10" height="10" fill="{escape(color)}"/>'
            f'<text x="{lx + 14}" y="{ukuran + 17}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
