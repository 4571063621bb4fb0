"""The region catalogue: 38 provinces and a few cities with their zone, names and news feeds.

The packaged `regions.tsv` (one row per feed) is built from the shared research table. An operator
can extend or correct it with a file of the same columns named by `SUARA_REGIONS_FILE`:
a row for a new code adds a region; a row for a known code adds a feed, replaces the feed with the
same URL, or (status `off`) removes it; non-empty region columns replace the packaged values.
"""

from __future__ import annotations

import csv
import difflib
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

logger = logging.getLogger(__name__)

PACKAGED = Path(__file__).with_name("regions.tsv")
REGIONS_FILE_ENV = "SUARA_REGIONS_FILE"
COLUMNS = (
    "code", "iso", "name", "common_names", "kind", "parent", "island", "time_zone", "keywords",
    "outlet", "feed_url", "status", "filter",
)  # fmt: skip
REGION_COLUMNS = COLUMNS[:9]
STATUSES = ("seen", "inferred", "off")
ISLANDS = (
    "Sumatera", "Jawa", "Bali dan Nusa Tenggara", "Kalimantan", "Sulawesi", "Maluku", "Papua",
)  # fmt: skip
"""Island groups in the order they are listed to users (west to east)."""
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
ZONE_BY_NAME = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
_CODE = re.compile(r"^[a-z][a-z0-9]{1,15}$")


class CatalogueError(ValueError):
    """The region table is malformed (raised when it is loaded, so the bot fails at startup)."""


@dataclass(frozen=True, slots=True)
class Feed:
    """One RSS/Atom feed of a region."""

    url: str
    outlet: str
    """The outlet's name as spoken and shown ("Antara Banten", "detikJabar")."""
    inferred: bool
    """The URL was guessed from a sibling pattern, not seen in use: `suara feeds check` it."""
    filtered: bool = False
    """The feed covers more than this region: keep only items naming one of its keywords."""


@dataclass(frozen=True, slots=True)
class Region:
    """A province (or a city with feeds of its own)."""

    code: str
    """Short code users type: "jabar", "dki", "banten", "makassar"."""
    iso: str
    """ISO 3166-2 code of the province ("ID-JB"); a city carries its province's code."""
    name: str
    common_names: tuple[str, ...]
    kind: str
    """"province" or "city"."""
    parent: str
    """For a city, the code of its province; "" for a province."""
    island: str
    time_zone: str
    keywords: tuple[str, ...]
    feeds: tuple[Feed, ...]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def zone_name(self) -> str:
        """WIB, WITA or WIT."""
        return zone_name(self.time_zone)


def zone_name(time_zone: str) -> str:
    """The Indonesian name of an IANA zone (WIB/WITA/WIT), or the IANA name itself."""
    return ZONE_NAMES.get(time_zone, time_zone)


def _key(text: str) -> str:
    """Lookup key: lower case, letters and digits only ("DKI Jakarta" → "dkijakarta")."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


class Catalogue:
    """The regions, looked up by code, ISO code, official or common name."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self.regions: tuple[Region, ...] = tuple(regions)
        self._by_key: dict[str, Region] = {}
        for region in self.regions:  # codes first, so a code always wins over a name
            self._by_key[_key(region.code)] = region
        for region in self.regions:
            names = (region.iso, region.iso.removeprefix("ID-"), region.name, *region.common_names)
            for name in names:
                if region.kind == "city" and name in (region.iso, region.iso.removeprefix("ID-")):
                    continue
                self._by_key.setdefault(_key(name), region)

    def __iter__(self) -> Iterator[Region]:
        return iter(self.regions)

    def __len__(self) -> int:
        return len(self.regions)

    def get(self, code: str) -> Region:
        """The region with this exact code (KeyError when unknown)."""
        for region in self.regions:
            if region.code == code:
                return region
        raise KeyError(code)

    def find(self, query: str) -> Region | None:
        """The region a user means: code, ISO code, official or common name, any case."""
        key = _key(query)
        if not key:
            return None
        return self._by_key.get(key) or self._by_key.get(key.removeprefix("provinsi"))

    def suggest(self, query: str) -> Region | None:
        """The closest region to a mistyped name, if one is close enough."""
        key = _key(query)
        match = difflib.get_close_matches(key, list(self._by_key), n=1, cutoff=0.75)
        return self._by_key[match[0]] if match else None

    def by_island(self) -> list[tuple[str, list[Region]]]:
        """Regions grouped by island group, west to east; provinces before cities."""
        groups: dict[str, list[Region]] = {}
        for region in self.regions:
            groups.setdefault(region.island, []).append(region)
        order = {name: i for i, name in enumerate(ISLANDS)}
        return [
            (island, sorted(members, key=lambda r: r.kind != "province"))
            for island, members in sorted(groups.items(), key=lambda g: order.get(g[0], 99))
        ]

    @property
    def provinces(self) -> list[Region]:
        return [r for r in self.regions if r.kind == "province"]


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = set(COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise CatalogueError(f"{path}: missing columns {', '.join(sorted(missing))}")
    rows = []
    for number, row in enumerate(reader, start=2):
        clean = {k: (v or "").strip() for k, v in row.items() if k in COLUMNS}
        clean["_where"] = f"{path.name}:{number}"
        rows.append(clean)
    return rows


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _check_row(row: dict[str, str]) -> None:
    where = row["_where"]
    if not _CODE.match(row["code"]):
        raise CatalogueError(f"{where}: bad code {row['code']!r} (lower-case letters and digits)")
    if row["status"] and row["status"] not in STATUSES:
        raise CatalogueError(f"{where}: status must be one of {', '.join(STATUSES)}")
    if row["feed_url"] and not row["feed_url"].startswith(("http://", "https://")):
        raise CatalogueError(f"{where}: feed_url must be an http(s) URL")
    if row["filter"] not in ("", "0", "1"):
        raise CatalogueError(f"{where}: filter must be 0 or 1")
    if row["time_zone"]:
        try:
            ZoneInfo(row["time_zone"])
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise CatalogueError(f"{where}: unknown time zone {row['time_zone']!r}") from exc
    if row["kind"] and row["kind"] not in ("province", "city"):
        raise CatalogueError(f"{where}: kind must be province or city")


def _merge(rows: list[dict[str, str]], base: dict[str, Region] | None = None) -> dict[str, Region]:
    """Apply rows to `base` (a copy): add regions and feeds, replace values, remove feeds."""
    regions = dict(base or {})
    region_values: dict[str, dict[str, str]] = {}
    for row in rows:
        _check_row(row)
        values = region_values.setdefault(row["code"], {})
        for column in REGION_COLUMNS[1:]:
            if not row[column]:
                continue
            if values.get(column, row[column]) != row[column]:
                raise CatalogueError(
                    f"{row['_where']}: {column} of {row['code']} differs from an earlier row"
                )
            values[column] = row[column]
    for code, values in region_values.items():
        known = regions.get(code)
        if known is None:
            absent = [c for c in ("name", "island", "time_zone") if not values.get(c)]
            if absent:
                raise CatalogueError(f"new region {code}: {', '.join(absent)} needed")
            known = Region(code, "", "", (), "province", "", "", "", (), ())
        regions[code] = replace(
            known,
            iso=values.get("iso", known.iso),
            name=values.get("name", known.name),
            common_names=_split(values["common_names"])
            if "common_names" in values
            else known.common_names,
            kind=values.get("kind", known.kind),
            parent=values.get("parent", known.parent),
            island=values.get("island", known.island),
            time_zone=values.get("time_zone", known.time_zone),
            keywords=_split(values["keywords"]) if "keywords" in values else known.keywords,
        )
    for row in rows:
        if not row["feed_url"]:
            continue
        region = regions[row["code"]]
        others = tuple(f for f in region.feeds if f.url != row["feed_url"])
        if row["status"] != "off":
            feed = Feed(
                url=row["feed_url"],
                outlet=row["outlet"] or region.name,
                inferred=row["status"] == "inferred",
                filtered=row["filter"] == "1",
            )
            others = (*others, feed)
        regions[row["code"]] = replace(region, feeds=others)
    for region in regions.values():
        if region.parent and region.parent not in regions:
            raise CatalogueError(f"{region.code}: parent {region.parent!r} is not a region")
        if any(f.filtered for f in region.feeds) and not region.keywords:
            raise CatalogueError(f"{region.code}: filtered feeds need keywords")
    return regions


def load_catalogue(extra_file: str | os.PathLike[str] | None = None) -> Catalogue:
    """The packaged catalogue, extended by `extra_file` (rows as in the packaged table)."""
    regions = _merge(_rows(PACKAGED))
    if extra_file:
        path = Path(extra_file)
        if not path.is_file():
            raise CatalogueError(f"{REGIONS_FILE_ENV}: no such file {path}")
        regions = _merge(_rows(path), regions)
        logger.info("regions extended from %s", path)
    return Catalogue(regions.values())


@lru_cache(maxsize=4)
def _cached(extra_file: str) -> Catalogue:
    return load_catalogue(extra_file or None)


def catalogue(extra_file: str = "") -> Catalogue:
    """The catalogue in force: packaged data plus `extra_file` (`Settings.regions_file`, from
    `SUARA_REGIONS_FILE`); loaded once per file."""
    return _cached(extra_file.strip())


__all__ = [
    "ISLANDS",
    "Catalogue",
    "CatalogueError",
    "Feed",
    "Region",
    "catalogue",
    "load_catalogue",
    "zone_name",
]
