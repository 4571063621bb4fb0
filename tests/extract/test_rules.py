"""sites.toml: the packaged rules load, and a malformed rule fails when loaded."""

from __future__ import annotations

import lxml.html
import pytest
from lxml.cssselect import CSSSelector

from bot.extract.rules import RuleError, load_rules, parse_rules
from bot.extract.selectors import SelectorSet

PORTALS = [
    ("https://news.detik.com/berita/d-1/x", "detikcom"),
    ("https://nasional.kompas.com/read/2023/10/17/1/x", "Kompas.com"),
    ("https://www.tribunnews.com/nasional/2023/10/17/x", "Tribunnews.com"),
    ("https://jatim.tribunnews.com/2023/10/17/x", "Tribunnews.com"),
    ("https://surabaya.tribunnews.com/2023/10/17/x", "Tribunnews.com"),
    ("https://www.tribunjatim.com/2023/10/17/x", "Tribunnews.com"),
    ("https://www.liputan6.com/news/read/1/x", "Liputan6.com"),
    ("https://www.cnnindonesia.com/nasional/1/x", "CNN Indonesia"),
    ("https://www.antaranews.com/berita/1/x", "ANTARA News"),
    ("https://jatim.antaranews.com/berita/1/x", "ANTARA News"),
    ("https://nasional.tempo.co/read/1/x", "Tempo.co"),
    ("https://kumparan.com/kumparannews/x", "kumparan"),
    ("https://news.okezone.com/read/2023/10/17/1/x", "Okezone"),
    ("https://www.suara.com/news/2023/10/17/x", "Suara.com"),
    ("https://news.republika.co.id/berita/x", "Republika"),
    ("https://www.merdeka.com/peristiwa/x.html", "Merdeka.com"),
    ("https://nasional.sindonews.com/read/1/x", "SINDOnews.com"),
    ("https://www.viva.co.id/berita/x", "VIVA.co.id"),
    ("https://www.jpnn.com/news/x", "JPNN.com"),
    ("https://www.idntimes.com/news/x", "IDN Times"),
    ("https://koran-jakarta.com/x", "Koran Jakarta"),
]


@pytest.mark.parametrize(("url", "name"), PORTALS)
def test_every_portal_of_the_issue_has_a_rule(url: str, name: str) -> None:
    rule = load_rules().rule_for(url)
    assert rule is not None and rule.name == name
    assert rule.body


@pytest.mark.parametrize("url", ["https://example.com/x", "https://notkompas.com/x", "", "nope"])
def test_other_hosts_have_no_rule(url: str) -> None:
    assert load_rules().rule_for(url) is None


VALID_SITE = '[[site]]\nname = "A"\ndomains = ["a.com"]\nbody = ["div.body"]\n'


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        (VALID_SITE + 'colour = "red"\n', "unknown keys"),
        ('[[site]]\nname = "A"\ndomains = ["a.com"]\n', "required"),
        ('[[site]]\nname = "A"\ndomains = []\nbody = ["div"]\n', "non-empty list"),
        ('[[site]]\nname = "A"\ndomains = ["a.com"]\nbody = ["div[["]\n', "bad CSS selector"),
        (VALID_SITE + 'drop = ["p:::x"]\n', "bad CSS selector"),
        (VALID_SITE + 'gallery = ["(unclosed"]\n', "bad pattern"),
        (VALID_SITE + "single_page = { page = 1 }\n", "table of strings"),
        (VALID_SITE + VALID_SITE.replace('"A"', '"B"'), "listed by A and B"),
        ("[defaults]\nhide = []\n", "unknown keys"),
        ("[[site]\n", "not valid TOML"),
    ],
)
def test_a_malformed_rule_fails_when_loaded(text: str, complaint: str) -> None:
    with pytest.raises(RuleError, match=complaint.replace("[", r"\[")):
        parse_rules(text)


def test_longest_domain_wins() -> None:
    book = parse_rules(
        VALID_SITE + '[[site]]\nname = "B"\ndomains = ["news.a.com"]\nbody = ["article"]\n'
    )
    assert book.rule_for("https://news.a.com/x").name == "B"
    assert book.rule_for("https://www.a.com/x").name == "A"


PAGE = """<html><body><div id="main" class="wrap">
<p class="baca-juga x">a</p><span class="baca-juga">b</span><div class="share box">c</div>
<figure><figcaption>d</figcaption></figure><p data-x="1">e</p><div id="comments">f</div>
</div></body></html>"""


@pytest.mark.parametrize(
    "selectors",
    [
        ["figure", "p.baca-juga", "#comments", ".share.box", "[data-x]"],
        [".baca-juga", "div#main", "figcaption"],
        ["span.baca-juga", "p.x.baca-juga", "div > figure", ".nothing"],
    ],
)
def test_selector_set_matches_what_lxml_css_matches(selectors: list[str]) -> None:
    root = lxml.html.fromstring(PAGE)
    expected = {el for css in selectors for el in CSSSelector(css)(root)}
    found = SelectorSet(selectors).select(root)
    assert set(found) == expected
    order = list(root.iter())
    assert found == sorted(found, key=order.index)
