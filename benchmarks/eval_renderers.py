#!/usr/bin/env python3
"""How parse_text does on scrapers the corpus has no renderings from.

    python benchmarks/eval_renderers.py             # every renderer that is installed
    python benchmarks/eval_renderers.py --show 5    # plus five wrong texts per renderer
    # before and after a change to the detector: render once, then compare every embed
    python benchmarks/eval_renderers.py --renderings /tmp/r.json.gz --embeds /tmp/before.jsonl
    python benchmarks/eval_renderers.py --renderings /tmp/r.json.gz --compare /tmp/before.jsonl

The corpus ships BeautifulSoup ``get_text("\\n")``, trafilatura and html2text renderings of its
pages (``../shared/corpus/evaluate.py`` scores those). Pipelines flatten pages in other ways too,
so this script renders every corpus page itself, in memory, with:

* ``get_text("\\n")`` as is: BeautifulSoup, a line per text node, the markup's whitespace kept
  (the corpus rendering strips lines and drops blank ones);
* ``get_text(" ")``: BeautifulSoup, everything on one line (``" ".join(soup.stripped_strings)``);
* ``get_text("")``: BeautifulSoup with no separator: blocks glued, newlines only where the
  page's source had them;
* ``text_content``: lxml's ``text_content()`` of the page (script text included);
* ``regex strip``: scripts and styles cut out, then every tag removed with a regular
  expression, HTML entities left as they are (``&mdash;``, ``&#8217;``): what a quick
  pipeline without an HTML parser produces;
* ``inscriptis``: a layout-keeping renderer (indentation, blank lines);
* ``html2text`` with its defaults: Markdown whose lines wrap at 78 columns, also inside the
  attribution's ``[date](url)`` link (the corpus rendering does not wrap);
* ``markdownify``: Markdown, with ``<https://…>`` autolinks;
* ``trafilatura``: its Markdown output (links in brackets, no quote markers) and its text
  output with ``favor_recall`` (embeds as list items);
* ``html-text`` (Zyte's layout-guessing text extraction), ``resiliparse``'s
  ``extract_plain_text`` and selectolax's ``text(separator="\\n")`` (lexbor);
* ``boilerpy3``'s ``ArticleExtractor`` (boilerpipe's article text, a line per block);
* the text browsers ``lynx -dump`` (every link's text numbered, ``[154]pic.twitter.com/…``,
  the addresses listed at the end) and ``w3m -dump`` (lines wrapped at 80 columns, also inside
  links), and pandoc's plain text and GitHub Markdown (which keeps as HTML the links and
  ``<div>``s Markdown cannot say), when installed;
* a browser's ``document.body.innerText`` (headless Chromium through playwright, scripts off
  and the network refused): what browser-based scrapers read,
* the article extractors of Python news pipelines: newspaper4k's ``Article.text`` (images not
  fetched), goose3's ``cleaned_text``, readability-lxml's ``summary()`` as text, and jusText's
  paragraphs (English stoplist) without its boilerplate and with it,
* Mozilla's Readability in Node.js (``$READABILITY_JS``: a directory where ``npm install
  @mozilla/readability jsdom`` was run): the article's ``textContent``, and in a third table
  ``parse_html`` on the article HTML it keeps, whose classes are all removed,

those after ``text_content`` when installed (``pip install inscriptis html2text markdownify
trafilatura html-text resiliparse selectolax boilerpy3 playwright newspaper4k goose3
readability-lxml justext``; the browser is
``$CHROMIUM``, ``/usr/bin/chromium`` or playwright's own).

A second table flattens the embed code of every platform (the spec's fixtures in
``../shared/fixtures/embeds``) with each renderer and counts the embeds ``parse_text`` finds
again by platform and handle.

An embed counts as expected in a rendering when its ``(@handle)`` survives in it: the table's
``kept`` (267 in a rendering of the whole page; an extractor that drops embeds keeps few).
Detections are matched to expected embeds by status id or by handle and date, like the
corpus scorer; ``text`` is compared with whitespace collapsed. Nothing is written to disk but
what ``--renderings`` and ``--embeds`` ask for.
"""

from __future__ import annotations

import argparse
import atexit
import gzip
import importlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def shared_corpus() -> Path:
    env = os.environ.get("EMBEDARCHIVE_SHARED")
    corpus = (Path(env) if env else ROOT.parent / "shared") / "corpus"
    if not (corpus / "truth.jsonl").is_file():
        sys.exit(f"corpus not found at {corpus} (set EMBEDARCHIVE_SHARED)")
    return corpus


_SCRIPT_OR_STYLE = re.compile(r"(?is)<(script|style)\b.{0,2000000}?</\1\s*>")
_TAG = re.compile(r"<[^<>]{0,100000}>")


def regex_strip(page: str) -> str:
    """Markup removed with regular expressions, entities kept."""
    return _TAG.sub("", _SCRIPT_OR_STYLE.sub("", page))


def renderers() -> dict[str, Callable[[str], str]]:
    from bs4 import BeautifulSoup
    from lxml import html as lxml_html

    def soup(page: str) -> Any:
        tree = BeautifulSoup(page, "lxml")
        for tag in tree(["script", "style", "noscript"]):
            tag.decompose()
        return tree

    found: dict[str, Callable[[str], str]] = {
        'get_text("\\n"), not stripped': lambda page: soup(page).get_text("\n"),
        'get_text(" ")': lambda page: soup(page).get_text(" ", strip=True),
        'get_text("")': lambda page: soup(page).get_text(),
        "text_content": lambda page: str(lxml_html.fromstring(page).text_content()),
        "regex strip": regex_strip,
    }
    inscriptis = _optional("inscriptis")
    if inscriptis is not None:
        found["inscriptis"] = inscriptis.get_text
    html_text = _optional("html_text", "html-text")
    if html_text is not None:
        found["html-text"] = html_text.extract_text
    resiliparse = _optional("resiliparse.extract.html2text", "resiliparse")
    if resiliparse is not None:
        found["resiliparse"] = resiliparse.extract_plain_text
    lexbor = _optional("selectolax.lexbor", "selectolax")
    if lexbor is not None:

        def selectolax(page: str) -> str:
            tree = lexbor.LexborHTMLParser(page)
            for node in tree.css("script, style, noscript"):
                node.decompose()
            return tree.body.text(separator="\n") if tree.body else ""

        found['selectolax text(separator="\\n")'] = selectolax
    html2text = _optional("html2text")
    if html2text is not None:

        def wrapped(page: str) -> str:
            return str(html2text.HTML2Text().handle(page))  # its defaults: lines wrapped at 78

        found["html2text, defaults (wrapped)"] = wrapped
    markdownify = _optional("markdownify")
    if markdownify is not None:
        found["markdownify"] = lambda page: str(markdownify.markdownify(str(soup(page))))
    trafilatura = _optional("trafilatura")
    if trafilatura is not None:

        def markdown(page: str) -> str:
            extracted = trafilatura.extract(
                page, output_format="markdown", include_links=True, include_formatting=True
            )
            return extracted or ""

        def recall(page: str) -> str:
            return trafilatura.extract(page, favor_recall=True) or ""

        found["trafilatura Markdown"] = markdown
        found["trafilatura favor_recall"] = recall
    boilerpy3 = _optional("boilerpy3.extractors", "boilerpy3")
    if boilerpy3 is not None:
        logging.getLogger("boilerpy3").setLevel(logging.ERROR)  # its nested-<a> warnings
        article = boilerpy3.ArticleExtractor(raise_on_failure=False)
        found["boilerpy3 ArticleExtractor"] = lambda page: str(article.get_content(page) or "")
    found.update(_article_extractors())
    for name, command in _TEXT_BROWSERS.items():
        if shutil.which(command[0]) is not None:
            found[name] = _dump_with(command)
        else:
            print(f"({name}: {command[0]} not installed, skipped)", file=sys.stderr)
    inner_text = _browser_inner_text()
    if inner_text is not None:
        found["innerText (headless Chromium, scripts off)"] = inner_text
    readability = _readability_js()
    if readability is not None:
        found["Readability.js textContent"] = lambda page: readability(page)[0]
    return found


def _article_extractors() -> dict[str, Callable[[str], str]]:
    """The article extractors of Python news pipelines, those installed: newspaper4k, goose3,
    readability-lxml and jusText. Each keeps the article's body and drops what it takes for
    page furniture, embeds among it."""
    found: dict[str, Callable[[str], str]] = {}
    newspaper = _optional("newspaper", "newspaper4k")
    if newspaper is not None:
        config = newspaper.Config()
        config.fetch_images = False  # (it would ask the network for every image)

        def news(page: str) -> str:
            article = newspaper.Article("https://example.com/article", config=config)
            try:
                article.download(input_html=page)
                article.parse()
            except ImportError:
                return ""  # a language whose tokenizer is an extra (Japanese: tinysegmenter)
            return str(article.text)

        found["newspaper4k"] = news
    goose3 = _optional("goose3")
    if goose3 is not None:
        goose = goose3.Goose({"enable_image_fetching": False})
        found["goose3"] = lambda page: str(goose.extract(raw_html=page).cleaned_text or "")
    readability = _optional("readability", "readability-lxml")
    if readability is not None:
        from bs4 import BeautifulSoup

        def summary(page: str) -> str:
            article = BeautifulSoup(readability.Document(page).summary(), "lxml")
            return article.get_text("\n", strip=True)

        found["readability-lxml summary"] = summary
    justext = _optional("justext", "jusText")
    if justext is not None:
        stoplist = justext.get_stoplist("English")

        def paragraphs(page: str, *, every: bool) -> str:
            blocks = justext.justext(page.encode("utf-8"), stoplist)
            return "\n".join(p.text for p in blocks if every or not p.is_boilerplate)

        found["jusText (English, boilerplate removed)"] = partial(paragraphs, every=False)
        found["jusText, every paragraph"] = partial(paragraphs, every=True)
    return found


# Mozilla's Readability (reader views, read-later apps) in Node.js with jsdom: the article's
# textContent and its HTML, whose every class is removed. $READABILITY_JS names a directory
# where `npm install @mozilla/readability jsdom` was run.
_READABILITY_SCRIPT = """
const {JSDOM} = require('jsdom'); const {Readability} = require('@mozilla/readability');
let page = ''; process.stdin.setEncoding('utf8');
process.stdin.on('data', d => page += d).on('end', () => {
  let out = {text: '', html: ''};
  try {
    const doc = new JSDOM(page, {url: 'https://example.com/'}).window.document;
    const article = new Readability(doc).parse();
    if (article) out = {text: article.textContent || '', html: article.content || ''};
  } catch (e) {}
  process.stdout.write(JSON.stringify(out));
});
"""


def _readability_js() -> Callable[[str], tuple[str, str]] | None:
    """``(textContent, content)`` of Readability.js for a page, or None without Node.js and
    ``$READABILITY_JS``."""
    where = os.environ.get("READABILITY_JS")
    if not where or shutil.which("node") is None:
        print("(Readability.js: set READABILITY_JS and install Node.js, skipped)", file=sys.stderr)
        return None
    memo: dict[str, tuple[str, str]] = {}

    def run(page: str) -> tuple[str, str]:
        if page not in memo:
            done = subprocess.run(
                ["node", "-e", _READABILITY_SCRIPT],
                input=page.encode("utf-8"),
                capture_output=True,
                timeout=120,
                check=False,
                cwd=where,
            )
            out = json.loads(done.stdout.decode("utf-8") or '{"text": "", "html": ""}')
            memo[page] = (str(out["text"]), str(out["html"]))
        return memo[page]

    return run


# Text browsers' dumps and pandoc, the page on standard input (Debian: lynx w3m pandoc)
_TEXT_BROWSERS = {
    "lynx -dump (numbered links)": [
        "lynx", "-dump", "-stdin", "-force_html", "-assume_charset=utf-8",
        "-display_charset=utf-8",
    ],
    "w3m -dump": ["w3m", "-dump", "-T", "text/html", "-I", "utf-8", "-O", "utf-8"],
    "pandoc -t plain": ["pandoc", "-f", "html", "-t", "plain"],
    "pandoc -t gfm (raw HTML kept)": ["pandoc", "-f", "html", "-t", "gfm"],
}  # fmt: skip


def _dump_with(command: list[str]) -> Callable[[str], str]:
    def dump(page: str) -> str:
        done = subprocess.run(
            command, input=page.encode("utf-8"), capture_output=True, timeout=60, check=False
        )
        return done.stdout.decode("utf-8", "replace")

    return dump


def _browser_inner_text() -> Callable[[str], str] | None:
    """``document.body.innerText`` in headless Chromium: what a browser-based scraper reads.

    Needs playwright and a Chromium (``$CHROMIUM``, else /usr/bin/chromium, else playwright's
    own). Scripts are off and every request is refused, so embeds stay as their blockquotes,
    as on a page whose platform scripts were blocked.
    """
    sync_api = _optional("playwright.sync_api", "playwright")
    if sync_api is None:
        return None
    executable = os.environ.get("CHROMIUM") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    driver = sync_api.sync_playwright().start()
    browser = driver.chromium.launch(
        executable_path=executable,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    context = browser.new_context(java_script_enabled=False)
    context.route("**/*", lambda route: route.abort())
    tab = context.new_page()

    def close() -> None:
        browser.close()
        driver.stop()

    atexit.register(close)

    def render(page: str) -> str:
        nonlocal tab
        try:
            tab.set_content(page, wait_until="domcontentloaded", timeout=15_000)
            return str(tab.evaluate("document.body ? document.body.innerText : ''"))
        except sync_api.Error:
            # a page that navigates away (a meta refresh) leaves no text to read; start afresh
            tab.close()
            tab = context.new_page()
            return ""

    return render


def _optional(module: str, package: str | None = None) -> Any:
    """The module when its package is installed, else None (and a line saying so)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        name = package or module
        print(f"{name} not installed: skipped (pip install {name})", file=sys.stderr)
        return None


def collapse(value: object) -> str | None:
    if value is None:
        return None
    return " ".join(unicodedata.normalize("NFC", str(value)).split()) or None


def _name(value: str | None) -> str | None:
    # zero-width joiners inside emoji flags: some renderers drop them
    return collapse(value.replace("\u200d", "")) if value else None


class Tally:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = self.texts_right = self.authors_right = self.dates_right = 0
        self.wrong: list[tuple[str, str | None, str | None]] = []

    def row(self, name: str) -> str:
        def share(part: int, whole: int) -> str:
            return f"{part / whole:.3f}" if whole else "–"  # (nothing to divide by)

        kept = self.tp + self.fn
        figures = [
            share(self.tp, self.tp + self.fp),
            share(self.tp, kept),
            *(share(right, self.tp) for right in (self.authors_right, self.dates_right)),
            share(self.texts_right, self.tp),
        ]
        return f"| {name} | {kept} | {' | '.join(figures)} | {self.tp} |"


def score(found: list[Any], doc: str, truth: list[dict[str, Any]], tally: Tally) -> None:
    """Tally the embeds ``found`` in the rendering ``doc`` against the page's ``truth``."""
    folded = doc.casefold().replace("( @", "(@").replace("\\_", "_")  # markdown escapes
    expected = [t for t in truth if t.get("handle") and f"(@{t['handle'].casefold()})" in folded]
    used: set[int] = set()
    for embed in found:
        day = embed.date.isoformat() if embed.date else None

        def same(t: dict[str, Any], embed: Any = embed, day: str | None = day) -> bool:
            if embed.post_id and str(t.get("status_id")) == embed.post_id:
                return True
            return bool(
                embed.handle
                and embed.handle.casefold() == t["handle"].casefold()
                and (day is None or t.get("date") in (None, day))
            )

        hit = next((i for i, t in enumerate(expected) if i not in used and same(t)), None)
        if hit is None:
            # a Facebook "Posted by NAME on DATE" line names no handle: it is the page's embed
            # of that platform, date and author (not scored, as the corpus gives no handle)
            unnamed = embed.handle is None and any(
                t.get("platform") == embed.platform.value
                and t.get("date") == day
                and _name(t.get("author_name")) == _name(embed.author_name)
                for t in truth
            )
            if not unnamed and not any(t.get("handle") and same(t) for t in truth):
                tally.fp += 1
            continue
        used.add(hit)
        tally.tp += 1
        wanted = expected[hit]
        if not wanted.get("author_name") or _name(embed.author_name) == _name(
            wanted["author_name"]
        ):
            tally.authors_right += 1
        if day is None or wanted.get("date") in (None, day):
            tally.dates_right += 1
        want, got = collapse(expected[hit].get("text")), collapse(embed.text)
        if want == got:
            tally.texts_right += 1
        else:
            tally.wrong.append((expected[hit]["page"], want, got))
    tally.fn += len(expected) - len(used)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="wrong texts to print per renderer")
    parser.add_argument(
        "--renderings",
        type=Path,
        help="a .json.gz file of the renderings: read from it when it exists (no renderer runs, "
        "no fixture table), else written to it",
    )
    parser.add_argument(
        "--embeds", type=Path, help="write every embed parse_text finds, a JSON line per rendering"
    )
    parser.add_argument(
        "--compare", type=Path, help="an earlier --embeds file: print what changed since"
    )
    args = parser.parse_args(argv)
    if args.compare is not None and not args.compare.is_file():
        parser.error(f"--compare: no such file: {args.compare}")
    sys.path.insert(0, str(ROOT / "src"))  # when not installed; an installed copy wins
    from embedarchive import parse_text

    corpus = shared_corpus()
    truth: dict[str, list[dict[str, Any]]] = {}
    for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        truth.setdefault(record["page"], []).append(record)
    pages = sorted((corpus / "html").glob("*.html"))
    cached = args.renderings is not None and args.renderings.exists()
    found = {} if cached else renderers()
    texts = _load_renderings(args.renderings) if cached else _render_all(found, pages)
    if args.renderings is not None and not cached:
        _save_renderings(args.renderings, texts)
    table = [
        "| renderer | kept | precision | recall | author | date | text | matched |",
        "|---|---|---|---|---|---|---|---|",
    ]
    embeds: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for name, rendered in texts.items():
        tally = Tally()
        for page, text in rendered.items():
            found_here = parse_text(text)
            embeds[name, page] = [embed.model_dump(mode="json") for embed in found_here]
            score(found_here, text, truth.get(page, []), tally)
        table.append(tally.row(name))
        for page, want, got in tally.wrong[: args.show]:
            print(f"{name} {page}\n  want {want!r:.160}\n  got  {got!r:.160}", file=sys.stderr)
    print("\n".join(table))
    if args.embeds is not None:
        with args.embeds.open("w", encoding="utf-8") as out:
            for (name, page), found_here in embeds.items():
                line = {"renderer": name, "page": page, "embeds": found_here}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
    if args.compare is not None:
        print()
        print("\n".join(compare_embeds(args.compare, embeds)))
    if cached:
        return 0  # (the fixture and Readability tables need the renderers themselves)
    print()
    print("\n".join(fixture_table(corpus.parent / "fixtures" / "embeds", found)))
    readability = _readability_js()
    if readability is not None:
        print()
        print("\n".join(article_html_table(pages, truth, readability)))
    return 0


def _render_all(
    found: dict[str, Callable[[str], str]], pages: list[Path]
) -> dict[str, dict[str, str]]:
    """Every page rendered by every renderer: renderer name -> page name -> text."""
    sources = {path.name: path.read_bytes().decode("utf-8", "replace") for path in pages}
    return {
        name: {page: render(source) for page, source in sources.items()}
        for name, render in found.items()
    }


def _save_renderings(path: Path, texts: dict[str, dict[str, str]]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        json.dump(texts, out, ensure_ascii=False)


def _load_renderings(path: Path) -> dict[str, dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as source:
        loaded: dict[str, dict[str, str]] = json.load(source)
    return loaded


def compare_embeds(earlier: Path, now: dict[tuple[str, str], list[dict[str, Any]]]) -> list[str]:
    """The renderings whose embeds differ from an earlier ``--embeds`` file, field by field."""
    before: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for line in earlier.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        before[record["renderer"], record["page"]] = record["embeds"]
    lines: list[str] = []
    changed = 0
    for key, embeds in now.items():
        old = before.get(key)
        if old is None or old == embeds:
            continue
        changed += 1
        lines.append(f"{key[0]} {key[1]}")
        if len(old) != len(embeds):
            lines.append(f"  embeds: {len(old)} -> {len(embeds)}")
        for was, is_ in zip(old, embeds, strict=False):
            for field in is_:
                if was.get(field) != is_[field]:
                    lines.append(f"  {field}: {was.get(field)!r:.100} -> {is_[field]!r:.100}")
    unseen = sum(1 for key in now if key not in before)
    lines.append(f"{changed} renderings changed ({unseen} not in {earlier.name})")
    return lines


def article_html_table(
    pages: list[Path],
    truth: dict[str, list[dict[str, Any]]],
    readability: Callable[[str], tuple[str, str]],
) -> list[str]:
    """``parse_html`` on the article HTML an extractor keeps (Readability removes every class):
    the X posts whose status id survives in it, found by id."""
    from embedarchive import parse_html

    expected = found = wrong = 0
    for path in pages:
        html = readability(path.read_bytes().decode("utf-8", "replace"))[1]
        ids = {t["status_id"] for t in truth.get(path.name, []) if t.get("status_id")}
        surviving = {i for i in ids if i in html}
        got = {e.post_id for e in parse_html(html) if e.platform.value == "twitter"}
        expected += len(surviving)
        found += len(surviving & got)
        wrong += len(got - ids)
    return [
        "| article HTML | X posts whose id survives | found by parse_html | not in the truth |",
        "|---|---|---|---|",
        f"| Readability.js content | {expected} | {found} | {wrong} |",
    ]


def _fixture_key(embed: Any) -> tuple[str, str]:
    if embed.platform.value == "facebook":
        return "facebook", (embed.author_name or "").casefold()
    return embed.platform.value, (embed.handle or "").casefold()


def fixture_table(fixtures: Path, found: dict[str, Callable[[str], str]]) -> list[str]:
    """Every platform's embed code (the spec's fixtures) flattened by each renderer: how many of
    the embeds that ``parse_html`` reads with a handle ``parse_text`` finds again, among those
    whose ``@handle`` survives the rendering."""
    from embedarchive import parse_html, parse_text

    files = sorted(fixtures.glob("*.html"))
    table = [
        "| renderer | " + " | ".join("_".join(f.stem.split("_")[:2]) for f in files) + " |",
        "|---|" + "---|" * len(files),
    ]
    for name, render in found.items():
        cells = []
        for path in files:
            page = (
                "<html><body><article><p>The article's paragraph above the embed.</p>"
                + path.read_text(encoding="utf-8")
                + "<p>The article goes on below it.</p></article></body></html>"
            )
            text = render(page) or ""
            folded = text.casefold().replace("\\_", "_")
            wanted = set()
            for embed in parse_html(page):
                key = _fixture_key(embed)
                named = bool(embed.author_name) and embed.author_name.casefold() in folded
                if embed.platform.value == "facebook":
                    if named:  # Facebook's line names the author, not the handle
                        wanted.add(key)
                elif embed.handle and "@" + embed.handle.split("@")[0].casefold() in folded:
                    wanted.add(key)
            got = {_fixture_key(embed) for embed in parse_text(text)}
            cells.append(f"{len(wanted & got)}/{len(wanted)}")
        table.append(f"| {name} | " + " | ".join(cells) + " |")
    return table


if __name__ == "__main__":
    raise SystemExit(main())
