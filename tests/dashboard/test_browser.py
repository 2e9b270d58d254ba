"""The dashboard in a real browser: headless Chromium shows every chart, logs no console error and
fetches nothing. A control page with a console error and a CDN stylesheet proves both checks see
what they look for."""

import pytest

from tests.dashboard.headless import CHROMIUM, visit

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium (Debian: apt-get install chromium)")

CHART_COLOURS = {  # drawn only by the charts (sitrep/dashboard/charts.py)
    "Explosions/Remote violence": (0xCC, 0x33, 0x11),
    "civilians": (0x88, 0x22, 0x55),
    "map land": (0xF3, 0xF1, 0xEC),
}


@pytest.fixture(scope="module")
def seen(dashboard, tmp_path_factory):
    path, _ = dashboard
    return visit(path, tmp_path_factory.mktemp("chromium"))


def test_the_checks_catch_a_console_error_and_a_fetch(tmp_path):
    control = tmp_path / "control.html"
    control.write_text(
        '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://cdn.example.com/x.css">'
        '</head><body><p>control</p><script>console.error("control-error")</script></body></html>'
    )
    v = visit(control, tmp_path, 400, 300)
    assert any("control-error" in line for line in v.console), v.console
    assert "https://cdn.example.com/x.css" in v.fetches


def test_the_dashboard_shows_its_charts_with_no_console_error(seen):
    assert seen.console == []
    assert seen.fetches == []
    for chart in ("event_map", "events_by_governorate", "killed_by_month", "killed_by_perpetrator"):
        assert f'data-chart="{chart}"' in seen.dom, chart
    assert seen.dom.count("<svg") == 4
    for panel in ("map", "governorates", "timeline", "perpetrators", "disagree", "latest"):
        assert f'data-panel="{panel}"' in seen.dom


def test_the_screenshot_has_the_charts_drawn(seen):
    from PIL import Image

    with Image.open(seen.screenshot) as im:
        assert im.size == (1280, 2400)
        counts = dict((colour, n) for n, colour in im.convert("RGB").getcolors(maxcolors=1 << 20))
    for what, rgb in CHART_COLOURS.items():
        near = sum(n for colour, n in counts.items() if all(abs(a - b) <= 6 for a, b in zip(colour, rgb, strict=False)))
        assert near > 400, f"{what}: {near} pixels"
