"""The `suara` command line: read, extract, summarize, normalize, serve.

A stable contract: other tools drive it. User mistakes end with a non-zero exit and one line on
stderr, never a traceback.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import re
import sys
from pathlib import Path

import click

from bot import pipeline
from bot.briefing.cli import briefing_group, feeds_group, podcast_group, regions_command
from bot.config import EDGE_VOICES, ENGINES, FORMATS, Settings
from bot.errors import SuaraError
from bot.models import Article
from bot.ops.cli import db_group, doctor_command, serve_command, worker_command
from bot.reading import plan as plan_reading
from bot.text.chunks import spoken_text

logger = logging.getLogger(__name__)


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


def _is_url(source: str) -> bool:
    """Anything with a scheme is a link (the guard refuses what is not http or https)."""
    return re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source) is not None


def _read_html_file(path: str) -> str:
    file = Path(path)
    if not file.is_file():
        raise click.ClickException(f"no such file: {path}")
    data = file.read_bytes()
    if path.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise click.ClickException(f"{path} is not a valid gzip file") from exc
    from bot.fetch.http import decode_html

    return decode_html(data)


async def _load(source: str, settings: Settings, url: str = "") -> Article:
    """An Article from a URL, a local .html/.html.gz file, or `-` (plain text on stdin)."""
    if source == "-":
        return pipeline.article_from_text(sys.stdin.read())
    if _is_url(source):
        return await pipeline.load_article(source, settings)
    return pipeline.article_from_html(_read_html_file(source), url)


def _fail(exc: SuaraError) -> click.ClickException:
    return click.ClickException(f"{type(exc).__name__}: {exc.detail or exc.key}")


def main(argv: list[str] | None = None) -> None:
    """Entry point of `suara`: anything unexpected still ends in one line, not a traceback."""
    try:
        cli.main(args=argv, prog_name="suara")
    except Exception as exc:
        logger.debug("unexpected error", exc_info=True)
        click.echo(f"Error: unexpected {type(exc).__name__}: {exc}", err=True)
        sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def cli(verbose: bool) -> None:
    """Suara Berita: Indonesian news read aloud."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)


@cli.command()
@click.argument("source")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Where to write the audio.")
@click.option("--engine", type=click.Choice(ENGINES), default=None, help="Speech engine.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="ogg", show_default=True)
@click.option("--mode", type=click.Choice(["full", "summary"]), default="full", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--voice", type=click.Choice(EDGE_VOICES), default=None, help="Voice of --engine edge."
)
def read(
    source: str,
    output: str | None,
    engine: str | None,
    fmt: str,
    mode: str,
    as_json: bool,
    voice: str | None,
) -> None:
    """Read SOURCE aloud: an http(s) URL, a local .html/.html.gz file, or - for text on stdin.

    Example: suara read https://example.com/berita -o berita.ogg
    """
    settings = _settings()

    async def run() -> None:
        # The same reading as the bot's and the workers': word cut and summary (one file here).
        planned = await plan_reading(await _load(source, settings), settings.part_minutes, "")
        article = planned.article
        narration = await pipeline.narrate(
            article,
            settings,
            engine=engine,
            fmt=fmt,
            mode=mode,
            output=Path(output) if output else None,
            summary=planned.summary,
            voice=voice,
        )
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "title": article.title,
                        "site": article.site,
                        "url": article.url,
                        "language": narration.plan.language,
                        "summary": list(narration.plan.summary),
                        "text": spoken_text(narration.plan.chunks),
                        "audio": narration.audio.path,
                        "duration_s": narration.audio.duration_s,
                        "engine": narration.engine,
                        "chunks": len(narration.plan.chunks),
                    },
                    ensure_ascii=False,
                )
            )
            return
        if article.title:
            click.echo(article.title)
        click.echo("")
        for sentence in narration.plan.summary:
            click.echo(sentence)
        click.echo("")
        click.echo(
            f"Audio: {narration.audio.path} ({narration.audio.duration_s:.0f} s, "
            f"{narration.engine}{', from cache' if narration.from_cache else ''})"
        )

    try:
        asyncio.run(run())
    except SuaraError as exc:
        raise _fail(exc) from exc


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--url", default="", help="The page's URL, for local files (site rules, links).")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per source.")
def extract(sources: tuple[str, ...], url: str, as_json: bool) -> None:
    """Print the narration body of each SOURCE (URL or local .html/.html.gz file).

    Example: suara extract halaman.html --url https://www.kompas.com/... --json
    """
    settings = _settings()
    failures = 0

    async def one(source: str) -> dict[str, str]:
        article = await _load(source, settings, url)
        return {
            "source": source,
            "title": article.title,
            "text": article.text,
            "site": article.site,
            "url": article.url or url,
            "language": article.language,
        }

    for source in sources:
        try:
            record = asyncio.run(one(source))
        except (SuaraError, click.ClickException) as exc:
            failures += 1
            message = _fail(exc).message if isinstance(exc, SuaraError) else exc.message
            record = {"source": source, "error": message}
        if as_json:
            click.echo(json.dumps(record, ensure_ascii=False))
        elif "error" in record:
            click.echo(f"{source}: {record['error']}", err=True)
        else:
            click.echo(f"{record['title']}\n\n{record['text']}\n")
    if failures == len(sources):
        sys.exit(1)


@cli.command()
def normalize() -> None:
    """Read lines on stdin; write each line as it should be spoken (same count and order).

    Example: echo "Rp5 miliar pada Selasa (17/10)" | suara normalize
    """
    from bot.text.normalize import normalize_text

    for line in sys.stdin:
        click.echo(normalize_text(line.rstrip("\n")))


@cli.command()
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help='Print {"summary": [...]}.')
def summarize(source: str, as_json: bool) -> None:
    """Summarize SOURCE (URL, .html file, or - for text with blank lines between paragraphs).

    Example: suara summarize - < artikel.txt
    """
    settings = _settings()
    from bot.text.summarize import summarize as summarize_paragraphs

    try:
        article = asyncio.run(_load(source, settings))
    except SuaraError as exc:
        raise _fail(exc) from exc
    summary = summarize_paragraphs(
        list(article.paragraphs), title=article.title, language=pipeline.speech_language(article)
    )
    if as_json:
        click.echo(json.dumps({"summary": list(summary)}, ensure_ascii=False))
    else:
        for sentence in summary:
            click.echo(sentence)


cli.add_command(serve_command)
cli.add_command(worker_command)
cli.add_command(doctor_command)
cli.add_command(db_group)
cli.add_command(regions_command)
cli.add_command(feeds_group)
cli.add_command(briefing_group)
cli.add_command(podcast_group)


if __name__ == "__main__":
    main()
