"""The wheel's package list (pyproject.toml) covers every package of the repository."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _declared() -> set[str]:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    return set(setuptools["packages"])


def test_every_library_package_is_in_the_wheel():
    on_disk = {
        "sitrep." + ".".join(p.parent.relative_to(ROOT / "sitrep").parts)
        for p in (ROOT / "sitrep").glob("*/__init__.py")
    }
    assert on_disk <= _declared(), f"add to [tool.setuptools] packages: {sorted(on_disk - _declared())}"


def test_flows_and_sql_install_inside_the_package():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"sitrep.flows": "flows", "sitrep.sql": "sql"}
    assert {"sitrep.flows", "sitrep.sql", "sitrep.data"} <= _declared()
