"""Load and check `sites.toml` into SiteRule objects; a bad rule fails at startup, not on a link."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from lxml.cssselect import CSSSelector, SelectorError

from bot.extract.selectors import SelectorSet

SITES_FILE = "sites.toml"

_SITE_KEYS = frozenset({"name", "domains", "body", "drop", "single_page", "next", "gallery"})
_DEFAULT_KEYS = frozenset({"drop", "gallery"})


NO_SELECTORS = SelectorSet(())


class RuleError(ValueError):
    """sites.toml is malformed: unknown key, empty list, bad selector or bad pattern."""


@dataclass(frozen=True, slots=True)
class SiteRule:
    """How to read one portal (see sites.toml for the meaning of each field)."""

    name: str
    domains: tuple[str, ...]
    body: tuple[CSSSelector, ...]
    drop: SelectorSet = NO_SELECTORS
    single_page: tuple[tuple[str, str], ...] = ()
    """Query parameters that ask the portal for the whole article on one page."""
    next_page: tuple[CSSSelector, ...] = ()
    gallery: tuple[re.Pattern[str], ...] = ()

    def matches(self, host: str) -> bool:
        """True when `host` is one of the domains or a subdomain of one."""
        return any(host == domain or host.endswith("." + domain) for domain in self.domains)


@dataclass(frozen=True, slots=True)
class RuleBook:
    """Every site rule plus the defaults applied to all pages."""

    sites: tuple[SiteRule, ...]
    drop: SelectorSet
    gallery: tuple[re.Pattern[str], ...]

    def rule_for(self, url: str) -> SiteRule | None:
        """The rule whose domain is the longest suffix of the URL's host, or None."""
        host = host_of(url)
        if not host:
            return None
        best: tuple[int, SiteRule] | None = None
        for rule in self.sites:
            for domain in rule.domains:
                if (host == domain or host.endswith("." + domain)) and (
                    best is None or len(domain) > best[0]
                ):
                    best = (len(domain), rule)
        return best[1] if best else None


def host_of(url: str) -> str:
    """Lower-case host of `url` without a leading "www." ("" when there is none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _selectors(value: Any, where: str) -> tuple[CSSSelector, ...]:
    strings = _strings(value, where)
    compiled = []
    for css in strings:
        try:
            compiled.append(CSSSelector(css))
        except SelectorError as exc:
            raise RuleError(f"{where}: bad CSS selector {css!r}: {exc}") from exc
    return tuple(compiled)


def _selector_set(value: Any, where: str) -> SelectorSet:
    strings = _strings(value, where)
    try:
        return SelectorSet(strings)
    except SelectorError as exc:
        raise RuleError(f"{where}: bad CSS selector: {exc}") from exc


def _patterns(value: Any, where: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for text in _strings(value, where):
        try:
            compiled.append(re.compile(text, re.IGNORECASE))
        except re.error as exc:
            raise RuleError(f"{where}: bad pattern {text!r}: {exc}") from exc
    return tuple(compiled)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise RuleError(f"{where}: expected a non-empty list of strings")
    if not all(isinstance(item, str) and item.strip() for item in value):
        raise RuleError(f"{where}: every entry must be a non-empty string")
    return tuple(item.strip() for item in value)


def _site(table: dict[str, Any], index: int) -> SiteRule:
    where = f"site #{index + 1} ({table.get('name', '?')})"
    unknown = set(table) - _SITE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RuleError(f"{where}: 'name' is required")
    if "domains" not in table or "body" not in table:
        raise RuleError(f"{where}: 'domains' and 'body' are required")
    domains = tuple(
        domain.lower().removeprefix("www.") for domain in _strings(table["domains"], where)
    )
    single_page = table.get("single_page", {})
    if not isinstance(single_page, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in single_page.items()
    ):
        raise RuleError(f"{where}: 'single_page' must be a table of strings")
    return SiteRule(
        name=name.strip(),
        domains=domains,
        body=_selectors(table["body"], f"{where}.body"),
        drop=_selector_set(table["drop"], f"{where}.drop") if "drop" in table else NO_SELECTORS,
        single_page=tuple(single_page.items()),
        next_page=_selectors(table["next"], f"{where}.next") if "next" in table else (),
        gallery=_patterns(table["gallery"], f"{where}.gallery") if "gallery" in table else (),
    )


def parse_rules(text: str) -> RuleBook:
    """Build a RuleBook from TOML text, refusing anything malformed."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"sites.toml is not valid TOML: {exc}") from exc
    unknown = set(data) - {"defaults", "site"}
    if unknown:
        raise RuleError(f"unknown top-level keys {sorted(unknown)}")
    defaults = data.get("defaults", {})
    if set(defaults) - _DEFAULT_KEYS:
        raise RuleError(f"[defaults]: unknown keys {sorted(set(defaults) - _DEFAULT_KEYS)}")
    sites = tuple(_site(table, index) for index, table in enumerate(data.get("site", [])))
    seen: dict[str, str] = {}
    for rule in sites:
        for domain in rule.domains:
            if domain in seen:
                raise RuleError(f"domain {domain!r} is listed by {seen[domain]} and {rule.name}")
            seen[domain] = rule.name
    default_drop = defaults.get("drop")
    return RuleBook(
        sites=sites,
        drop=_selector_set(default_drop, "defaults.drop") if default_drop else NO_SELECTORS,
        gallery=_patterns(defaults["gallery"], "defaults.gallery") if "gallery" in defaults else (),
    )


@cache
def load_rules() -> RuleBook:
    """The packaged site rules (parsed once)."""
    text = resources.files("bot.extract").joinpath(SITES_FILE).read_text(encoding="utf-8")
    return parse_rules(text)
