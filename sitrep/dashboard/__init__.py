"""The offline HTML dashboard: `render_dashboard(warehouse, out_path)` writes one self-contained
page (charts as inline SVG from matplotlib, no script, nothing fetched) from a sitrep warehouse."""

from sitrep.dashboard.render import render_dashboard

__all__ = ["render_dashboard"]
