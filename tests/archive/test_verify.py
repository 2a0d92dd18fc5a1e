"""Quote verification: real embed/post pairs from ../shared, every status, hostile input."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from embedarchive.archive.verify import (
    EDITED_THRESHOLD,
    MAX_DIFF_CHARS,
    normalize_for_compare,
    similarity,
    verify,
)
from embedarchive.models import Embed, Platform, Post, Verification, VerificationStatus

try:
    from tests.shared import shared_path
except ImportError:  # tests/ itself on sys.path (rootdir-less runs)
    from shared import shared_path  # type: ignore[no-redef]

S = VerificationStatus
SYNDICATION = [
    "syndication_tweet_result_1629262255744503809_card.json",
    "syndication_tweet_result_1641086480675225601_photo.json",
    "syndication_tweet_result_1641895049427550208_quoted.json",
    "syndication_tweet_result_1703436713362870723.json",
]
OEMBED = [
    "twitter_oembed_2016_sengineland_dnt_width500.json",
    "twitter_oembed_2018_wordpress_dnt_width500.json",
    "twitter_oembed_2021_sandiegozoo.json",
    "twitter_oembed_2021_spf13.json",
    "twitter_oembed_pre2017_spf13.json",
]


def embed(text: str | None, *, truncated: bool = False, **kw: Any) -> Embed:
    return Embed(platform=Platform.TWITTER, start=0, end=1, text=text, truncated=truncated, **kw)


def post(text: str, entities: dict[str, Any] | None = None, pid: str = "1") -> Post:
    return Post(
        platform=Platform.TWITTER,
        id=pid,
        url=f"https://x.com/a/status/{pid}",
        text=text,
        entities=entities or {},
    )


def fixture(name: str) -> Path:
    return shared_path("fixtures", "embeds", name)


# -- building real pairs ----------------------------------------------------------------------


def load_tweet(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fixture(name).read_text("utf-8"))
    return data.get("data", data)


def post_from_syndication(tweet: dict[str, Any]) -> Post:
    """Minimal: text and entities (display_text_range is kept inside entities)."""
    entities = dict(tweet["entities"])
    entities["display_text_range"] = tweet.get("display_text_range")
    return post(tweet["text"], entities, pid=tweet["id_str"])


def substitute(text: str, items: list[dict[str, Any]], field: str) -> str:
    """Replace each entity's t.co URL by another of its forms, as an embed renders it."""
    for item in items:
        text = text.replace(item["url"], item[field])
    return text


def oembed_style(tweet: dict[str, Any]) -> str:
    """publish.twitter.com markup: t.co shown for links, pic.twitter.com for media."""
    return substitute(tweet["text"], tweet["entities"].get("media", []), "display_url")


def widget_style(tweet: dict[str, Any]) -> str:
    """The rendered widget: only display_text_range, links in their shortened display form."""
    start, end = tweet["display_text_range"]
    visible = tweet["text"][start:end]
    return substitute(visible, tweet["entities"]["urls"], "display_url")


def blockquote_text(p: Tag) -> str:
    parts: list[str] = []
    for node in p.descendants:
        if isinstance(node, NavigableString):
            parts.append(str(node))
        elif isinstance(node, Tag) and node.name == "br":
            parts.append("\n")
    return "".join(parts).strip()


def pair_from_oembed_html(markup: str) -> tuple[Embed, Post]:
    """The quote as the blockquote shows it, and a post carrying the t.co text behind it."""
    p = BeautifulSoup(markup, "html.parser").find("p")
    assert isinstance(p, Tag)
    quote = blockquote_text(p)
    urls: list[dict[str, str]] = []
    media: list[dict[str, str]] = []
    for a in p.find_all("a"):
        href = str(a.get("href", ""))
        if href.startswith("https://t.co/"):
            shown = a.get_text()
            kind = media if shown.startswith("pic.twitter.com/") else urls
            kind.append({"url": href, "display_url": shown, "expanded_url": href})
            a.replace_with(href)
    text = blockquote_text(p)
    links = tuple(u["url"] for u in urls + media)
    return embed(quote, links=links), post(text, {"urls": urls, "media": media})


# -- real pairs -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", OEMBED)
def test_oembed_blockquote_matches_post_with_tco_text(name: str) -> None:
    data = json.loads(fixture(name).read_text("utf-8"))
    quote, archived = pair_from_oembed_html(data["html"])
    assert quote.text is not None
    if "pic.twitter.com/" in quote.text:  # the pair really differs before normalization
        assert quote.text != archived.text
    result = verify(quote, archived)
    assert result == Verification(status=S.MATCH, similarity=1.0)
    # Without entity info every link collapses to one placeholder: still a match.
    bare = archived.model_copy(update={"entities": {}})
    assert verify(quote, bare).status is S.MATCH


def test_sandiegozoo_2026_xcom_markup_matches_the_2021_oembed_post() -> None:
    old = json.loads(fixture("twitter_oembed_2021_sandiegozoo.json").read_text("utf-8"))
    _, archived = pair_from_oembed_html(old["html"])
    quote, _ = pair_from_oembed_html(
        fixture("twitter_oembed_2026_xcom_sandiegozoo.html").read_text()
    )
    assert quote.text is not None
    assert "pic.twitter.com/eJh4f2zncC" in quote.text
    assert "'" in quote.text  # &#39; unescaped by the markup parse
    assert "https://t.co/eJh4f2zncC" in archived.text
    assert verify(quote, archived).status is S.MATCH
    # The raw escaped form (a scraper that kept entities) also matches.
    escaped = embed(quote.text.replace("'", "&#39;"))
    assert verify(escaped, archived).status is S.MATCH


def test_openai_long_post_embed_is_a_truncated_prefix() -> None:
    data = json.loads(fixture("twitter_oembed_2026_openai_provider_X.json").read_text("utf-8"))
    quote, shown = pair_from_oembed_html(data["html"])
    assert quote.text is not None
    assert "…" in quote.text
    # The archived post goes on where the widget cut it; the media link stays at the end.
    visible, _, media = shown.text.partition("…")
    archived = shown.model_copy(
        update={"text": visible + "tasks in one place, all by voice." + media}
    )
    assert verify(quote, archived).status is S.TRUNCATED


@pytest.mark.parametrize("name", SYNDICATION)
def test_syndication_post_matches_its_renderings(name: str) -> None:
    tweet = load_tweet(name)
    archived = post_from_syndication(tweet)
    for rendering in (oembed_style(tweet), widget_style(tweet)):
        result = verify(embed(rendering), archived)
        assert result.status is S.MATCH, (rendering, result)
        assert result.similarity == 1.0
        assert similarity(rendering, archived.text) >= 0.9


def test_widget_display_urls_map_to_the_entity_link() -> None:
    tweet = load_tweet("syndication_tweet_result_1641086480675225601_photo.json")
    entities = tweet["entities"]
    shown = normalize_for_compare(widget_style(tweet), entities=entities)
    stored = normalize_for_compare(tweet["text"], entities=entities)
    display = entities["urls"][0]["display_url"]
    assert display in widget_style(tweet)
    token = "[link:" + entities["urls"][0]["url"].removeprefix("https://") + "]"
    assert token in shown
    assert token in stored
    media_token = "[link:" + entities["media"][0]["url"].removeprefix("https://") + "]"
    assert stored.endswith(media_token)
    # The media display form maps to the same token as the media t.co link.
    media_shown = normalize_for_compare(entities["media"][0]["display_url"], entities=entities)
    assert media_shown == media_token


def test_quote_of_the_quoted_post_is_a_mismatch_for_the_outer_post() -> None:
    tweet = load_tweet("syndication_tweet_result_1641895049427550208_quoted.json")
    outer = post_from_syndication(tweet)
    inner = post_from_syndication(tweet["quoted_tweet"])
    quote = embed(widget_style(tweet["quoted_tweet"]))
    assert verify(quote, inner).status is S.MATCH
    wrong = verify(quote, outer)
    assert wrong.status is S.MISMATCH
    assert wrong.similarity is not None
    assert wrong.similarity < EDITED_THRESHOLD
    assert wrong.diff
    assert similarity(quote.text or "", inner.text) > similarity(quote.text or "", outer.text)


def test_reply_mentions_hidden_by_display_text_range() -> None:
    tweet = load_tweet("syndication_tweet_result_1629262255744503809_card.json")
    mentions = "@reactjs @sophiebits "
    replied = post(mentions + tweet["text"], tweet["entities"])
    assert verify(embed(oembed_style(tweet)), replied).status is S.MATCH
    # ... and the other way round: the article kept the mentions the archive lacks.
    assert verify(embed(mentions + tweet["text"]), post_from_syndication(tweet)).status is S.MATCH


def test_syndication_text_cut_mid_word_is_truncated() -> None:
    tweet = load_tweet("syndication_tweet_result_1703436713362870723.json")
    archived = post_from_syndication(tweet)
    cut = tweet["text"].index("shadow bans") + len("shadow b")
    quote = embed(tweet["text"][:cut] + "…")
    assert verify(quote, archived) == Verification(status=S.TRUNCATED, similarity=1.0)


def marathi() -> tuple[dict[str, Any], str]:
    parse = json.loads(fixture("marathi_article_expected_parse.json").read_text("utf-8"))
    article = shared_path("examples", "marathi_article.txt").read_text("utf-8")
    return parse, article


def marathi_full_text(parse: dict[str, Any]) -> str:
    # "... Conveyed my ... early date. (m.rediff.com 2025-07-01; thestatesman.com)"
    news = parse["full_text_per_news_copies"]
    continuation = re.sub(r"\s*\([^()]*\)\s*$", "", news).lstrip(". ")
    return parse["text_paragraphs"][0] + "\n" + continuation


def test_marathi_truncated_quote_against_full_post() -> None:
    parse, article = marathi()
    span = parse["span"]
    body = article[span["body_start"] : span["dash_line_start"]].strip()
    assert body == parse["text"]
    full = marathi_full_text(parse)
    assert full.startswith(parse["text_paragraphs"][0])
    assert full.endswith("early date.")
    archived = post(full, pid=parse["candidate_status_id_range_utc_day"]["min"])
    for flagged in (True, False):
        result = verify(embed(body, truncated=flagged, handle=parse["screen_name"]), archived)
        assert result == Verification(status=S.TRUNCATED, similarity=1.0)


def test_marathi_quote_against_altered_and_other_posts() -> None:
    parse, _ = marathi()
    quote = embed(parse["text"], truncated=parse["truncated"])
    full = marathi_full_text(parse)
    altered = post(full.replace("further deepen", "deepen").replace("unwavering", "steadfast"))
    edited = verify(quote, altered)
    assert edited.status is S.EDITED
    assert edited.diff is not None
    assert "{+further+}" in edited.diff
    assert "[-steadfast-]{+unwavering" in edited.diff
    other = post(
        "Spoke with the Japanese Defence Minister about maritime security in the Indo-Pacific."
    )
    assert verify(quote, other).status is S.MISMATCH
    # Ranking: the real post beats the decoy and the altered copy.
    real = similarity(parse["text"], full)
    assert real > similarity(parse["text"], altered.text) > similarity(parse["text"], other.text)


def test_bluesky_image_or_embed_marker() -> None:
    soup = BeautifulSoup(fixture("bluesky_embeds.html").read_text("utf-8"), "html.parser")
    checked = 0
    for block in soup.select("blockquote.bluesky-embed"):
        p = block.find("p")
        if not isinstance(p, Tag) or "[image or embed]" not in p.get_text():
            continue
        quote = blockquote_text(p)
        marker = p.find("a", string="[image or embed]")
        assert isinstance(marker, Tag)
        marker.decompose()
        archived = Post(platform=Platform.BLUESKY, id="x", url="u", text=blockquote_text(p))
        shown = Embed(platform=Platform.BLUESKY, start=0, end=1, text=quote)
        assert verify(shown, archived).status is S.MATCH
        checked += 1
    assert checked >= 2


# -- targeted cases, one per status -----------------------------------------------------------

BASE = (
    "The committee met on Tuesday to discuss the new budget for schools and libraries in the city."
)


@pytest.mark.parametrize(
    "shown",
    [
        BASE,
        BASE.replace(" ", "\n  "),
        BASE.replace("the new", "the\u200b new\u2069").replace("The", "\ufeffThe"),
        BASE.replace(" and ", " &#97;nd "),
        "\uff34" + BASE[1:],  # fullwidth T
    ],
)
def test_match_after_normalization(shown: str) -> None:
    assert verify(embed(shown), post(BASE)) == Verification(status=S.MATCH, similarity=1.0)


def test_match_html_entities_quotes_and_ellipsis_forms() -> None:
    stored = "It\u2019s \u201cdone\u201d \u2026 Tom & Jerry"
    assert verify(embed('It\'s "done" ... Tom &amp; Jerry'), post(stored)).status is S.MATCH
    assert (
        verify(embed("It&#39;s &quot;done&quot; &hellip; Tom &amp;amp; Jerry"), post(stored)).status
        is S.MATCH
    )


def test_match_links_without_entities_and_glued_links() -> None:
    stored = "Read this https://t.co/AbC123 now https://t.co/XyZ789"
    assert (
        verify(
            embed("Read this https://t.co/AbC123 now pic.twitter.com/XyZ789"), post(stored)
        ).status
        is S.MATCH
    )
    # Scrapers glue the media link to the previous word.
    assert (
        verify(
            embed("Read this https://t.co/AbC123 nowpic.twitter.com/XyZ789"), post(stored)
        ).status
        is S.MATCH
    )
    # The rendered widget drops a trailing media link.
    assert verify(embed("Read this https://t.co/AbC123 now"), post(stored)).status is S.MATCH


def test_different_entity_links_are_an_edit() -> None:
    entities = {
        "urls": [
            {
                "url": "https://t.co/AAAA",
                "expanded_url": "https://a.example/x",
                "display_url": "a.example/x",
            }
        ]
    }
    stored = post(
        "Big news today, read it here https://t.co/AAAA and tell me what you think", entities
    )
    same = verify(
        embed("Big news today, read it here https://a.example/x and tell me what you think"), stored
    )
    assert same.status is S.MATCH
    other = verify(
        embed("Big news today, read it here https://b.example/y and tell me what you think"), stored
    )
    assert other.status is S.EDITED
    assert other.diff is not None
    assert "[-[link:t.co/AAAA]-]{+[link]+}" in other.diff


def test_truncated_variants() -> None:
    stored = post(BASE)
    for shown, flagged in [
        ("The committee met on Tuesday to discuss the new bud…", False),
        ("The committee met on Tuesday to discuss the new budget...", False),
        ("The committee met on Tuesday to discuss the", True),
        ("The committee met on Tuesday to discuss the new budget … https://t.co/Zz9", False),
    ]:
        result = verify(embed(shown, truncated=flagged), stored)
        assert result.status is S.TRUNCATED, shown


def test_truncated_quote_with_an_edit_is_edited_against_the_start() -> None:
    long = BASE + " Several members asked for more details about the spending plan before a vote."
    result = verify(
        embed("The committee met on Monday to discuss the new budget for schools and libr…"),
        post(long),
    )
    assert result.status is S.EDITED
    assert result.diff is not None
    assert "[-Tuesday-]{+Monday+}" in result.diff
    assert result.diff.endswith("…")
    assert "spending" not in result.diff  # compared against the start only


def test_ellipsis_that_is_not_a_prefix_is_not_truncated() -> None:
    result = verify(embed("The council met on Friday to approve the…"), post(BASE))
    assert result.status in (S.EDITED, S.MISMATCH)
    assert result.status is not S.TRUNCATED


def test_edited_diff_format_and_similarity() -> None:
    shown = BASE.replace("Tuesday", "Wednesday")
    result = verify(embed(shown), post(BASE))
    assert result.status is S.EDITED
    assert result.similarity is not None
    assert EDITED_THRESHOLD <= result.similarity < 1.0
    assert result.diff is not None
    assert "[-Tuesday-]{+Wednesday+}" in result.diff
    # The diff reads from the archived post to the article's quote.
    added = verify(embed(BASE + " Really."), post(BASE))
    assert added.diff is not None
    assert "{+Really.+}" in added.diff


def test_mismatch_for_a_fabricated_quote() -> None:
    result = verify(embed("We will never raise taxes on working families, ever."), post(BASE))
    assert result.status is S.MISMATCH
    assert result.similarity is not None
    assert result.similarity < 0.3
    assert result.diff is not None


@pytest.mark.parametrize(
    ("shown", "archived"),
    [
        (BASE, None),
        (None, post(BASE)),
        ("", post(BASE)),
        ("  \n\u200b ", post(BASE)),
        ("https://t.co/abc", post("https://t.co/abc")),
        ("[image or embed]", post(BASE)),
        (BASE, post("")),
    ],
)
def test_unverifiable(shown: str | None, archived: Post | None) -> None:
    result = verify(embed(shown), archived)
    assert result == Verification(status=S.UNVERIFIABLE)


def test_diff_is_bounded() -> None:
    a = " ".join(f"alpha{i}" for i in range(5000))
    b = " ".join(f"beta{i}" for i in range(5000))
    result = verify(embed(a), post(b))
    assert result.status is S.MISMATCH
    assert result.diff is not None
    assert len(result.diff) <= MAX_DIFF_CHARS


def test_diff_elides_long_unchanged_runs() -> None:
    words = [f"w{i}" for i in range(200)]
    changed = [*words]
    changed[100] = "CHANGED"
    result = verify(embed(" ".join(changed)), post(" ".join(words)))
    assert result.status is S.EDITED
    assert result.diff is not None
    assert "[-w100-]{+CHANGED+}" in result.diff
    assert result.diff.count("…") == 2
    assert len(result.diff.split()) < 20


# -- normalization and similarity -------------------------------------------------------------


def test_normalize_examples() -> None:
    assert normalize_for_compare("@a @b_c  hello\n\nworld") == "hello world"
    assert normalize_for_compare("@only") == "@only"
    assert normalize_for_compare("x\u200b\u200dy\u2066z\u2069") == "xyz"
    assert normalize_for_compare("\u201cq\u201d \u2018s\u2019 a\u2026") == "\"q\" 's' a..."
    assert normalize_for_compare("caf\u0065\u0301") == "caf\u00e9"
    assert (
        normalize_for_compare("see example.com/path and https://x.y/z.")
        == "see [link] and [link] ."
    )
    assert normalize_for_compare("done [image or embed]") == "done [media]"
    assert normalize_for_compare("&amp;amp;amp;lt;b&gt;") == "<b>"


def test_similarity_basics() -> None:
    assert similarity(BASE, BASE) == 1.0
    assert similarity("", "") == 1.0
    assert similarity("", BASE) == 0.0
    assert similarity(BASE, BASE.upper()) == 1.0  # ranking ignores case
    near = similarity(BASE, BASE.replace("Tuesday", "Friday"))
    far = similarity(BASE, "A completely different post about football scores.")
    assert 0.0 <= far < near < 1.0
    # Scripts without spaces are compared character by character.
    assert similarity("今日は良い天気です", "今日は悪い天気です") > 0.5


# -- hostile input ----------------------------------------------------------------------------

HOSTILE = [
    "a." * 50_000,
    " a.b.c.d.e.f.g.h.i" * 6_000,
    "&" + "amp;" * 25_000,
    "&#38;" * 20_000,
    "@a " * 33_000 + "x",
    "https://" * 12_000,
    "http://x.co/" + "a" * 100_000,
    "pic.twitter.com/" * 6_000,
    "[image or embed]" * 6_000,
    "\u0301" * 100_000,
    "…" * 100_000,
    "\ufdfa" * 20_000,  # NFKC expands this one character to 18
    "x " * 50_000,
    "word\u200b" * 20_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_inputs_finish(text: str) -> None:
    normalized = normalize_for_compare(text)
    assert isinstance(normalized, str)
    score = similarity(text, text[::-1])
    assert 0.0 <= score <= 1.0
    result = verify(embed(text), post(text[: len(text) // 2] + " y"))
    assert isinstance(result.status, VerificationStatus)
    repeat = verify(embed(text), post(text))
    assert repeat.status in (S.MATCH, S.UNVERIFIABLE)


def test_hostile_entities_are_ignored_not_fatal() -> None:
    junk: list[Any] = [
        {"urls": "nope"},
        {"urls": [None, 3, {"url": 5}, {"url": ""}, {"display_url": "…"}]},
        {"media": [{"url": "https://t.co/" + "z" * 5000, "display_url": "pic.twitter.com/…"}]},
        {"urls": [{"url": "https://t.co/a", "expanded_url": "x" * 10_000}] * 1000},
    ]
    for entities in junk:
        result = verify(
            embed("hello https://t.co/a …"), post("hello https://t.co/a world", entities)
        )
        assert isinstance(result.status, VerificationStatus)


# -- properties -------------------------------------------------------------------------------

url_like = st.sampled_from(
    [
        "https://t.co/AbC",
        "pic.twitter.com/AbC",
        "http://t.co/x9",
        "example.org/a/b",
        "github.com/reactwg/react-…",
        "https://github.com/reactwg/react-native",
        "&amp;",
        "&#38;lt;",
        "…",
        "@user",
        "[image or embed]",
        "\u200b",
        "\u2019",
        " ",
        "\n",
    ]
)
texty = st.lists(st.one_of(st.text(max_size=12), url_like), max_size=12).map("".join)
entity_item = st.fixed_dictionaries(
    {},
    optional={
        "url": st.one_of(url_like, st.text(max_size=10)),
        "expanded_url": st.one_of(url_like, st.text(max_size=10)),
        "display_url": st.one_of(url_like, st.text(max_size=10)),
    },
)
entities_st = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {},
        optional={
            "urls": st.lists(entity_item, max_size=3),
            "media": st.lists(entity_item, max_size=2),
        },
    ),
)
json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(texty, entities_st)
def test_normalize_is_idempotent(text: str, entities: dict[str, Any] | None) -> None:
    once = normalize_for_compare(text, entities=entities)
    assert normalize_for_compare(once, entities=entities) == once
    assert once == once.strip()
    assert "  " not in once


@FAST
@given(st.text())
def test_normalize_is_idempotent_on_any_text(text: str) -> None:
    once = normalize_for_compare(text)
    assert normalize_for_compare(once) == once


@FAST
@given(texty, texty)
def test_similarity_bounds_and_symmetry(a: str, b: str) -> None:
    ab = similarity(a, b)
    assert 0.0 <= ab <= 1.0
    assert ab == similarity(b, a)


@FAST
@given(st.one_of(texty, st.text(min_size=1)))
def test_similarity_of_a_text_with_itself_is_one(a: str) -> None:
    assert similarity(a, a) == 1.0


@FAST
@given(
    st.one_of(st.none(), texty, st.text()),
    st.one_of(texty, st.text()),
    st.booleans(),
    st.one_of(entities_st, st.dictionaries(st.text(max_size=6), json_like, max_size=4)),
)
def test_verify_never_raises(shown: str | None, stored: str, flagged: bool, entities: Any) -> None:
    archived = post(stored, entities if isinstance(entities, dict) else None)
    result = verify(embed(shown, truncated=flagged), archived)
    assert isinstance(result.status, VerificationStatus)
    if result.similarity is not None:
        assert 0.0 <= result.similarity <= 1.0
    if result.diff is not None:
        assert len(result.diff) <= MAX_DIFF_CHARS
