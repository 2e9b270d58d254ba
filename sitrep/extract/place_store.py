"""The world gazetteer on disk: `sitrep/data/places/*.csv.gz` indexed once into SQLite.

Some 290,000 places and 800,000 spellings do not fit in every worker's memory as Python
objects (~175 MB and ~2 s of loading each), and an article needs a few dozen of them. The CSV
files are indexed once into a SQLite file in the user's cache (`SITREP_CACHE_DIR`, else
`$XDG_CACHE_HOME/sitrep`, else `~/.cache/sitrep`), keyed by the data's hash; every process then
opens it read-only, the operating system shares its pages between them, and each process
remembers only the names and places it met."""

from __future__ import annotations

import contextlib
import csv
import fcntl
import gzip
import hashlib
import io
import os
import sqlite3
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitrep.extract.gazetteer import skeleton
from sitrep.extract.lexicon import DATA_DIR
from sitrep.extract.text import fold, tokenize
from sitrep.paths import sql_dir

PLACES_DIR = DATA_DIR / "places"
SOURCES = ("places.csv.gz", "place_names.csv.gz")
SQL_DIR = sql_dir() / "gazetteer"
# Bump when the index's layout or its keys' folding change: older cache files are then rebuilt.
INDEX_VERSION = "2"
KIND_RANK = {"canonical": 0, "geonames": 0, "curated": 0, "short": 1, "alternate": 2}
_CHUNK = 400  # keys per query: well under SQLite's bound-parameter limit


@dataclass(frozen=True, slots=True)
class Place:
    row_id: int
    place_id: str
    name: str
    place_type: str  # country, admin1, admin2, city, facility, region
    country_code: str | None
    admin1_code: str | None
    admin1_name: str | None
    admin2_code: str | None
    admin2_name: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    population: int
    common_word: bool


_COLUMNS = (
    "row_id, place_id, name, place_type, country_code, admin1_code, admin1_name, admin2_code, "
    "admin2_name, latitude, longitude, geonames_id, population, common_word"
)


class PlaceStore:
    """Read-only lookups in the indexed gazetteer. Opened lazily per process (a SQLite
    connection must not cross a fork)."""

    def __init__(self, path: Path):
        self.path = path
        self._con: sqlite3.Connection | None = None
        self._pid = -1
        self._keys: dict[str, tuple[tuple[int, int], ...]] = {}
        self._places: dict[int, Place] = {}
        self._sounds: dict[tuple[str, str], tuple[int, ...]] = {}
        self._firsts: dict[str, int] = {}
        self._capitals: dict[str, Place | None] = {}  # at most one per country

    def _connection(self) -> sqlite3.Connection:
        if self._con is None or self._pid != os.getpid():
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._con

    def lookup(self, keys) -> dict[str, tuple[tuple[int, int], ...]]:
        """Folded name -> ((row_id, kind_rank), ...) for the keys the gazetteer has."""
        keys = list(dict.fromkeys(keys))
        missing = [k for k in keys if k not in self._keys]
        if missing:
            found: dict[str, list[tuple[int, int]]] = {}
            con = self._connection()
            for i in range(0, len(missing), _CHUNK):
                chunk = missing[i : i + _CHUNK]
                sql = f"SELECT name_key, row_id, kind_rank FROM names WHERE name_key IN ({','.join('?' * len(chunk))})"
                for key, row, rank in con.execute(sql, chunk):
                    found.setdefault(key, []).append((row, rank))
            if len(self._keys) > 200_000:
                self._keys.clear()  # a long run's vocabulary: start again rather than grow
            for k in missing:
                self._keys[k] = tuple(found.get(k, ()))
        return {k: self._keys[k] for k in keys if self._keys.get(k)}

    def place(self, row_id: int) -> Place:
        found = self._places.get(row_id)
        if found is None:
            self.prefetch((row_id,))
            found = self._places[row_id]
        return found

    def prefetch(self, row_ids) -> None:
        """Reads the places of these rows in one query (an article's candidates at once)."""
        missing = [r for r in dict.fromkeys(row_ids) if r not in self._places]
        if not missing:
            return
        if len(self._places) > 200_000:
            self._places.clear()
        con = self._connection()
        for i in range(0, len(missing), _CHUNK):
            chunk = missing[i : i + _CHUNK]
            for row in con.execute(
                f"SELECT {_COLUMNS} FROM places WHERE row_id IN ({','.join('?' * len(chunk))})", chunk
            ):
                self._places[row[0]] = _place(row)

    @lru_cache(maxsize=65_536)  # noqa: B019 - one store per process (place_store()): the cache lives as long
    def by_place_id(self, place_id: str) -> Place | None:
        row = self._connection().execute(f"SELECT {_COLUMNS} FROM places WHERE place_id = ?", (place_id,)).fetchone()
        return _place(row) if row else None

    @lru_cache(maxsize=4_096)  # noqa: B019 - one store per process (place_store()): the cache lives as long
    def country(self, country_code: str) -> Place | None:
        row = (
            self._connection()
            .execute(
                f"SELECT {_COLUMNS} FROM places WHERE country_code = ? AND place_type = 'country'", (country_code,)
            )
            .fetchone()
        )
        return _place(row) if row else None

    def capital(self, country_code: str) -> Place | None:
        """The country's capital: its biggest city at the country's own point (build_places.py
        stands each country at its capital)."""
        if country_code not in self._capitals:
            self._capitals[country_code] = self._capital(country_code)
        return self._capitals[country_code]

    def _capital(self, country_code: str) -> Place | None:
        home = self.country(country_code)
        if home is None or home.latitude is None:
            return None
        row = (
            self._connection()
            .execute(
                f"SELECT {_COLUMNS} FROM places WHERE country_code = ? AND place_type = 'city' "
                "AND latitude = ? AND longitude = ? ORDER BY population DESC LIMIT 1",
                (country_code, home.latitude, home.longitude),
            )
            .fetchone()
        )
        return _place(row) if row else None

    @lru_cache(maxsize=16_384)  # noqa: B019 - one store per process (place_store()): the cache lives as long
    def admin(self, country_code: str, place_type: str, code: str) -> Place | None:
        """The admin1 or admin2 unit with this GeoNames code."""
        column = "admin1_code" if place_type == "admin1" else "admin2_code"
        row = (
            self._connection()
            .execute(
                f"SELECT {_COLUMNS} FROM places WHERE country_code = ? AND place_type = ? AND {column} = ?",
                (country_code, place_type, code),
            )
            .fetchone()
        )
        return _place(row) if row else None

    def longest_from(self, first_keys) -> dict[str, int]:
        """First word -> the most words a spelling that opens with it has, for the words that
        open one."""
        keys = list(dict.fromkeys(first_keys))
        missing = [k for k in keys if k not in self._firsts]
        if missing:
            con = self._connection()
            found: dict[str, int] = {}
            for i in range(0, len(missing), _CHUNK):
                chunk = missing[i : i + _CHUNK]
                sql = (
                    f"SELECT first_key, max_tokens FROM first_tokens WHERE first_key IN ({','.join('?' * len(chunk))})"
                )
                found.update(con.execute(sql, chunk).fetchall())
            if len(self._firsts) > 200_000:
                self._firsts.clear()
            for k in missing:
                self._firsts[k] = found.get(k, 0)
        return {k: self._firsts[k] for k in keys if self._firsts.get(k)}

    def sounding_like(self, skeleton_keys, country_code: str) -> dict[str, tuple[int, ...]]:
        """Skeleton -> rows of the country whose name has it, for the keys that have some."""
        keys = list(dict.fromkeys(skeleton_keys))
        missing = [k for k in keys if (k, country_code) not in self._sounds]
        if missing:
            found: dict[str, list[int]] = {}
            con = self._connection()
            for i in range(0, len(missing), _CHUNK):
                chunk = missing[i : i + _CHUNK]
                sql = (
                    f"SELECT skeleton, row_id FROM skeletons WHERE country_code = ? "
                    f"AND skeleton IN ({','.join('?' * len(chunk))})"
                )
                for key, row in con.execute(sql, [country_code, *chunk]):
                    found.setdefault(key, []).append(row)
            if len(self._sounds) > 200_000:
                self._sounds.clear()
            for k in missing:
                self._sounds[(k, country_code)] = tuple(found.get(k, ()))
        return {k: self._sounds[(k, country_code)] for k in keys if self._sounds.get((k, country_code))}


def _place(row) -> Place:
    (row_id, place_id, name, place_type, cc, a1c, a1n, a2c, a2n, lat, lon, gid, pop, common) = row
    return Place(row_id, place_id, name, place_type, cc, a1c, a1n, a2c, a2n, lat, lon, gid, pop or 0, bool(common))


@lru_cache(maxsize=1)
def place_store() -> PlaceStore:
    return PlaceStore(ensure_index())


def cache_dir() -> Path:
    if os.environ.get("SITREP_CACHE_DIR"):
        return Path(os.environ["SITREP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sitrep"


def ensure_index() -> Path:
    """The index for the current data, built first if no process has built it yet."""
    target = cache_dir() / f"places-{_data_hash()}.sqlite"
    if target.exists():
        _mark_used(target)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / "places.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder; the others wait, then open it
        if not target.exists():
            tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            try:
                build_index(tmp)
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
            prune_stale_indexes(target)
    return target


# Each data version has its own index (~115 MB). Those of other versions (an upgrade, another
# checkout sharing the cache) are removed once nobody has used them for this long.
STALE_INDEX_DAYS = 30


def _mark_used(path: Path) -> None:
    with contextlib.suppress(OSError):  # a read-only cache still serves
        os.utime(path)


def prune_stale_indexes(keep: Path, now: float | None = None) -> list[Path]:
    """Removes the other versions' indexes unused for STALE_INDEX_DAYS; returns them."""
    cutoff = (time.time() if now is None else now) - STALE_INDEX_DAYS * 86_400
    removed = []
    for old in keep.parent.glob("places-*.sqlite"):
        try:
            if old != keep and old.stat().st_mtime < cutoff:
                old.unlink()
                removed.append(old)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def _data_hash() -> str:
    h = hashlib.sha256(INDEX_VERSION.encode())
    for name in SOURCES:
        h.update((PLACES_DIR / name).read_bytes())
    for sql in sorted(SQL_DIR.glob("places_index*.sql")):
        h.update(sql.read_bytes())
    return h.hexdigest()[:16]


def build_index(path: Path) -> None:
    con = sqlite3.connect(path)
    con.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
    con.executescript((SQL_DIR / "places_index.sql").read_text())
    row_of = _load_places(con)
    _load_names(con, row_of)
    con.executescript((SQL_DIR / "places_index_keys.sql").read_text())
    con.execute("INSERT INTO build_info VALUES ('version', ?)", (INDEX_VERSION,))
    con.commit()
    con.execute("VACUUM")
    con.close()


def _read(name: str):
    with gzip.open(PLACES_DIR / name, "rb") as f:
        yield from csv.DictReader(io.TextIOWrapper(f, encoding="utf-8", newline=""))


def _load_places(con: sqlite3.Connection) -> dict[str, tuple[int, str, str]]:
    row_of: dict[str, tuple[int, str, str]] = {}
    rows = []
    for n, r in enumerate(_read("places.csv.gz")):
        row_of[r["place_id"]] = (n, r["country_code"], r["place_type"])
        rows.append(
            (
                n,
                r["place_id"],
                r["name"],
                r["place_type"],
                r["country_code"] or None,
                r["admin1_code"] or None,
                r["admin1_name"] or None,
                r["admin2_code"] or None,
                r["admin2_name"] or None,
                _num(r["latitude"], float),
                _num(r["longitude"], float),
                _num(r["geonames_id"], int),
                _num(r["population"], int) or 0,
                1 if r.get("common_word") == "1" else 0,
            )
        )
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    return row_of


def _load_names(con: sqlite3.Connection, row_of: dict[str, tuple[int, str, str]]) -> None:
    best: dict[tuple[str, int], int] = {}
    skeletons: set[tuple[str, str, int]] = set()
    longest: dict[str, int] = {}
    for r in _read("place_names.csv.gz"):
        place = row_of.get(r["place_id"])
        tokens = [fold(t.text) or "|" for t in tokenize(r["name"])]
        key = " ".join(tokens)
        if place is None or not key.strip("| "):
            continue
        longest[tokens[0]] = max(longest.get(tokens[0], 0), len(tokens))
        row, cc, place_type = place
        rank = KIND_RANK.get(r["kind"], 2)
        if best.get((key, row), 9) > rank:
            best[(key, row)] = rank
        if place_type != "country" and cc:
            skel = skeleton(r["name"])
            if len(skel) >= 4:
                skeletons.add((skel, cc, row))
    con.executemany("INSERT INTO names VALUES (?,?,?)", ((k, row, rank) for (k, row), rank in best.items()))
    con.executemany("INSERT INTO skeletons VALUES (?,?,?)", sorted(skeletons))
    con.executemany("INSERT INTO first_tokens VALUES (?,?)", sorted(longest.items()))


def _num(value: str | None, kind):
    try:
        return kind(value) if value not in ("", None) else None
    except ValueError:
        return None


if __name__ == "__main__":  # python -m sitrep.extract.place_store: build the index now
    print(f"world gazetteer index: {ensure_index()}")
