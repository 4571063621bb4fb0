"""The region catalogue: packaged data against the shared research table, lookups, overrides."""

from __future__ import annotations

import csv

import pytest

from bench import paths
from bot.briefing import regions as regions_module
from bot.briefing.regions import CatalogueError, load_catalogue, zone_name
from bot.config import Settings
from tests.briefing.conftest import write_regions_file


@pytest.fixture(scope="module")
def packaged():
    return load_catalogue()


def shared_rows() -> list[dict[str, str]]:
    lines = paths.read_text(paths.REGIONS_RESEARCH).splitlines()
    return [row for row in csv.DictReader(lines, delimiter="\t") if row["short_code"] != "ID"]


def test_38_provinces_with_unique_codes_and_iso(packaged) -> None:
    provinces = packaged.provinces
    assert len(provinces) == 38
    assert len({r.code for r in packaged}) == len(packaged)
    assert len({r.iso for r in provinces}) == 38
    for code in ("jabar", "dki", "banten", "sulsel", "diy", "papteng"):
        assert packaged.get(code).kind == "province"
    assert all(region.feeds for region in packaged)


def test_every_shared_feed_is_packaged_with_its_inferred_flag(packaged) -> None:
    by_iso = {r.iso: r for r in packaged.provinces}
    for row in shared_rows():
        region = by_iso[row["short_code"]]
        assert region.name == row["province"]
        assert region.time_zone == row["iana_tz"]
        feed = next((f for f in region.feeds if f.url == row["feed_url"]), None)
        assert feed is not None, (region.code, row["feed_url"])
        evidence = row["evidence"]
        assert feed.inferred == ("inferred" in evidence or evidence.startswith("partly")), row


def test_about_half_of_the_feed_urls_are_marked_inferred(packaged) -> None:
    urls = {f.url: f.inferred for r in packaged.provinces for f in r.feeds}
    share = sum(urls.values()) / len(urls)
    assert 0.2 < share < 0.6


@pytest.mark.parametrize(
    ("code", "zone"),
    [("dki", "WIB"), ("kalbar", "WIB"), ("bali", "WITA"), ("sulsel", "WITA"),
     ("kaltim", "WITA"), ("maluku", "WIT"), ("papua", "WIT"), ("aceh", "WIB")],
)  # fmt: skip
def test_zones(packaged, code, zone) -> None:
    assert packaged.get(code).zone_name == zone


@pytest.mark.parametrize(
    ("query", "code"),
    [("jabar", "jabar"), ("Jawa Barat", "jabar"), ("ID-JB", "jabar"), ("JB", "jabar"),
     ("jakarta", "dki"), ("DKI Jakarta", "dki"), ("Jogja", "diy"), ("yogyakarta", "diy"),
     ("Provinsi Banten", "banten"), ("papua barat daya", "pbd"), ("makassar", "makassar"),
     ("Sulsel", "sulsel"), ("BANTEN", "banten")],
)  # fmt: skip
def test_find_by_code_iso_and_names(packaged, query, code) -> None:
    assert packaged.find(query).code == code


def test_unknown_region_and_suggestion(packaged) -> None:
    assert packaged.find("atlantis") is None
    assert packaged.suggest("jabarr").code == "jabar"
    assert packaged.suggest("zzzzzz") is None


def test_cities_are_regions_of_their_own_filtered_by_name(packaged) -> None:
    cities = [r for r in packaged if r.kind == "city"]
    assert {c.code for c in cities} >= {"medan", "makassar"}
    for city in cities:
        assert packaged.get(city.parent).kind == "province"
        assert city.zone_name == packaged.get(city.parent).zone_name
    medan = packaged.get("medan")
    assert all(feed.filtered for feed in medan.feeds) and "Medan" in medan.keywords


def test_shared_parent_feeds_are_filtered_by_place_names(packaged) -> None:
    papteng = packaged.get("papteng")
    assert all(feed.filtered for feed in papteng.feeds)
    assert "Nabire" in papteng.keywords
    assert not any(feed.filtered for feed in packaged.get("papua").feeds)


def test_grouped_by_island_west_to_east(packaged) -> None:
    islands = [island for island, _ in packaged.by_island()]
    assert islands[0] == "Sumatera" and islands[-1] == "Papua"
    assert sum(len(members) for _, members in packaged.by_island()) == len(packaged)


def test_override_file_adds_replaces_and_removes(tmp_path, monkeypatch) -> None:
    banten = load_catalogue().get("banten")
    removed = banten.feeds[0].url
    file = write_regions_file(tmp_path / "extra.tsv", [
        {"code": "banten", "feed_url": removed, "status": "off"},
        {"code": "banten", "outlet": "Kabar Banten", "feed_url": "https://kabar.example/rss",
         "status": "inferred"},
        {"code": "bogor", "iso": "ID-JB", "name": "Kota Bogor", "common_names": "Bogor",
         "kind": "city", "parent": "jabar", "island": "Jawa", "time_zone": "Asia/Jakarta",
         "keywords": "Bogor", "outlet": "Radar Bogor", "feed_url": "https://bogor.example/feed",
         "status": "seen", "filter": "0"},
        {"code": "maluku", "time_zone": "Asia/Makassar"},
    ])  # fmt: skip
    settings = Settings.from_env({"SUARA_REGIONS_FILE": str(file)})
    regions_module._cached.cache_clear()
    try:
        regions = regions_module.catalogue(settings.regions_file)
    finally:
        regions_module._cached.cache_clear()
    urls = [f.url for f in regions.get("banten").feeds]
    assert removed not in urls and "https://kabar.example/rss" in urls
    assert next(f for f in regions.get("banten").feeds if "kabar" in f.url).inferred
    assert regions.find("bogor").code == "bogor"
    assert regions.get("maluku").zone_name == "WITA"
    assert len(regions.provinces) == 38


@pytest.mark.parametrize(
    ("row", "message"),
    [({"code": "Bad Code", "name": "x", "island": "Jawa", "time_zone": "Asia/Jakarta"}, "bad code"),
     ({"code": "newx", "name": "X"}, "needed"),
     ({"code": "banten", "time_zone": "Mars/Olympus"}, "time zone"),
     ({"code": "banten", "feed_url": "ftp://x", "status": "seen"}, "http"),
     ({"code": "banten", "feed_url": "https://x.example/", "status": "maybe"}, "status")],
)  # fmt: skip
def test_bad_override_rows_fail_when_loaded(tmp_path, row, message) -> None:
    file = write_regions_file(tmp_path / "bad.tsv", [row])
    with pytest.raises(CatalogueError, match=message):
        load_catalogue(file)


def test_missing_override_file_is_an_error(tmp_path) -> None:
    with pytest.raises(CatalogueError, match="no such file"):
        load_catalogue(tmp_path / "absent.tsv")


def test_zone_names() -> None:
    assert zone_name("Asia/Pontianak") == "WIB"
    assert zone_name("Asia/Jayapura") == "WIT"
    assert zone_name("Europe/Paris") == "Europe/Paris"
