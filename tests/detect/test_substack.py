"""Substack's own X cards in text: every renderer's form of the same two cards, the Markdown
forms Substack pages have had over the years, and what is no card."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from embedarchive import Embed, parse_html, parse_text

DATA = Path(__file__).resolve().parent.parent / "data" / "text" / "substack"
HARBOUR = (
    "No sailings on Sunday: gusts above 60 knots are forecast for the crossing. "
    "Updates from 7am. #ferry https://t.co/AbCdEf1234"
)
OLSEN = "@harbourwatch Twenty years on this route and I have never seen the pier this empty."
# (renderings of tests/data/html/substack_cards.html, made with each tool)
RENDERINGS = sorted(path.name for path in DATA.glob("*.txt"))
WITH_LINKS = {"html2text.txt", "pandoc.txt", "pandoc_gfm.txt", "markdownify.txt"}


def _flat(value: str | None) -> str:
    return " ".join((value or "").split())


@pytest.mark.parametrize("name", RENDERINGS)
def test_every_rendering_gives_both_cards(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    harbour, olsen = parse_text(text)
    assert (harbour.form, olsen.form) == ("substack", "substack")
    assert (harbour.handle, harbour.author_name) == ("harbourwatch", "Harbour Watch")
    assert (olsen.handle, olsen.author_name) == ("CaptainOlsen", "Ingrid Olsen")
    assert harbour.date == olsen.date == dt.date(2023, 1, 28)
    assert harbour.date_text == "9:14 PM ∙ Jan 28, 2023"
    # the link card under the text ("example.org", its title and description) is not the post's
    assert _flat(harbour.text) == HARBOUR
    assert _flat(olsen.text) == OLSEN
    assert harbour.links == ("https://t.co/AbCdEf1234",)
    if name in WITH_LINKS:
        assert harbour.post_id == "1620000000000000001"
        assert harbour.url == "https://x.com/harbourwatch/status/1620000000000000001"
    # the span holds the card, from its header to its footer, and nothing of the article
    assert "ferry would not sail" not in text[harbour.start : harbour.end]
    assert "Passengers" in text[harbour.end : olsen.start]
    assert "9:14 PM" in text[harbour.start : harbour.end]
    assert "resume" not in text[olsen.start : olsen.end]
    # the text detector reads what the HTML detector reads from the page itself
    page = (DATA.parent.parent / "html" / "substack_cards.html").read_text(encoding="utf-8")
    for from_text, from_html in zip((harbour, olsen), parse_html(page), strict=True):
        fields = ("handle", "author_name", "date", "date_text")
        assert [getattr(from_text, f) for f in fields] == [getattr(from_html, f) for f in fields]
        assert _flat(from_text.text) == _flat(from_html.text)


# html2text's Markdown of the cards Substack drew in 2022 and 2023: the header and the text glued
# inside one link to the post, the time, a rule and the counts inside another
GLUED = (
    "The council's planning chief put it bluntly:\n\n"
    "[![Twitter avatar for @planning_chief](https://substackcdn.com/image/twitter_name/w_96/"
    "planning_chief.jpg)Mara Lindqvist (on leave) @planning_chiefWe approved 40 homes this "
    "year. We needed 400. That gap is the whole story. ![Twitter avatar for @citydesk]"
    "(https://substackcdn.com/image/twitter_name/w_40/citydesk.jpg)City Desk @citydeskHousing "
    "targets missed again https://t.co/QqRrSsTt](https://twitter.com/planning_chief/status/"
    "1629528501161435136)[6:41 PM ∙ Mar 3, 2023\n\n* * *\n\n214Likes37Retweets]"
    "(https://twitter.com/planning_chief/status/1629528501161435136)\n\n"
    "Her office did not respond.\n\n"
    "[\n\n![Twitter avatar for @tidewatcher](https://substackcdn.com/image/twitter_name/w_96/"
    "tidewatcher.jpg)\n\nTide Watcher @tidewatcher\n\nHigh water at 06:12, the highest since "
    "records began.\n\n](https://twitter.com/tidewatcher/status/1598269692082151424?s=20)[\n\n"
    "10:56 AM ∙ Dec 1, 2022\n\n---\n\n14,648Likes3,141Retweets\n\n\n\n]"
    "(https://twitter.com/tidewatcher/status/1598269692082151424?s=20)\n\n"
    # an avatar without alt text still names the account in its address; a link card between
    # the text and the time
    "[![](https://substackcdn.com/image/twitter_name/w_96/K_Reader.jpg)Kim Reader @K_ReaderI "
    "read the whole trial data and found nothing odd. ](https://twitter.com/K_Reader/status/"
    "1416353592773017602)[journal.example.orgA randomized trial of the remedyThere are comments "
    "on this publication](https://journal.example.org/p/1)[11:06 AM ∙ Jul 17, 2021\n\n* * *\n\n"
    "12Likes2Retweets](https://twitter.com/K_Reader/status/1416353592773017602)\n"
)


def _card(embed: Embed) -> tuple[object, ...]:
    return (embed.handle, embed.author_name, embed.date, embed.post_id, embed.text)


def test_markdown_cards_glued_inside_their_links() -> None:
    lindqvist, tide, reader = parse_text(GLUED)
    assert [_card(lindqvist), _card(tide), _card(reader)] == [
        (
            "planning_chief",
            "Mara Lindqvist (on leave)",
            dt.date(2023, 3, 3),
            "1629528501161435136",
            # the text stops where the quoted post's header starts
            "We approved 40 homes this year. We needed 400. That gap is the whole story.",
        ),
        (
            "tidewatcher",
            "Tide Watcher",
            dt.date(2022, 12, 1),
            "1598269692082151424",
            "High water at 06:12, the highest since records began.",
        ),
        (
            "K_Reader",
            "Kim Reader",
            dt.date(2021, 7, 17),
            "1416353592773017602",
            "I read the whole trial data and found nothing odd.",  # (not the link card)
        ),
    ]
    assert GLUED[lindqvist.start :].startswith("[![Twitter avatar for @planning_chief]")
    assert GLUED[: lindqvist.end].endswith(
        "37Retweets](https://twitter.com/planning_chief/status/1629528501161435136)"
    )


def test_what_is_no_card() -> None:
    text = (
        "Updated 9:14 PM ∙ Jan 28, 2023\n\n"  # a time and a date, no header above
        "Jane Doe @janedoe\n9:30 PM ∙ Jan 28, 2023\n\n"  # a byline: a header and no text
        "Prices ∙ Tickets ∙ Hours\n"  # the mark as a separator
        # one long line: a name and a handle right before the time, no text between
        + "The statement was read out in full at the meeting that evening, as planned. " * 3
        + "Jane Doe @janedoe 9:14 PM ∙ Jan 28, 2023\n"
        # on one line, a mention after the post's words is no header
        + "The council met again and the vote was close, with many members absent today "
        + "thanks to @cityhall for hosting the meeting again this week 9:14 PM ∙ Jan 28, 2023\n"
        "Harbour Watch @harbourwatch\nNo sailings today.\n9:14 ∙ sometime\n"  # no time, no date
    )
    assert parse_text(text) == []


def test_a_card_after_an_attribution_is_read_once() -> None:
    text = "Sailings resume Monday. — Harbour Watch (@harbourwatch) January 29, 2023\n\n" + (
        DATA / "bs4.txt"
    ).read_text(encoding="utf-8")
    forms = [e.form for e in parse_text(text)]
    assert forms == ["attribution", "substack", "substack"]


_PIECES = st.sampled_from(
    [
        "∙",
        " ∙ ",
        "9:14 PM",
        "Jan 28, 2023",
        "@h",
        "Name @h",
        "\n",
        "\n\n",
        "[",
        "](",
        ")",
        "Twitter avatar for @h",
        "* * *",
        "1Likes2Retweets",
        "x",
        " ",
    ]
)


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_never_raises_and_spans_stay_in_bounds(text: str) -> None:
    previous_end = 0
    for embed in parse_text(text):
        assert 0 <= embed.start <= embed.end <= len(text)
        assert embed.start >= previous_end
        previous_end = embed.end


# More of the Markdown Substack's cards have left: the header's own link closing after the
# handle, the text in a link of its own followed by a link the post holds; an avatar without alt
# text drawn twice; the time's link after a blank line
MORE = (
    "[![Twitter avatar for @_model_news](https://substackcdn.com/image/twitter_name/w_96/"
    "_model_news.jpg)MN @_model_news](https://twitter.com/_model_news/status/1585312074464636929)"
    "\n\n[A new model trained on film stills, weights by @someone: ](https://twitter.com/"
    "_model_news/status/1585312074464636929)[example.org/models/film-st…](https://example.org/"
    "models/film-stills)\n\n![Image](https://substackcdn.com/image/fetch/w_600/media.jpg)\n\n"
    "[4:47 PM ∙ Oct 26, 2022\n\n* * *\n\n335Likes34Retweets](https://twitter.com/_model_news/"
    "status/1585312074464636929)\n\nMore on that below.\n\n"
    "[![](https://substackcdn.com/image/twitter_name/w_36/EditorAnn.jpg)![](https://substackcdn"
    ".com/image/twitter_name/w_36/EditorAnn.jpg)Ann Editor @EditorAnn\n\nWe crossed 100,000 "
    "readers this week.\n\nThank you all!\n\n](https://twitter.com/EditorAnn/status/"
    "1532000000000000000)\n\n[4:31 PM ∙ Nov 1, 2022\n\n* * *\n\n791Likes124Retweets]"
    "(https://twitter.com/EditorAnn/status/1532000000000000000)\n"
)


def test_more_markdown_card_shapes() -> None:
    model, ann = parse_text(MORE)
    assert [_card(model), _card(ann)] == [
        (
            "_model_news",
            "MN",
            dt.date(2022, 10, 26),
            "1585312074464636929",
            "A new model trained on film stills, weights by @someone: example.org/models/film-st…",
        ),
        (
            "EditorAnn",
            "Ann Editor",
            dt.date(2022, 11, 1),
            "1532000000000000000",
            "We crossed 100,000 readers this week.\nThank you all!",
        ),
    ]
