"""The `suara` command line as other tools drive it: a subprocess, loopback servers only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.audio import probe

SEED_PAGE = Path(__file__).parent / "extract" / "fixtures" / "koran_jakarta_seed.html"
BOILERPLATE = ["Pengaturan Font", "Foto : Pemkot", "Nasional Mondial Ekonomi", "Editor", "Komentar"]


def suara(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_PROXY": "*", **env},
        timeout=120,
    )


@pytest.fixture
def cli_env(tmp_path, fake_gtts) -> dict[str, str]:
    return {
        "SUARA_ALLOW_PRIVATE_HOSTS": "1",
        "SUARA_CACHE_DIR": str(tmp_path / "cache"),
        "SUARA_GTTS_ENDPOINT": fake_gtts.url,
        "SUARA_DB": str(tmp_path / "suara.db"),
    }


def test_read_seed_page_with_gtts_writes_a_voice_note_of_the_body(
    page_server, fake_gtts, cli_env, tmp_path
) -> None:
    url = page_server.add_file("/berita/tangerang-benchmark", SEED_PAGE)
    out = tmp_path / "seed.ogg"
    result = suara("read", url, "--engine", "gtts", "--json", "-o", str(out), env=cli_env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {
        "title",
        "site",
        "url",
        "language",
        "summary",
        "text",
        "audio",
        "duration_s",
        "engine",
        "chunks",
    }
    assert data["engine"] == "gtts" and data["language"] == "id"
    assert "pengentasan kemiskinan ekstrem" in data["text"]
    # Paragraphs are kept apart by a blank line, as `suara extract` prints them; the title first.
    paragraphs = data["text"].split("\n\n")
    assert len(paragraphs) >= 5 and all(p.strip() == p and p for p in paragraphs)
    assert "\n" not in paragraphs[0] and "Tangerang" in paragraphs[0]
    assert len(paragraphs) <= data["chunks"]
    for noise in BOILERPLATE:
        assert noise not in data["text"], noise
    assert 2 <= len(data["summary"]) <= 4 and len(" ".join(data["summary"])) <= 650
    assert len(fake_gtts.requests) == data["chunks"]
    assert all(len(r.text) <= 100 for r in fake_gtts.requests)
    info = probe(out)
    assert info["codec_name"] == "opus" and info["channels"] == 1
    # espeak-backed fake speech runs about 12-16 characters a second.
    chars = len(data["text"])
    assert chars / 25 < info["duration_s"] < chars / 8
    assert abs(info["duration_s"] - data["duration_s"]) < 1


def test_second_read_comes_from_the_cache(page_server, fake_gtts, cli_env) -> None:
    url = page_server.add_file("/berita/a", SEED_PAGE)
    first = suara("read", url, "--engine", "gtts", "--json", env=cli_env)
    assert first.returncode == 0, first.stderr
    asked = len(fake_gtts.requests)
    second = suara("read", url, "--engine", "gtts", "--json", env=cli_env)
    assert second.returncode == 0, second.stderr
    assert len(fake_gtts.requests) == asked
    assert json.loads(second.stdout)["audio"] == json.loads(first.stdout)["audio"]


def test_read_text_from_stdin_with_espeak(cli_env, tmp_path) -> None:
    text = Path(__file__).parent / "fixtures" / "artikel.txt"
    out = tmp_path / "x.mp3"
    result = suara(
        "read",
        "-",
        "--engine",
        "espeak",
        "--format",
        "mp3",
        "-o",
        str(out),
        env=cli_env,
        stdin=text.read_text(),
    )
    assert result.returncode == 0, result.stderr
    assert "Audio:" in result.stdout
    assert probe(out)["codec_name"] == "mp3"


def test_extract_json_lines(page_server, cli_env) -> None:
    url = page_server.add_file("/a", SEED_PAGE)
    result = suara("extract", url, "/no/such/file.html", "--json", env=cli_env)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["source"] == url and "\n\n" in lines[0]["text"]
    assert lines[0]["title"] not in lines[0]["text"].split("\n\n")[0]
    assert lines[1]["source"] == "/no/such/file.html" and "error" in lines[1]


def test_summarize_and_normalize(cli_env) -> None:
    text = (Path(__file__).parent / "fixtures" / "artikel.txt").read_text()
    result = suara("summarize", "-", "--json", env=cli_env, stdin=text)
    assert result.returncode == 0, result.stderr
    assert 2 <= len(json.loads(result.stdout)["summary"]) <= 4
    lines = "satu\n\nRp5 miliar\n"
    result = suara("normalize", env=cli_env, stdin=lines)
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 3


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["read", "/no/such/page.html"], "", "no such file"),
        (["read", "-"], "terlalu pendek", "short"),
        (["read", "http://127.0.0.1:9/x"], "", "Blocked"),
        (["read", "ftp://example.com/x"], "", "InvalidLink"),
        (["serve"], "", "BotFather"),
    ],
)
def test_user_mistakes_give_one_line_and_no_traceback(args, stdin, message, tmp_path) -> None:
    env = {"SUARA_CACHE_DIR": str(tmp_path), "TELEGRAM_BOT_TOKEN": ""}
    result = suara(*args, env=env, stdin=stdin)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert message.lower() in result.stderr.lower()
    assert len(result.stderr.strip().splitlines()) == 1


def test_read_with_the_edge_voice_from_the_environment(cli_env, tmp_path) -> None:
    from tests.helpers.fake_edge_tts import FakeEdgeTts

    text = (Path(__file__).parent / "fixtures" / "artikel.txt").read_text()
    with FakeEdgeTts() as fake_edge:
        env = {**cli_env, "SUARA_TTS_ENGINE": "edge", "SUARA_EDGE_ENDPOINT": fake_edge.url}
        result = suara("read", "-", "--voice", "ardi", "--mode", "summary", "--json", env=env,
                       stdin=text)  # fmt: skip
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["engine"] == "edge-ardi" and data["chunks"] == len(fake_edge.requests)
        assert {r.voice for r in fake_edge.requests} == {"id-ID-ArdiNeural"}
        assert probe(data["audio"])["duration_s"] > 1
