"""parse_text on the real Marathi article and on one hand-made file per phenomenon."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.shared import shared_path

from embedarchive._build import detector_build
from embedarchive.detect import _attribution, _body
from embedarchive.detect import _plain as text_detector
from embedarchive.detect.html import parse_html
from embedarchive.detect.text import parse_text
from embedarchive.errors import InputError
from embedarchive.models import Embed, Platform

DATA = Path(__file__).resolve().parent.parent / "data" / "text"


def _parse(name: str) -> list[Embed]:
    return parse_text((DATA / name).read_text(encoding="utf-8"))


def test_marathi_article_matches_expected_parse() -> None:
    text = shared_path("examples", "marathi_article.txt").read_text(encoding="utf-8")
    expected = json.loads(
        shared_path("fixtures", "embeds", "marathi_article_expected_parse.json").read_text()
    )
    (embed,) = parse_text(text)
    assert embed.platform == Platform.TWITTER
    assert (embed.start, embed.end) == (expected["span"]["start"], expected["span"]["end"])
    assert embed.author_name == expected["author_name"]
    assert embed.handle == expected["screen_name"]
    assert embed.date == dt.date.fromisoformat(expected["date"])
    assert embed.date_text == expected["date_text"]
    assert embed.text == expected["text"]
    assert embed.truncated is expected["truncated"]
    assert embed.post_id is None and embed.url is None
    assert text[embed.start : embed.end].endswith("July 1, 2025")


def test_real_renderings_fixture_glued_and_mojibake() -> None:
    text = shared_path("fixtures", "embeds", "text_renderings_real.txt").read_text("utf-8")
    found = {(e.handle, e.date) for e in parse_text(text)}
    assert ("narendramodi", dt.date(2025, 12, 4)) in found  # "…D2zczJXkU2— Narendra Modi"
    assert ("HistoriaEnFotos", dt.date(2018, 7, 11)) in found  # "? Imágenes Históricas"
    assert ("Pauetevilo", dt.date(2018, 7, 12)) in found
    assert ("IsraelArabic", dt.date(2019, 6, 5)) in found
    assert ("jokowi", dt.date(2016, 12, 31)) in found
    assert ("elonmusk", dt.date(2023, 7, 23)) in found  # dash line alone, empty body
    modi = next(e for e in parse_text(text) if e.handle == "narendramodi")
    assert modi.author_name == "Narendra Modi"
    assert modi.text is not None and modi.text.endswith("pic.twitter.com/D2zczJXkU2")


def test_glued_dash_and_mojibake_question_mark() -> None:
    first, second = _parse("glued_and_mojibake.txt")
    assert (first.handle, first.author_name, first.date) == (
        "ashaverma_in",
        "Asha Verma",
        dt.date(2024, 3, 3),
    )
    assert first.text == (
        "Met with delegates from eleven countries today. Real progress on water sharing. "
        "pic.twitter.com/Ab12Cd34Ef"
    )
    assert first.links == ("pic.twitter.com/Ab12Cd34Ef",)
    assert (second.handle, second.date, second.date_text) == (
        "luciagomez",
        dt.date(2018, 7, 11),
        "11 de julio de 2018",
    )
    assert second.text is not None and second.text.startswith("Qué día")


def test_bs4_split_lines_and_date_on_next_line() -> None:
    (embed,) = _parse("bs4_date_next_line.txt")
    assert embed.handle == "examplefc"
    assert embed.date == dt.date(2024, 6, 14)
    # fragments split at links are joined again; the article sentence above is not included
    assert embed.text == (
        "Welcome to the family, @new_signing! Contract until 2028. #UpTheClub "
        "pic.twitter.com/Qw12Er34Ty"
    )


def test_html2text_quote_block_with_markdown_links() -> None:
    (embed,) = _parse("html2text_quote.txt")
    assert embed.post_id == "1653400000000000000"
    assert embed.url == "https://x.com/cityzoo/status/1653400000000000000"
    assert embed.text == (
        "New arrivals! Two red panda cubs were born last week and are doing well. #redpanda\n"
        "pic.twitter.com/AbCdEf1234"
    )
    assert "https://t.co/AbCdEf1234" in embed.links


def test_several_embeds_in_a_row_with_list_numbers() -> None:
    embeds = _parse("several_in_a_row.txt")
    assert [e.handle for e in embeds] == ["samreed", "miachen", "jonasberg"]
    assert [e.text for e in embeds] == [
        "What a match. Nobody will forget this night.",
        "I cried. Twice. https://t.co/XyZ123abcd",
        "Der Abend war unglaublich.",
    ]
    assert embeds[2].date == dt.date(2024, 7, 15)
    for a, b in itertools.pairwise(embeds):
        assert a.end <= b.start


def test_a_skip_link_before_the_post_is_where_it_starts() -> None:
    # BBC pages put "Skip Twitter post by @handle" before each embed (flattened to one line it
    # is glued to the post's first words) and "End of Twitter post by @handle" after it
    one_line, glued, own_line = _parse("skip_links.txt")
    assert one_line.text == (
        "The harbour reopens at six tomorrow. Ferries run to the usual timetable and the "
        "coastguard will stay on site overnight."
    )
    assert glued.text == "Nobody was consulted. Nobody. #budget"
    assert (glued.handle, glued.author_name) == ("CouncilLeader", "Ann Lee")
    assert own_line.text == (
        "Water levels are falling at last. Thanks to every volunteer out there tonight."
    )
    doc = (DATA / "skip_links.txt").read_text(encoding="utf-8")
    assert [doc[e.start : e.start + 12] for e in (one_line, glued, own_line)] == [
        "The harbour ",
        "Nobody was c",
        "Water levels",
    ]


def test_truncation_decided_by_length() -> None:
    long_post, short_post = _parse("truncation.txt")
    assert long_post.truncated is True
    assert short_post.truncated is False  # an author's own "…" in a short post
    assert short_post.text == "Well… that went better than expected"


def test_bluesky_instagram_and_bare_status_url() -> None:
    bsky, bare, insta = _parse("bluesky_instagram_bare_url.txt")
    assert bsky.platform == Platform.BLUESKY
    assert bsky.handle == "conf.bsky.social"
    assert bsky.date == dt.date(2024, 11, 25)
    assert bare.form == "status-url"
    assert bare.post_id == "1453110110599868418"
    assert bare.handle == "example_user"
    assert insta.platform == Platform.INSTAGRAM
    assert (insta.handle, insta.author_name) == ("example.bakery", "Example Bakery")
    assert insta.text is None


def test_prose_bylines_credits_and_signatures_are_not_embeds() -> None:
    assert _parse("negatives.txt") == []


@pytest.mark.parametrize(
    "line",
    [
        "— Rajnath Singh (@rajnathsingh) July 1, 2025",
        "-- Rajnath Singh (@rajnathsingh) July 1, 2025",
        "– Rajnath Singh (@rajnathsingh) July 1, 2025",
        "- Rajnath Singh (@rajnathsingh) July 1, 2025",
        "&mdash; Rajnath Singh (@rajnathsingh) July 1, 2025",
        "Rajnath Singh (@rajnathsingh) July 1, 2025",
        "> — Rajnath Singh (@rajnathsingh) [July 1, 2025](https://twitter.com/rajnathsingh/status/1940000000000000000)",
    ],
)
def test_attribution_line_variants(line: str) -> None:
    body = "Glad to speak with the US @SecDef today. pic.twitter.com/abcdefghij\n"
    text = ("> " + body + ">\n" if line.startswith(">") else body) + line + "\n"
    (embed,) = parse_text(text)
    assert embed.handle == "rajnathsingh"
    assert embed.date == dt.date(2025, 7, 1)
    assert embed.author_name == "Rajnath Singh"
    assert embed.text == "Glad to speak with the US @SecDef today. pic.twitter.com/abcdefghij"


def test_script_change_ends_the_quoted_text() -> None:
    text = (
        "एक्स या समाजमाध्यमावरील संदेशात राजनाथ सिंह यांनी म्हटले आहे की भेटीचा योग येईल.\n"
        "Glad to speak with the US @SecDef today.\n"
        "— Rajnath Singh (@rajnathsingh) July 1, 2025\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == "Glad to speak with the US @SecDef today."


def test_lead_in_line_is_not_part_of_the_post() -> None:
    text = (
        "The mayor wrote on X:\n"
        "Roads reopen at 6am. Thanks to every crew out tonight. #storm\n"
        "— Mayor Example (@mayorexample) January 5, 2024\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == "Roads reopen at 6am. Thanks to every crew out tonight. #storm"


def test_bytes_and_bad_types() -> None:
    data = "Hi pic.twitter.com/x1\n— A B (@ab) July 1, 2025\n".encode()
    (embed,) = parse_text(data)  # type: ignore[arg-type]
    assert embed.handle == "ab"
    with pytest.raises(InputError):
        parse_text(12345)  # type: ignore[arg-type]


def test_offsets_cover_the_embed() -> None:
    text = (
        "Intro line that ends here.\n\n"
        "Hello world pic.twitter.com/x1\n— A B (@ab) July 1, 2025\nAfter."
    )
    (embed,) = parse_text(text)
    assert text[embed.start : embed.end] == (
        "Hello world pic.twitter.com/x1\n— A B (@ab) July 1, 2025"
    )


def test_embed_json_round_trip() -> None:
    (embed,) = _parse("html2text_quote.txt")
    assert Embed.model_validate_json(embed.model_dump_json()) == embed


def test_short_paragraphs_of_one_post_stay_together() -> None:
    text = (
        "The agency said the closures were a precaution and that it would review the schedule "
        "again on Friday after consulting the police and the city council about the protests.\n"
        "Precautionary changes to buses from 15:30.\n"
        "No buses on Royal Parade.\n"
        "Buses to the station board at Western Approach.\n"
        "— City Buses (@citybuses_ex) August 5, 2024\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "Precautionary changes to buses from 15:30.\nNo buses on Royal Parade.\n"
        "Buses to the station board at Western Approach."
    )


def test_read_more_link_and_caption_labels() -> None:
    text = (
        "Image:\n"
        "The minister at the launch on Monday\n"
        "Big step for rail travel. Read more:\n"
        "https://t.co/AbCdEf1234\n"
        "— Rail Example (@rail_example) May 1, 2024\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == "Big step for rail travel. Read more: https://t.co/AbCdEf1234"


def test_numbered_list_post_in_plain_text() -> None:
    text = (
        "A developer summed up the mood in a short post that many readers shared widely today.\n"
        "Drinking game for web devs:\n(1) Think of a noun\n(2) Search for the noun with .js\n"
        "(3) If a library with that name exists - drink\n"
        "— Dev Example (@dev_example) September 29, 2015\n"
    )
    (embed,) = parse_text(text)
    assert embed.text is not None
    assert embed.text.startswith("Drinking game for web devs:")
    assert embed.text.endswith("drink")


def test_html2text_quote_inside_a_list_item() -> None:
    text = (
        "  * Report on the new survey, 25 January 2019\n"
        "    * > Devices in homes will be checked from next month. #security pic.twitter.com/9dX6bIoQIF\n"
        "> \n"
        "> — News Nine (@news_nine) January 25, 2019\n"
    )
    (embed,) = parse_text(text)
    assert (
        embed.text
        == "Devices in homes will be checked from next month. #security pic.twitter.com/9dX6bIoQIF"
    )


@pytest.mark.skipif(
    detector_build() == "mypyc", reason="compiled code calls _read_attribution directly"
)
def test_junk_anchors_are_read_from_a_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    import embedarchive.detect._attribution as module

    calls = 0
    real = module._read_attribution

    def counting(*args: object) -> object:
        nonlocal calls
        calls += 1
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "_read_attribution", counting)
    junk = "(@a) 1 " * 50_000
    assert parse_text(junk) == []
    assert (
        calls <= max(module.REJECTED_ANCHOR_FLOOR, len(junk) // module.REJECTED_ANCHOR_SPACING) + 1
    )


def test_real_embeds_after_some_junk_are_still_found() -> None:
    text = "(@a) 1 " * 500 + "\nHello pic.twitter.com/x1\n— A B (@ab) July 1, 2025\n"
    (embed,) = parse_text(text)
    assert embed.handle == "ab"


def test_tiktok_caption_between_handle_and_sound() -> None:
    text = (
        "The singer thanked her fans in a video.\n@singer.example\n"
        "thank you all for half a million streams today\n♬ Hometown – Singer Example\n"
        "Her label confirmed the figures.\n"
    )
    (embed,) = parse_text(text)
    assert embed.platform == Platform.TIKTOK
    assert embed.handle == "singer.example"
    assert embed.text == "thank you all for half a million streams today"
    assert text[embed.start : embed.end].startswith("@singer.example")
    assert text[embed.start : embed.end].endswith("Singer Example")


def test_facebook_posted_by_line() -> None:
    text = (
        "The MP explained his vote on his page.\n\n"
        "I was as surprised as anyone by the result of last week's vote.\n\n"
        "Posted by Jane Example MP on Wednesday, 18 November 2015\n"
    )
    (embed,) = parse_text(text)
    assert embed.platform == Platform.FACEBOOK
    assert embed.author_name == "Jane Example MP"
    assert embed.date == dt.date(2015, 11, 18)
    assert embed.text == "I was as surprised as anyone by the result of last week's vote."


def test_post_in_another_language_than_the_article_keeps_its_paragraphs() -> None:
    # a German article quoting an English post: the English lines above belong to the post,
    # the German line above them does not
    article = (
        "Die Agentur hat das Video am Montag veröffentlicht und es wurde auf der Plattform "
        "schnell geteilt, wie die Redaktion berichtet. Der Hersteller hat sich dazu nicht "
        "geäußert, aber die Zahlen sind für die Branche und die Anleger von großer Bedeutung.\n"
    )
    text = (
        article
        * 2
        + "Die Agentur hat das Video am Montag veröffentlicht und es wurde auf der Plattform "
        "schnell geteilt, wie die Redaktion berichtet.\n"
        "Wie das nachfolgende Video zeigt, ist die Lage an der Grenze sehr angespannt.\n"
        "Provided our vehicle computer is able to run the model, the fleet will have the most "
        "compute on Earth.\n"
        "Even in a future like that, the cars will only be used for a third of the day.\n"
        "— Car Maker (@car_maker_ex) October 24, 2024\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "Provided our vehicle computer is able to run the model, the fleet will have the most "
        "compute on Earth.\n"
        "Even in a future like that, the cars will only be used for a third of the day."
    )


def test_article_line_in_another_language_ends_the_post() -> None:
    text = (
        "Researcher Max Muster hat die neue Funktion bei der App entdeckt und via X einen "
        "Screenshot davon geteilt.\n"
        "#App is working on video notes for stories. Users can record a short clip 🔴\n"
        "— Max Muster (@maxmuster_ex) November 3, 2023\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "#App is working on video notes for stories. Users can record a short clip 🔴"
    )


def test_post_in_another_script_than_the_article_keeps_its_paragraphs() -> None:
    text = (
        "And we understand that we do not have time for certain issues to ride.\n"
        "Сьогодні у Лондоні разом з Президентом\n"
        "@ZelenskyyUa\n"
        ". Наша команда працює над зміцненням оборонної підтримки.\n"
        "І ми розуміємо, що часу на те, щоб певні питання їхали, в нас немає.\n"
        "pic.twitter.com/AkgXeCJ7cW\n"
        "— Andriy Yermak (@AndriyYermak)\n"
        "May 15, 2023\n"
    )
    (embed,) = parse_text(text)
    assert embed.text is not None
    assert embed.text.startswith("Сьогодні у Лондоні разом з Президентом @ZelenskyyUa.")
    assert embed.text.endswith("в нас немає. pic.twitter.com/AkgXeCJ7cW")


def test_lone_period_after_an_article_link_is_not_the_posts() -> None:
    # BeautifulSoup get_text("\n") splits "… in the journal <a>Some review</a>." at the link
    text = (
        "Les chercheurs ont publié leur analyse le 6 juillet dans\n"
        "le journal de l'université\n"
        "Some review\n"
        ".\n"
        "Maybe worth considering this for C19\n"
        "https://t.co/LEYob7Jofr\n"
        "— Some One (@someone_ex)\n"
        "March 16, 2020\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == "Maybe worth considering this for C19 https://t.co/LEYob7Jofr"
    assert text[embed.start :].startswith("Maybe worth")


def test_dot_mention_opens_a_post_without_a_space() -> None:
    text = "Intro.\n\n.\n@ScHoolBoyQ\nGET TOP DAWG ON THE PHONE !\n— Some One (@someone_ex)\nMay 1, 2016\n"
    (embed,) = parse_text(text)
    assert embed.text == ".@ScHoolBoyQ GET TOP DAWG ON THE PHONE !"


def test_line_below_a_post_opener_belongs_to_the_post() -> None:
    text = (
        "Officials said the decision came after weeks of talks.\n"
        "🇺🇦 FT: The minister is considering replacing the commander as criticism grows.\n"
        "He is said to be meeting senior commanders to assess the situation.\n"
        "While no decision has been made, he is reportedly…\n"
        "pic.twitter.com/PbK0B7UjJM\n"
        "— Some Account (@some_account_ex)\n"
        "July 18, 2026\n"
    )
    (embed,) = parse_text(text)
    assert embed.text is not None
    assert embed.text.startswith("🇺🇦 FT: The minister")


def test_lead_in_above_a_paragraph_of_the_post() -> None:
    text = (
        "The planemaker's shares fell again on Monday.\n"
        "Trump’s tweet:\n"
        "What do I know about branding, maybe nothing, but I would rename the plane.\n"
        "No product has suffered like this one. But again, what do I know?\n"
        "— Donald J. Trump (@realDonaldTrump)\n"
        "April 15, 2019\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "What do I know about branding, maybe nothing, but I would rename the plane.\n"
        "No product has suffered like this one. But again, what do I know?"
    )


def test_colon_above_a_reply_introduces_it() -> None:
    text = (
        "A lover of all things chickpea, I decided to investigate.\n"
        "The reason the app has this feature, it seems, is super adorable:\n"
        "@geooot_ Because we love our Anna so much that we wanted to save her voice.\n"
        "— Slack (@SlackHQ) April 5, 2016\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "@geooot_ Because we love our Anna so much that we wanted to save her voice."
    )


def test_headlines_and_photo_credits_above_a_post_are_not_the_post() -> None:
    text = (
        "Trump To Attend Three Inaugural Balls Compared With Ten For Obama\n"
        "Anis Amri, suspect in Berlin truck attack, killed by Italian police.\n"
        "— Word Smith (@wordsmith_ex) December 23, 2016\n"
        "\n"
        "EMERGENCY: The Health Secretary chaired a meeting following the news [GETTY]\n"
        "Ebola case. Public health experts have emphasised risks are negligible.\n"
        "— Health Dept (@healthdept_ex) December 29, 2014\n"
    )
    first, second = parse_text(text)
    assert first.text == "Anis Amri, suspect in Berlin truck attack, killed by Italian police."
    assert second.text == (
        "Ebola case. Public health experts have emphasised risks are negligible."
    )


def test_tag_opening_the_first_sentence_starts_the_post() -> None:
    text = (
        "Our correspondent has just arrived at the airport, where the military\n"
        "just arrived with two bodies.\n"
        "#QZ8501\n"
        ": Search teams have just brought a body back from sea via helicopter\n"
        "http://t.co/fU1QeMQPFC\n"
        "— News Channel (@newschannel_ex)\n"
        "December 31, 2014\n"
    )
    (embed,) = parse_text(text)
    assert embed.text is not None
    assert embed.text.startswith("#QZ8501: Search teams")


def test_a_line_opening_with_a_tag_under_a_finished_sentence_opens_the_post() -> None:
    # a renderer that keeps a link in its line (trafilatura): the tag was not split off a
    # sentence, so the finished sentence above it is the article's
    text = (
        "Officials said hundreds of people were on standby waiting for clear weather.\n"
        "#QZ8501 search: DNA tests on recovered bodies being conducted by police "
        "http://t.co/fU1QeMQPFC pic.twitter.com/3dieemkTkT\n"
        "— News Channel (@newschannel_ex) December 31, 2014\n"
    )
    (embed,) = parse_text(text)
    assert embed.text is not None
    assert embed.text.startswith("#QZ8501 search: DNA tests")
    assert text[embed.start :].startswith("#QZ8501 search")
    # a line of tags alone is how many posts end: the sentence above it stays the post's
    tags_only = (
        "The team played an incredible match tonight and we are all so proud of them.\n"
        "#GoHawks #NFL pic.twitter.com/PgA1xekg5Q\n"
        "— Fan Page (@fanpage_ex) May 2, 2021\n"
    )
    (embed,) = parse_text(tags_only)
    assert embed.text is not None
    assert embed.text.startswith("The team played")
    # a tag split off the sentence (get_text("\n")) and a short opening line still join
    split = (
        "The article's paragraph ends here.\n\n"
        "Huge win tonight.\n"
        "#GoHawks\n"
        "pic.twitter.com/abcDEF1234\n"
        "— Fan Page (@fanpage_ex) May 2, 2021\n"
    )
    (embed,) = parse_text(split)
    assert embed.text == "Huge win tonight. #GoHawks pic.twitter.com/abcDEF1234"


def test_a_listicle_number_or_a_label_after_the_previous_embed_heads_the_next() -> None:
    # a page flattened to one line (get_text(" ")): what stands between two embeds on the line
    page = (
        "Ten ads so far. 1. Sound the klaxon, the ad is here! pic.twitter.com/uI0tKNnIGc "
        "— M&S (@marksandspencer) November 1, 2023 "
        "2. Wondering who will be first to stitch the ads together. "
        "— D A V I D (@davelomax) November 3, 2023 "
        "Ted Cruz: Ted Cruz's net worth = $3,013,518 https://t.co/fRw7dmh3gm "
        "— Paul Ryan's Net Worth (@ryans_net_ex) April 28, 2017 "
        "3. 2. Ready for the second half #GoHawks "
        "— Fan (@fan_ex) May 2, 2021"
    )
    embeds = parse_text(page)
    assert [e.handle for e in embeds] == ["marksandspencer", "davelomax", "ryans_net_ex", "fan_ex"]
    assert embeds[1].text == "Wondering who will be first to stitch the ads together."
    assert embeds[2].text == "Ted Cruz's net worth = $3,013,518 https://t.co/fRw7dmh3gm"
    assert embeds[3].text == "2. Ready for the second half #GoHawks"  # (only the heading goes)
    assert page[embeds[1].start :].startswith("Wondering")


def test_a_lead_in_between_two_embeds_on_one_line_is_the_article_s() -> None:
    # get_text(" "): the text between two embeds, a sentence introducing the second with a colon
    first = "Hummus is now a Slack sound. pic.twitter.com/fob8W59IgP — Anna (@anna_ex) May 3, 2017 "
    page = (
        first + "Trump's tweet: What do I know about branding, maybe nothing — Donald (@don_ex) "
        "March 18, 2019 "
        "and John McCain: McCain's net worth = $19,642,067 — Ryan's (@ryans_ex) April 28, 2017 "
        "I can't recommend this course enough: https://t.co/0l4TXhkAwz Easy to follow. "
        "— Fan (@fan_ex) May 4, 2017 "
        "How iOS 13 FaceTime Attention Correction works: it uses ARKit to grab a depth map "
        "— Dave (@dave_ex) July 3, 2019"
    )
    embeds = parse_text(page)
    assert [e.handle for e in embeds] == ["anna_ex", "don_ex", "ryans_ex", "fan_ex", "dave_ex"]
    assert embeds[1].text == "What do I know about branding, maybe nothing"
    assert embeds[2].text == "McCain's net worth = $19,642,067"
    # a colon before the post's own link, or after a sentence that introduces nothing, is the
    # post's
    assert embeds[3].text == (
        "I can't recommend this course enough: https://t.co/0l4TXhkAwz Easy to follow."
    )
    assert embeds[4].text == (
        "How iOS 13 FaceTime Attention Correction works: it uses ARKit to grab a depth map"
    )


def test_a_japanese_sentence_wrapped_by_a_text_browser_joins_without_a_space() -> None:
    # w3m -dump wraps at 80 columns (two a CJK character) wherever the line is full; Japanese
    # puts no space between words, so the break is no space. A break after a stop, or after a
    # hashtag, or on a short line (the post's own line break), keeps one.
    indent = " " * 12
    text = (
        "      \u25a1 \n"
        f"{indent}なにこれ。例えるなら「鍵のかかってない家が多いらしいから、国が一軒\n"
        f"{indent}ずつドアを開けて侵入してみます」ということ何ですが。\n\n"
        f"{indent}こんな法改正が話題にならずに通ってたって、マスコミと野党何やってん\n"
        f"{indent}だよ！\n\n"
        f"{indent}いわゆる #Iot機器\n"
        f"{indent}に国が侵入を試みる\n"
        f"{indent}https://t.co/MsU3noh0Iq\n\n"
        f"{indent}\u2014 \u5f01\u8b77\u58eb (@oguchilaw) January 26, 2019\n"
    )
    (embed,) = parse_text(text)
    assert embed.text is not None
    flat = " ".join(embed.text.split())
    assert "国が一軒ずつドアを" in flat
    assert "何やってんだよ！" in flat
    assert "何ですが。 こんな" in flat
    assert "#Iot機器 に国が" in flat  # (a short line: the author's own break)


@pytest.mark.parametrize(
    ("lead_in", "post", "attribution"),
    [
        ("Он написал:", "Сегодня важный день.", "— Иван Иванов (@ivanov) 1 июля 2025 г."),
        ("Він написав:", "Сьогодні важливий день.", "— Іван Іванов (@ivanov) 1 липня 2025 р."),
        ("首相は次のように投稿した。", "今日は良い日です。", "— 山田太郎 (@yamada) 2025年7月1日"),
        ("他在推特上写道：", "今天是美好的一天。", "— 张三 (@zhangsan) 2025年7月1日"),
        (
            "Premier napisał na Twitterze:",
            "Dziś jest ważny dzień dla kraju.",
            "— Jan Kowalski (@jkowalski) 1 lipca 2025",
        ),
        ("Bakan şunları yazdı:", "Bugün önemli bir gün.", "— Ali Veli (@aliveli) 1 Temmuz 2025"),
        ("De minister schreef:", "Vandaag is een grote dag.", "— Jan Jansen (@jj) 1 juli 2025"),
        ("Menteri menulis:", "Hari ini hari yang penting.", "— Budi (@budi) 1 Juli 2025"),
    ],
)
def test_lead_ins_in_the_widget_languages_stay_out_of_the_post(
    lead_in: str, post: str, attribution: str
) -> None:
    (embed,) = parse_text(f"{lead_in}\n{post}\n{attribution}\n")
    assert embed.text == post


def test_letter_items_of_one_list() -> None:
    text = (
        "— Radu Example (@radu_example)\nNovember 3, 2023\n"
        "The beta added this section in the latest update and it works like this:\n"
        "a) You can record a 15 sec video and upload it to Stories.\n"
        "b) Upload from phone a 15 sec video, but the app will cut the vid in…\n"
        "— Radu Example (@radu_example)\nNovember 3, 2023\n"
    )
    second = parse_text(text)[-1]
    assert second.text is not None
    assert second.text.startswith("The beta added this section")


def test_markup_flattened_without_separators() -> None:
    # lxml text_content() / get_text(""): paragraphs glued, the dash ending a line of its own
    # pretty-printed source, the date broken over two lines
    text = (
        "    <article>\n"
        "      The company made the change on Monday.A lot of people on Twitter pointed it "
        "out.Today we are thrilled to announce free private repos: https://t.co/dFgK6KC0Wc—\n"
        "                  Nat Friedman (@natfriedman) January\n"
        "                    7, 2019\n"
    )
    (embed,) = parse_text(text)
    assert (embed.author_name, embed.handle, embed.date) == (
        "Nat Friedman",
        "natfriedman",
        dt.date(2019, 1, 7),
    )
    assert embed.date_text == "January 7, 2019"
    assert (
        embed.text
        == "Today we are thrilled to announce free private repos: https://t.co/dFgK6KC0Wc"
    )


def test_old_instagram_photo_caption() -> None:
    text = (
        "Dear TeamLH, just wanted to let you know why things have been quiet.\n\n"
        "A photo posted by Lewis Hamilton (@lewishamilton) on Nov 11, 2015 at 2:50pm PST\n\n"
        "Hamilton posted the news to his fans.\n"
    )
    (embed,) = parse_text(text)
    assert embed.platform == Platform.INSTAGRAM
    assert (embed.author_name, embed.handle, embed.date) == (
        "Lewis Hamilton",
        "lewishamilton",
        dt.date(2015, 11, 11),
    )


def test_layout_keeping_renderer_indents_the_quote() -> None:
    # inscriptis: blocks separated by blank lines, the blockquote two columns deeper
    text = (
        "                Our team is working on strengthening defence support.\n"
        "\n"
        "                And we understand that we don't have time to wait.\n"
        "\n"
        "                  Сьогодні у Лондоні разом з Президентом @ZelenskyyUa.\n"
        "\n"
        "                  І ми розуміємо, що часу на те в нас немає.\n"
        "\n"
        "                  — Andriy Yermak (@AndriyYermak) May 15, 2023\n"
        "\n"
        "                The talks went on into the evening.\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "Сьогодні у Лондоні разом з Президентом @ZelenskyyUa.\n"
        "І ми розуміємо, що часу на те в нас немає."
    )
    assert text[embed.start :].startswith("Сьогодні")


def test_indented_instagram_caption_is_read_to_instagram_s_length() -> None:
    # pandoc -t plain: lines wrapped at 72 columns, the quote indented two columns; a caption
    # runs far past an X post's length, and the indentation closes it above and below
    sentence = "Just wanted to let you know why things have been quiet here these past days."
    caption = " ".join([sentence] * 9)  # 684 characters
    wrapped = textwrap.wrap(caption, 70)
    text = (
        "Hamilton explained what happened on his Instagram account.\n\n"
        + "".join(f"  {line}\n" for line in wrapped)
        + "\n  A photo posted by Lewis Hamilton (@lewishamilton) on Nov 11, 2015 at\n"
        "  2:50pm PST\n\n"
        "Hamilton posted the news to his fans.\n"
    )
    (embed,) = parse_text(text)
    assert embed.handle == "lewishamilton"
    assert embed.text == caption
    # where the article goes on at the quote's depth (lynx indents all prose), the
    # indentation delimits nothing and the caption is not read past an X post's length
    flush = text.replace("Hamilton posted the news", "  Hamilton posted the news")
    (embed,) = parse_text(flush)
    assert embed.text != caption


def test_layout_keeping_renderer_quote_in_a_list_item() -> None:
    # resiliparse: the page lists a link, then the post in a nested item; the item's bullet
    # hangs in front of the column the post's other paragraphs and its attribution share
    text = (
        "  \u2022 Posters taken down on campus, The Review, January 25, 2019\n"
        "\n"
        "    \u2022 What is this?\n"
        "\n"
        "      Posters were taken down by the police today https://t.co/Ab12Cd34Ef\n"
        "\n"
        "      \u2014 The Review (@udreview) January 25, 2019\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "What is this?\nPosters were taken down by the police today https://t.co/Ab12Cd34Ef"
    )
    assert text[embed.start :].startswith("What is this?")


def test_same_indentation_as_the_article_says_nothing() -> None:
    text = (
        "    The agency said the closures were a precaution.\n"
        "\n"
        "    Precautionary changes to buses from 15:30. pic.twitter.com/AbCd1234\n"
        "\n"
        "    — City Buses (@citybuses_ex) August 5, 2024\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == "Precautionary changes to buses from 15:30. pic.twitter.com/AbCd1234"


def test_page_flattened_to_one_line() -> None:
    # BeautifulSoup get_text(" ", strip=True): no line breaks at all
    article = "The council met on Monday and the debate went on for hours before the vote. " * 6
    text = (
        article + "Take a look at what the analysts said about his performance: "
        "The #Browns top defender was Joe Schobert. He had two interceptions "
        "pic.twitter.com/PQqbN51wBW — PFF Browns (@PFF_Browns) October 3, 2019 " + article
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "The #Browns top defender was Joe Schobert. He had two interceptions "
        "pic.twitter.com/PQqbN51wBW"
    )
    assert embed.date == dt.date(2019, 10, 3)


def test_one_line_page_short_sentences_join_the_post() -> None:
    # a post of short sentences without tweet marks: they join while the post stays short
    article = "The council met on Monday and the debate went on for hours before the vote. " * 6
    attribution = "— Anna Pickard (@annapickard) June 7, 2016 "
    post = "My notification noise is set to a word. Of me, saying it. pic.twitter.com/fob8W59IgP"
    (embed,) = parse_text(article + post + " " + attribution)
    assert embed.text == post
    # ... but not past that length (the article's sentences run longer)
    (embed,) = parse_text(
        article
        + "Anyway, this is what the notification sounds like in the office these days, he said. "
        + post
        + " "
        + attribution
    )
    assert embed.text == post
    # a lead-in of several words introduces the post; a one-word label opens it
    (embed,) = parse_text(article + "Among the responses: " + post + " " + attribution)
    assert embed.text == post
    (embed,) = parse_text(article + "Fact: " + post + " " + attribution)
    assert embed.text == "Fact: " + post
    # a sentence in the article's language above a post in another one stays out
    german = (
        "Der Rat hat am Montag lange und heftig über den Haushalt für das nächste Jahr beraten. "
    )
    (embed,) = parse_text(
        german * 6 + "Wer ist schuld an der Eskalation und wer nicht? " + post + " " + attribution
    )
    assert embed.text == post


def test_markdown_renderers_outside_quotes() -> None:
    # trafilatura's Markdown output: links in brackets without "> "; markdownify: autolinks;
    # a code fence line above the post is page furniture
    text = (
        "The station posted a picture of the module.\n\n"
        "```\n```\n"
        "My #bedroom aboard #ISS. All the comforts of [#home](https://twitter.com/hashtag/home). "
        "<https://t.co/2Ur09qccLI>\n\n"
        "— Scott Kelly (@StationCDRKelly) [November 10, 2015]"
        "(https://twitter.com/StationCDRKelly/status/664153446546415616)\n"
    )
    (embed,) = parse_text(text)
    assert (
        embed.text == "My #bedroom aboard #ISS. All the comforts of #home. https://t.co/2Ur09qccLI"
    )
    assert embed.post_id == "664153446546415616"
    assert "https://t.co/2Ur09qccLI" in embed.links


def test_embed_inside_a_list_item() -> None:
    text = (
        "Reactions:\n"
        "  - 専門家 総務省が調査へ #nhk https://t.co/5ejCsed1mz — NHKニュース (@nhk_news) "
        "January 28, 2019\n"
        "  - Another reaction that is not an embed.\n"
    )
    (embed,) = parse_text(text)
    assert (embed.author_name, embed.handle) == ("NHKニュース", "nhk_news")
    assert embed.text == "専門家 総務省が調査へ #nhk https://t.co/5ejCsed1mz"


def test_instagram_caption_with_markdown_links() -> None:
    text = (
        "> Ein Beitrag geteilt von  [Vreni Frost](https://www.instagram.com/vrenifrost/) "
        "(@vrenifrost) am Mär 12, 2018 um 12:30 PDT\n\n"
        "> [A post shared by Chaki Sklar (@chakifunkwizard)]"
        "(https://www.instagram.com/tv/CIqsGheBmpi/?utm_source=ig_embed)\n"
    )
    first, second = parse_text(text)
    assert (first.author_name, first.handle, first.date) == (
        "Vreni Frost",
        "vrenifrost",
        dt.date(2018, 3, 12),
    )
    assert (second.author_name, second.handle) == ("Chaki Sklar", "chakifunkwizard")
    assert second.post_id == "CIqsGheBmpi"


def test_instagram_post_address_from_markdown_caption_and_header() -> None:
    # Markdown renderers link the caption and the header to the post; "A post shared by"
    # links the profile only
    text = (
        "> [View this post on Instagram](https://www.instagram.com/p/B8pT40EBjoK/?utm_source=ig)\n"
        ">\n"
        "> [Gracias por preocuparse por mi mamá 🙏🏻](https://www.instagram.com/p/B8pT40EBjoK/)\n"
        ">\n"
        "> A post shared by  [Alejandra Guzmán](https://www.instagram.com/laguzmanmx/) "
        "(@laguzmanmx) on Feb 16, 2020 at 3:02pm PST\n\n"
        "Between the posts, the article links [another post](https://www.instagram.com/p/Zz9Yy8Xx7/).\n\n"
        "> [Sieh dir diesen Beitrag auf Instagram an](https://www.instagram.com/p/BgTRLkmnibM/)\n"
        ">\n"
        "> Ein Beitrag geteilt von  [Vreni Frost](https://www.instagram.com/vrenifrost/) "
        "(@vrenifrost) am Mär 14, 2018 um 3:56 PDT\n\n"
        # html2text's defaults wrap the header's label before its "]("
        "> [ View this post on Instagram\n"
        "> ](https://www.instagram.com/tv/CIqsGheBmpi/?utm_source=ig_embed)\n"
        ">\n"
        "> A post shared by Chaki Sklar (@chakifunkwizard) on Dec 10, 2020\n\n"
        "The article links [a post](https://www.instagram.com/p/Zz9Yy8Xx7/) in its prose.\n\n"
        "> [View this post on Instagram](https://www.instagram.com/bumblebff/)\n"
        ">\n"
        "> A post shared by Bumble (@bumblebff) on May 2, 2019\n"
    )
    guzman, frost, sklar, bumble = parse_text(text)
    assert (guzman.post_id, guzman.url) == (
        "B8pT40EBjoK",
        "https://www.instagram.com/p/B8pT40EBjoK/",
    )
    assert guzman.text == "Gracias por preocuparse por mi mamá 🙏🏻"
    assert (frost.handle, frost.post_id) == ("vrenifrost", "BgTRLkmnibM")  # the header's link
    assert (sklar.handle, sklar.post_id) == ("chakifunkwizard", "CIqsGheBmpi")
    # a header that links a profile names no post, and the prose's link above is another post
    assert (bumble.handle, bumble.post_id, bumble.url) == ("bumblebff", None, None)


def test_empty_date_link_under_a_dateless_attribution() -> None:
    # a page whose date link has no label: Markdown keeps "[](status URL)" on the next line
    text = (
        "> Posters promoting the event were taken down by @udelpolice… https://t.co/NNxn1LoIuM\n"
        ">\n"
        "> -- The Review (@udreview)\n"
        "> [](https://twitter.com/BuzzFeed/status/790936002017755136)\n\n"
        "ID: 10022662\n\n"
        "> I released a first version [pic.twitter.com/eDJu0qRTb8](https://t.co/eDJu0qRTb8)\n"
        ">\n"
        "> — Sebastin Rothe (@port_noy)\n"
        "> [](https://web.archive.org/web/2019/https://twitter.com/port_noy/status/811931086355832833)\n"
        "\n"
        "> Not a post's link https://t.co/AbCdEf\n"
        ">\n"
        "> — Some One (@someone)\n"
        "> [](https://example.org/page)\n"
    )
    review, rothe, other = parse_text(text)
    assert (review.handle, review.date, review.post_id) == ("udreview", None, "790936002017755136")
    assert text[: review.end].endswith("790936002017755136)")
    assert (rothe.handle, rothe.post_id) == ("port_noy", "811931086355832833")
    assert rothe.url == "https://x.com/port_noy/status/811931086355832833"
    assert (other.handle, other.post_id, other.url) == ("someone", None, None)
    assert text[: other.end].endswith("(@someone)")


def test_unstripped_rendering_keeps_the_source_spacing_at_node_boundaries() -> None:
    # get_text("\n") without strip: a line break at every node boundary, with the spaces
    # around it kept. No space on either side: the link was glued to the text in the source
    text = (
        "The campaign drew mocking replies \n"
        "on social media\n"
        " after its launch, and the governor \n"
        "defended it\n"
        " on Monday.\n"
        "\n"
        "While we focus on the new campaign, we should not forget the one from 2014.\n"
        "https://t.co/hFciHO5Qc7\n"
        "pic.twitter.com/KQLpngeTbO\n"
        "— Jane Doe (@janedoe) \n"
        "November 19, 2019\n"
        "\n"
        "I learnt something in the first lesson! \n"
        "https://t.co/Rx6B4Otazs\n"
        "— Wes (@wes) \n"
        "July 1, 2025\n"
        "\n"
        "How did this ad get approved \n"
        "@Meta\n"
        " ? It is everywhere.\n"
        "— Ann (@ann) \n"
        "July 2, 2025\n"
    )
    glued, spaced, before_mark = parse_text(text)
    assert glued.text == (
        "While we focus on the new campaign, we should not forget the one from 2014."
        "https://t.co/hFciHO5Qc7pic.twitter.com/KQLpngeTbO"
    )
    # glued in the text, the links are still two
    assert glued.links == ("https://t.co/hFciHO5Qc7", "pic.twitter.com/KQLpngeTbO")
    assert spaced.text == "I learnt something in the first lesson! https://t.co/Rx6B4Otazs"
    assert before_mark.text == "How did this ad get approved @Meta ? It is everywhere."
    # the same lines stripped say nothing of the source: a space, as most sources have
    stripped = "\n".join(line.strip() for line in text.split("\n"))
    assert parse_text(stripped)[0].text == (
        "While we focus on the new campaign, we should not forget the one from 2014. "
        "https://t.co/hFciHO5Qc7 pic.twitter.com/KQLpngeTbO"
    )


def test_html2text_wrapped_at_78_columns() -> None:
    # html2text's defaults wrap lines, also inside the [date](url) link and the Instagram
    # caption; a hard line break ends in two spaces, a soft wrap does not
    text = (
        "> Ousted Defense Minister says he urged the President to fire the Commander-in-\n"
        "> Chief and to read [the full\n"
        "> statement](https://example.org/statement) before the vote.\n"
        ">\n"
        "> — Some Reporter (@some_reporter) [November 18,\n"
        "> 2019](https://twitter.com/some_reporter/status/1196557124622520320?ref_src=tw)\n"
        "\n"
        "> A post shared by [ Manuela\n"
        "> Reimann](https://www.instagram.com/manuelareimann/) (@manuelareimann) am Jun\n"
        "> 17, 2019 um 12:17 PDT\n"
    )
    tweet, post = parse_text(text)
    assert (tweet.handle, tweet.date, tweet.date_text) == (
        "some_reporter",
        dt.date(2019, 11, 18),
        "November 18, 2019",
    )
    assert tweet.post_id == "1196557124622520320"
    assert tweet.text == (
        "Ousted Defense Minister says he urged the President to fire the Commander-in-Chief "
        "and to read the full statement before the vote."
    )
    assert (post.platform, post.author_name, post.date) == (
        Platform.INSTAGRAM,
        "Manuela Reimann",
        dt.date(2019, 6, 17),
    )


def test_html2text_escaped_date_text_is_clean() -> None:
    text = (
        "> Großer Tag heute.  \n>\n"
        "> — Peter Beispiel (@pbeispiel) [25\\. September\n"
        "> 2018](https://twitter.com/pbeispiel/status/1044502590266978309)\n"
    )
    (embed,) = parse_text(text)
    assert (embed.date, embed.date_text) == (dt.date(2018, 9, 25), "25. September 2018")


def test_markdown_escaped_handle() -> None:
    # markdownify escapes the underscore of "(@nhk_news)"
    text = (
        "  + > 総務省 ＩｏＴ機器に無差別侵入し調査へ NHK <https://t.co/MsU3noh0Iq>\n"
        "    >\n"
        "    > — NHKニュース (@nhk\\_news) [January 28, 2019]"
        "(https://twitter.com/nhk_news/status/1089840528357814278)\n"
    )
    (embed,) = parse_text(text)
    assert (embed.handle, embed.post_id) == ("nhk_news", "1089840528357814278")
    assert embed.text == "総務省 ＩｏＴ機器に無差別侵入し調査へ NHK https://t.co/MsU3noh0Iq"


def test_html2text_wrapped_name_and_instagram_date() -> None:
    text = (
        "> Today we meet the families.\n>\n"
        "> — Governor Kristi Noem\n"
        "> (@govkristinoem) [November 18,\n"
        "> 2019](https://twitter.com/govkristinoem/status/1196553520201248768)\n"
        "\n"
        "> [A post shared by Kira Bejaoui\n"
        "> (@kirabejaoui)](https://www.instagram.com/p/BwhCjGGF1Tt/?utm_source=ig_embed)\n"
        "> on Apr 21, 2019 at 4:40am PDT\n"
    )
    tweet, post = parse_text(text)
    assert (tweet.author_name, tweet.handle, tweet.date) == (
        "Governor Kristi Noem",
        "govkristinoem",
        dt.date(2019, 11, 18),
    )
    assert tweet.text == "Today we meet the families."
    assert (post.author_name, post.handle, post.date, post.post_id) == (
        "Kira Bejaoui",
        "kirabejaoui",
        dt.date(2019, 4, 21),
        "BwhCjGGF1Tt",
    )


def test_opening_paragraph_with_a_tag_across_a_blank_line() -> None:
    # trafilatura's Markdown separates a post's paragraphs like the article's
    text = (
        "The match turned in the second half, as the coach had predicted.\n\n"
        "[#ITAFRA](https://twitter.com/hashtag/ITAFRA) 41' 1-1\n\n"
        "Equaliser from the left wing after a long ball! pic.twitter.com/Ab12Cd34Ef\n\n"
        "— Sports Desk (@sportsdesk_fr) June 16, 2021\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "#ITAFRA 41' 1-1\nEqualiser from the left wing after a long ball! "
        "pic.twitter.com/Ab12Cd34Ef"
    )
    assert text[embed.start :].startswith("[#ITAFRA]")


def test_opening_paragraph_with_an_emoji_across_a_blank_line() -> None:
    text = (
        "Officials declined to comment on Tuesday.\n\n"
        "🇺🇦 Report: the minister is expected to resign this week.\n\n"
        "No decision has been made yet, sources say… pic.twitter.com/Zz9Yy8Xx7W\n\n"
        "— Example News (@examplenews) July 19, 2026\n"
    )
    (embed,) = parse_text(text)
    assert embed.text is not None
    assert embed.text.startswith("🇺🇦 Report:")


def test_article_paragraphs_above_a_blank_line_stay_out() -> None:
    text = (
        "The council met on Monday and voted on the budget for next year.\n\n"
        "Equaliser from the left wing after a long ball! pic.twitter.com/Ab12Cd34Ef\n\n"
        "— Sports Desk (@sportsdesk_fr) June 16, 2021\n"
    )
    (embed,) = parse_text(text)
    assert (
        embed.text == "Equaliser from the left wing after a long ball! pic.twitter.com/Ab12Cd34Ef"
    )
    # a tagged line that is part of a longer article paragraph is not a paragraph of the post
    text = (
        "The article's paragraph goes on here and\n#Budget2021 is mentioned in its last line.\n\n"
        "Equaliser from the left wing after a long ball! pic.twitter.com/Ab12Cd34Ef\n\n"
        "— Sports Desk (@sportsdesk_fr) June 16, 2021\n"
    )
    (embed,) = parse_text(text)
    assert (
        embed.text == "Equaliser from the left wing after a long ball! pic.twitter.com/Ab12Cd34Ef"
    )


# An article as trafilatura's Markdown writes it: a blank line after every paragraph, the
# post's own paragraphs included.
_PARAGRAPHS_ABOVE = (
    "# Air quality\n\n"
    "The haze over the capital thickened again on Wednesday morning.\n\n"
    "Schools in the worst districts stayed closed for a second day.\n\n"
    "It is the latest wave of smog this season, the city's health office said.\n\n"
)


def test_post_paragraphs_across_blank_lines_in_a_paragraph_document() -> None:
    text = _PARAGRAPHS_ABOVE + (
        "The city has turned into a gas chamber due to smoke from the fields nearby\n\n"
        "We have started handing out masks in every school today\n\n"
        "Please wear them whenever you go out [pic.twitter.com/Ab12Cd34Ef](https://t.co/Ab12Cd34Ef)"
        "\n\n— City Mayor (@citymayor) [November 1, 2019]"
        "(https://twitter.com/citymayor/status/1190124368241795073)\n\n"
        "The haze is expected to lift by the weekend.\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "The city has turned into a gas chamber due to smoke from the fields nearby\n"
        "We have started handing out masks in every school today\n"
        "Please wear them whenever you go out pic.twitter.com/Ab12Cd34Ef"
    )
    assert text[embed.start :].startswith("The city has turned")
    # a reply's paragraph that opens with a linked mention
    text = _PARAGRAPHS_ABOVE + (
        "[@a_resident](https://twitter.com/a_resident) SEVEN!\n\n"
        "Three were replaced. https://t.co/hcKsDsaEMc\n\n"
        "— City Mayor (@citymayor) December 19, 2016\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == "@a_resident SEVEN!\nThree were replaced. https://t.co/hcKsDsaEMc"


def test_short_post_paragraphs_across_blank_lines_in_a_paragraph_document() -> None:
    # a browser's innerText, inscriptis, resiliparse: a post of several short paragraphs,
    # none of which reads like an article's sentence, parted by blank lines like the article
    for paragraphs in (
        ["on. meth. dot. com.", "meth.", "we\u2019re. on. it. https://t.co/HO1ZRs9T1P"],
        ["It gets worse\u2026!", "ANOTHER fake account is pretending to be @CityHall"],
        ['CNN: "The mayor is gravely ill"', 'Reuters: "The mayor is fine"', "Trust nobody."],
        [
            "\u9ed2\u5857\u308a\u3092\u30b3\u30d4\u30da\u3057\u305f\u3089\u5fa9\u5143\u3067\u304d\u305f\u3002",
            "\u2192 \u672c\u8cc7\u659916\u30da\u30fc\u30b8\u53c2\u7167",
        ],
    ):
        text = (
            _PARAGRAPHS_ABOVE
            + "".join(p + "\n\n" for p in paragraphs)
            + "\u2014 City Mayor (@citymayor) November 1, 2019\n"
        )
        (embed,) = parse_text(text)
        assert embed.text == "\n".join(paragraphs), paragraphs
    # an article's short sentence or a lead-in ending in a spaced ellipsis stays out
    for above in ("With reason, it seems.", "Just in case you have not seen it yet \u2026"):
        text = (
            _PARAGRAPHS_ABOVE
            + above
            + "\n\nmeth.\n\nwe\u2019re. on. it.\n\n\u2014 City Mayor (@citymayor) November 1, 2019\n"
        )
        (embed,) = parse_text(text)
        assert embed.text == "meth.\nwe\u2019re. on. it.", above
    # and short paragraphs stop joining where the post would outgrow a post's length
    text = (
        _PARAGRAPHS_ABOVE
        + "no. no. no. no. no. no. no. no. no. no. no. no.\n\n" * 8
        + "\u2014 City Mayor (@citymayor) November 1, 2019\n"
    )
    (embed,) = parse_text(text)
    assert embed.text is not None
    assert embed.text.count("\n") == 4  # five paragraphs: 240 characters, a sixth is too many


def test_paragraphs_are_read_around_the_embed_not_over_the_page() -> None:
    # resiliparse, inscriptis: the page's menus go line by line, the article around the embed
    # parts its paragraphs with blank lines
    menu = "".join(f"Section {n}\n" for n in range(60))
    post = (
        "The city has turned into a gas chamber due to smoke from the fields nearby\n\n"
        "Please wear them whenever you go out pic.twitter.com/Ab12Cd34Ef\n\n"
        "— City Mayor (@citymayor) November 1, 2019\n"
    )
    (embed,) = parse_text(menu + "\n" + _PARAGRAPHS_ABOVE * 7 + post)
    assert embed.text is not None
    assert embed.text.startswith("The city has turned")
    # the markup's own whitespace (lines of spaces, long runs of empty lines) is no paragraph
    noisy = _PARAGRAPHS_ABOVE.replace("\n\n", "\n\n    \n\n")
    (embed,) = parse_text(noisy + post)
    assert embed.text == "Please wear them whenever you go out pic.twitter.com/Ab12Cd34Ef"


def test_article_paragraphs_stay_out_in_a_paragraph_document() -> None:
    # a finished sentence, a short paragraph, a heading, a listicle's escaped number and a
    # lead-in above a reply each end the post, blank lines or not
    tail = (
        "Please wear them whenever you go out pic.twitter.com/Ab12Cd34Ef\n\n"
        "— City Mayor (@citymayor) November 1, 2019\n"
    )
    for above in (
        "Officials say the masks will reach every school by Friday.\n\n",
        "With reason, it seems.\n\n",
        "## Why the masks matter to everyone in the city\n\n",
        "5\\.\n",
    ):
        (embed,) = parse_text(_PARAGRAPHS_ABOVE + above + tail)
        assert embed.text == "Please wear them whenever you go out pic.twitter.com/Ab12Cd34Ef", (
            above
        )
    # a tag that opens the post does not carry on the article's sentence above it
    tagged = (
        "Rescuers brought two more bodies ashore this afternoon.\n\n"
        "#QZ8501: Search teams are back in port http://t.co/fU1QeMQPFC\n\n"
        "— News Asia (@newsasia) December 31, 2014\n"
    )
    (embed,) = parse_text(_PARAGRAPHS_ABOVE + tagged)
    assert embed.text == "#QZ8501: Search teams are back in port http://t.co/fU1QeMQPFC"
    reply = (
        "The reason the mayor answered at all is rather touching:\n\n"
        "[@citymayor](https://twitter.com/citymayor) Because we all breathe this air. Thank you!"
        "\n\n— A Resident (@a_resident) November 1, 2019\n"
    )
    (embed,) = parse_text(_PARAGRAPHS_ABOVE + reply)
    assert embed.text == "@citymayor Because we all breathe this air. Thank you!"


def test_blank_lines_end_the_post_where_lines_break_without_them() -> None:
    # the same post where paragraphs are single lines: a blank line is a real boundary
    text = (
        "The haze over the capital thickened again on Wednesday morning.\n"
        "Schools in the worst districts stayed closed for a second day.\n"
        "It is the latest wave of smog this season, the city's health office said.\n"
        "The city has turned into a gas chamber due to smoke from the fields nearby\n\n"
        "Please wear them whenever you go out pic.twitter.com/Ab12Cd34Ef\n"
        "— City Mayor (@citymayor) November 1, 2019\n"
        "The haze is expected to lift by the weekend.\n"
        "Officials said the schools would reopen on Monday.\n"
        "Residents were told to keep their windows shut.\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == "Please wear them whenever you go out pic.twitter.com/Ab12Cd34Ef"


def test_markdown_escapes_outside_quotes_in_a_markdown_document() -> None:
    # trafilatura's Markdown escapes "_" and "*" in the post's words, and links the date
    text = (
        "See the [original thread](https://example.com/thread) for context.\n\n"
        "Can we please \\*have\\* her in every ad? cc @some\\_user https://t.co/Qw12Er34Ty\n\n"
        "— A Viewer (@a_viewer) December 3, 2022\n"
    )
    (embed,) = parse_text(text)
    assert (
        embed.text == "Can we please *have* her in every ad? cc @some_user https://t.co/Qw12Er34Ty"
    )


def test_backslashes_stay_in_plain_text() -> None:
    text = (
        "The path C:\\temp\\_cache was full again \\*sigh\\* pic.twitter.com/Ab12Cd34Ef\n"
        "— A Viewer (@a_viewer) December 3, 2022\n"
    )
    (embed,) = parse_text(text)
    assert (
        embed.text
        == "The path C:\\temp\\_cache was full again \\*sigh\\* pic.twitter.com/Ab12Cd34Ef"
    )


def test_markdown_links_count_as_their_labels_in_a_posts_length() -> None:
    # nine linked mentions: over 600 characters of Markdown, a short post on the platform
    mentions = " ".join(
        f"[@station{i}](https://twitter.com/station{i}?ref_src=twsrc%5Etfw)" for i in range(9)
    )
    text = (
        "Only a few weak tornadoes were observed in the northeast.\n\n"
        f"Landspout tornado! Southwest of Akron {mentions} "
        "[pic.twitter.com/T8oQImgFp6](https://t.co/T8oQImgFp6)\n\n"
        "— Storm Chaser (@stormchaser) [April 25, 2024]"
        "(https://twitter.com/stormchaser/status/1783610777993138196?ref_src=twsrc%5Etfw)\n"
    )
    assert len(text.split("\n")[2]) > 600
    (embed,) = parse_text(text)
    assert embed.text is not None
    assert embed.text.startswith("Landspout tornado! Southwest of Akron @station0 @station1")
    assert embed.text.endswith("@station8 pic.twitter.com/T8oQImgFp6")
    assert "https://twitter.com/station3?ref_src=twsrc%5Etfw" in embed.links


def test_instagram_header_glued_before_the_caption_line() -> None:
    # get_text("") and lxml text_content keep the embed's blocks on one line
    text = (
        "They posted a photo together.\n\n"
        "         View this post on Instagram            A post shared by Spice Girls "
        "(@spicegirls) on Jun 16, 2019 at 7:30am PDT\n\n"
        "The article goes on.\n"
    )
    (embed,) = parse_text(text)
    assert (embed.platform, embed.handle, embed.text) == (Platform.INSTAGRAM, "spicegirls", None)
    assert embed.date == dt.date(2019, 6, 16)
    text = (
        "Die Entscheidung löste Empörung aus.   Sieh dir diesen Beitrag auf Instagram an    "
        "[Werbung]  Ein Beitrag geteilt von  Vreni Frost (@vrenifrost) am Mär 12, 2018 um "
        "12:30 PDT In dem Fall geht es um drei Postings.\n"
    )
    (embed,) = parse_text(text)
    assert (embed.handle, embed.text) == ("vrenifrost", "[Werbung]")
    assert text[embed.start :].startswith("[Werbung]")


def test_markdown_linked_instagram_header_glued_before_the_caption() -> None:
    text = (
        "* [View this post on Instagram](https://www.instagram.com/p/B_fawQoFahE/) "
        "Swipe for madness #daddyissues "
        "[A post shared by Someone (@someone.se)](https://www.instagram.com/p/B_fawQoFahE/) "
        "on Apr 28, 2020 at 6:08am PDT\n"
    )
    (embed,) = parse_text(text)
    assert (embed.handle, embed.text) == ("someone.se", "Swipe for madness #daddyissues")
    assert embed.post_id == "B_fawQoFahE"


def test_a_list_under_the_articles_lead_in_is_the_articles() -> None:
    text = (
        "The cycling theme turned out to draw more interest than anything else I posted.\n"
        "Cycling, it turned out, draws as much interest as the railways, and many activists are"
        " on the platform, so the formula for my most widely read post came about like this:\n"
        "- Keep an eye on your surroundings\n"
        "- Post a photo\n"
        "- Be positive for once\n"
        "Bravo #Koeln, finally a proper cycle lane. More of these! pic.twitter.com/bly6rTgRxA\n"
        "— Meike Example (@meike_example) 19. November 2018\n"
    )
    (embed,) = parse_text(text)
    assert (
        embed.text
        == "Bravo #Koeln, finally a proper cycle lane. More of these! pic.twitter.com/bly6rTgRxA"
    )
    assert text[embed.start :].startswith("Bravo #Koeln")


def test_a_posts_own_list_stays_in_the_post() -> None:
    # the post opens its list with its own short lead-in
    text = (
        "Listeners were quick to joke about the outage.\n\n"
        "The interview crashed because:\n"
        "- the host kept talking into the remote\n"
        "- the guest got distracted by a squirrel\n"
        "Nobody could get in at all\n"
        "— Paul Example (@paul_example) August 13, 2024\n"
    )
    (embed,) = parse_text(text)
    assert embed.text is not None
    assert embed.text.startswith("The interview crashed because:\n- the host")
    # a post made only of list items keeps them under an article's lead-in
    text = (
        "The minister listed her priorities for the year in a post she wrote on Tuesday:\n"
        "- lower energy bills for every household\n"
        "- more teachers in every school\n"
        "— Jane Minister (@jane_minister) May 2, 2023\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == "- lower energy bills for every household\n- more teachers in every school"


def test_list_item_holding_a_whole_embed_with_a_short_post() -> None:
    # trafilatura (favor_recall) writes embeds inside <li> as "- text — Name (@h) Date": the
    # bullet is not the attribution's dash even when the text before the real one is short
    for post, name in (
        ("What a finish tonight, well played", "Jane Doe"),
        ("あと、サイフ置きっぱなしにしないよな？と聞かれたら、しないけど", "アイヴァーン"),
    ):
        text = f"Reactions came in quickly from fans and from the players of both teams.\n- {post} — {name} (@someone) February 5, 2019\n"
        (embed,) = parse_text(text)
        assert (embed.author_name, embed.text) == (name, post)


def test_list_item_holding_the_first_line_of_a_post() -> None:
    # "- first line" / "more lines" / "— Name (@h) Date": the bullet is the page's
    text = (
        "The blogger collected the reactions he found most telling, in the order they came.\n"
        "- Copy the blacked-out text and it comes back!\n"
        "→ See pages 16 to 19 of the report\n"
        "So ten or so is wrong. https://t.co/QT2kRsgPhY\n"
        "— Takuji Kitagawa (@kitagawa_takuji) January 26, 2019\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "Copy the blacked-out text and it comes back!\n"
        "→ See pages 16 to 19 of the report\nSo ten or so is wrong. https://t.co/QT2kRsgPhY"
    )
    assert text[embed.start :].startswith("Copy the")


def test_a_listicles_numbered_heading_is_not_the_post() -> None:
    text = (
        "There is also a feed where you can post trip updates and photos for your friends.\n"
        "5. Dating apps\n"
        "Our favorite wall in our hometown. (📸 @AustinTourCo)\n"
        "— Bumble BFF (@bumblebff) May 16, 2018\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == "Our favorite wall in our hometown. (📸 @AustinTourCo)"
    # a post's own numbered list goes on
    text = (
        "The developer's joke went round the office all afternoon, and then the internet.\n"
        "Drinking game for web devs:\n"
        "1) Think of a noun\n"
        "2) Search for it with .js at the end\n"
        "— Shay Example (@shay_example) August 22, 2013\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "Drinking game for web devs:\n1) Think of a noun\n2) Search for it with .js at the end"
    )


def test_a_spaced_hyphen_inside_the_name_is_not_the_dash() -> None:
    # one-line page: "… pic.twitter.com/x — ABC 7 News - WJLA (@ABC7News) January 2, 2020"
    text = (
        "The station had the pictures first. OK, but why did he say that at this press "
        "conference? pic.twitter.com/jQ7omnJ3PE — ABC 7 News - WJLA (@ABC7News) January 2, 2020 "
        "The team did not comment."
    )
    (embed,) = parse_text(text)
    assert embed.author_name == "ABC 7 News - WJLA"
    # a hyphen alone still opens the name
    (embed,) = parse_text(
        "What a finish! pic.twitter.com/jQ7omnJ3PE - Jane Doe (@janedoe) May 1, 2023"
    )
    assert embed.author_name == "Jane Doe"


def test_markdown_escapes_leave_author_names() -> None:
    text = (
        "> Sieh dir diesen Beitrag auf Instagram an\n>\n"
        "> [Ein Beitrag geteilt von Verbündete\\*r sein (@verbuendete\\_r\\_sein)]"
        "(https://www.instagram.com/p/CYokA48MWDA/)\n\n"
        "Tweet:\n\n"
        "Was für ein Tag! pic.twitter.com/jQ7omnJ3PE\n\n"
        "— Team\\_Blau \\*offiziell\\* (@team_blau) [1. Mai 2023](https://twitter.com/team_blau/status/1)\n"
    )
    post, tweet = parse_text(text)
    assert (post.author_name, post.handle) == ("Verbündete*r sein", "verbuendete_r_sein")
    assert tweet.author_name == "Team_Blau *offiziell*"


def test_markup_whitespace_between_post_and_attribution() -> None:
    # BeautifulSoup get_text("\n") without strip (or selectolax's text(separator="\n")): every
    # tag splits the line, and the markup's whitespace leaves empty lines and lines of spaces
    text = (
        "One of his computers appears to show a picture of Earth.\n\n\n\n\n"
        "My \n#bedroom\n aboard \n#ISS\n. All the comforts of \n#home\n. Well, most of them. \n"
        "#YearInSpace\n \npic.twitter.com/2Ur09qccLI\n\n\n"
        "— Scott Kelly (@StationCDRKelly) \nApril 24, 2015\n\n\n\n\n"
        "The back wall of his room is filled with little bits of Velcro.\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "My #bedroom aboard #ISS. All the comforts of #home. Well, most of them. #YearInSpace "
        "pic.twitter.com/2Ur09qccLI"
    )
    assert embed.date == dt.date(2015, 4, 24)
    # one blank line still marks a paragraph-delimited rendering: the paragraph is the post
    text = (
        "The council met on Monday and voted on the budget for next year.\n\n"
        "Budget passed.\nEvery school gets a new roof this year.\n\n"
        "— City Council (@citycouncil) June 16, 2021\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == "Budget passed.\nEvery school gets a new roof this year."


def test_direction_marks_around_names_handles_and_dates() -> None:
    # right-to-left pages and copy-paste leave LRM/RLM and isolates around the attribution
    for line in (
        "— محمد علي (@mohali) \u200f1 يوليو 2025",
        "— \u200fمحمد علي\u200f \u200e(@mohali)\u200e 1 يوليو 2025",
        "— \u2067محمد علي\u2069 (@mohali) \u20661 يوليو 2025\u2069",
    ):
        text = f"مقال طويل عن الأحداث الجارية في المنطقة اليوم.\nنص التغريدة هنا pic.twitter.com/abcdEFGH12\n{line}\n"
        (embed,) = parse_text(text)
        assert (embed.author_name, embed.handle, embed.date) == (
            "محمد علي",
            "mohali",
            dt.date(2025, 7, 1),
        ), line


def test_a_list_item_holding_a_whole_embed_is_the_whole_post() -> None:
    # "- text — Name (@h) Date" on one line: the item's bullet opens the post
    text = (
        "- A news report on the plan, NHK, 25 January 2019\n"
        "- The plan is to probe every device from next month pic.twitter.com/abcdEFGH12 "
        "— NHK News (@nhk_news) January 25, 2019\n"
    )
    (embed,) = parse_text(text)
    assert (
        embed.text == "The plan is to probe every device from next month pic.twitter.com/abcdEFGH12"
    )
    assert text[embed.start :].startswith("The plan")
    # found by hypothesis: a dash line above a list item must not join its body
    text = "—\n - WJLA A post shared by (@a)](https://www.instagram.com/p/AbC/)"
    (embed,) = parse_text(text)
    assert embed.text == "WJLA"


def test_embed_code_left_as_text_is_read_as_markup() -> None:
    # a consent placeholder's escaped embed code, printed by the renderer as it stands
    text = (
        "Externer Inhalt: Mit dem Laden des Tweets akzeptieren Sie die Datenschutzerklärung.\n"
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">A machine should not decide '
        'over life and death. <a href="https://twitter.com/BanKillerRobots">@BanKillerRobots</a>'
        '</p>— Agnes Callamard (@AgnesCallamard) <a href="https://twitter.com/AgnesCallamard/'
        'status/1455512589295124484?ref_src=twsrc%5Etfw">November 2, 2021</a></blockquote>\n'
        "Inhalt laden\n"
    )
    (embed,) = parse_text(text)
    assert (embed.detector, embed.form) == ("text", "markup-blockquote")
    assert (embed.handle, embed.author_name, embed.date) == (
        "AgnesCallamard",
        "Agnes Callamard",
        dt.date(2021, 11, 2),
    )
    assert embed.post_id == "1455512589295124484"
    assert embed.text == "A machine should not decide over life and death. @BanKillerRobots"
    assert text[embed.start :].startswith("<blockquote")


def test_names_with_abbreviations_and_initials() -> None:
    # "U.S. Department of State" has a stop followed by three words: it is no sentence end
    for name in (
        "U.S. Department of State",
        "Dr. Anthony S. Fauci",
        "Dr. Jane Doe, MD",
        "Mrs. Jane Q. Public",
        "Gov. Ron DeSantis",
    ):
        text = (
            "The reaction online was swift and loud, with many users posting their views.\n"
            "Statement on the talks today. pic.twitter.com/abcdEFGH12\n"
            f"— {name} (@someone) July 1, 2025\n"
        )
        (embed,) = parse_text(text)
        assert embed.author_name == name
    # a sentence that ends before the dash is still no name
    text = "- It ended there. Then more words came here (@someone) July 1, 2025\n"
    assert parse_text(text) == []


def test_windows_line_ends_read_like_unix_ones() -> None:
    unix = (
        "The reaction online was swift and loud, with many users posting their views.\n"
        "@dasha\ni love u guys so much\n♬ original sound - dasha\n\n"
        "The singer later posted a clip from the show on another platform as well.\n\n"
        "Great game tonight! pic.twitter.com/abcdEFGH12\n"
        "— Jane Doe (@janedoe)\nJuly 1, 2025\n"
        "https://twitter.com/atrupar/status/1336387395994980353\n"
        "The article goes on.\n"
    )
    windows = unix.replace("\n", "\r\n")
    expected = [(e.platform, e.handle, e.date, e.text, e.form) for e in parse_text(unix)]
    found = parse_text(windows)
    assert [(e.platform, e.handle, e.date, e.text, e.form) for e in found] == expected
    assert len(found) == 3
    # offsets index the text as given
    for embed, twin in zip(found, parse_text(unix), strict=True):
        assert windows[embed.start : embed.end].replace("\r\n", "\n") == unix[twin.start : twin.end]


@pytest.mark.parametrize("brk", ["\u2028", "\u2029", "\x0b", "\x0c"])
def test_other_line_breaks_part_lines_too(brk: str) -> None:
    # the Unicode separators (text from JSON, word processors), vertical tab and form feed
    # (PDF conversions) end a line like "\n"
    unix = (
        "The article's first paragraph, which is not the post.\n\n"
        "Great game tonight! pic.twitter.com/abcdEFGH12\n"
        "— Jane Doe (@janedoe) July 1, 2025\n\nThe article goes on.\n"
    )
    other = unix.replace("\n", brk)
    (twin,) = parse_text(unix)
    (embed,) = parse_text(other)
    assert (embed.handle, embed.text, embed.start, embed.end) == (
        twin.handle,
        "Great game tonight! pic.twitter.com/abcdEFGH12",
        twin.start,
        twin.end,
    )


def test_text_that_kept_the_pages_entities() -> None:
    # markup stripped by a regex keeps entities: Twitter's embed code writes "&mdash;"
    text = (
        "The minister&#8217;s reply came within the hour.\n\n"
        "Rates &amp; fees stay as they are &#x1F44D; pic.twitter.com/abcdEFGH12&mdash; Jane "
        "O&#39;Neil (@janedoe) July 1, 2025\n\nMore &amp;amp; more.\n"
    )
    (embed,) = parse_text(text)
    assert (embed.handle, embed.author_name, embed.date) == (
        "janedoe",
        "Jane O'Neil",
        dt.date(2025, 7, 1),
    )
    assert embed.text == "Rates & fees stay as they are 👍 pic.twitter.com/abcdEFGH12"
    # offsets index the text as given, entities and all
    assert text[embed.start : embed.end] == (
        "Rates &amp; fees stay as they are &#x1F44D; pic.twitter.com/abcdEFGH12&mdash; Jane "
        "O&#39;Neil (@janedoe) July 1, 2025"
    )


@pytest.mark.parametrize("dash", ["&mdash; ", "&#8212; ", "&#x2014; ", "&ndash; ", " &mdash; "])
def test_entity_dashes(dash: str) -> None:
    text = f"Great game tonight! pic.twitter.com/abcdEFGH12{dash}Jane Doe (@janedoe) July 1, 2025\n"
    (embed,) = parse_text(text)
    assert (embed.author_name, embed.text) == (
        "Jane Doe",
        "Great game tonight! pic.twitter.com/abcdEFGH12",
    )


def test_a_stray_entity_is_text_but_entities_throughout_are_decoded() -> None:
    # one "&apos;" that a page escaped twice: the text was decoded, and stays as it is
    stray = "It&apos;s on pic.twitter.com/abcdEFGH12\n— Jane Doe (@janedoe) July 1, 2025\n"
    (embed,) = parse_text(stray)
    assert embed.text == "It&apos;s on pic.twitter.com/abcdEFGH12"
    # entities throughout, no dash entity (an Instagram caption): the page kept them
    kept = (
        "Fish &amp; chips &quot;tonight&quot; at the pier &#x1F41F;\n"
        "A post shared by Pier &amp; Co (@pierandco) on May 2, 2019 at 3:00pm PDT\n"
    )
    (embed,) = parse_text(kept)
    assert (embed.author_name, embed.text) == ("Pier & Co", 'Fish & chips "tonight" at the pier 🐟')


def test_text_without_entities_is_read_as_is() -> None:
    # "AT&T" and "Q&A" are text, and a lone entity-like "&Chips;" is not an entity
    text = "AT&T Q&A &Chips; pic.twitter.com/abcdEFGH12\n— Jane Doe (@janedoe) July 1, 2025\n"
    (embed,) = parse_text(text)
    assert embed.text == "AT&T Q&A &Chips; pic.twitter.com/abcdEFGH12"


def test_a_lone_cr_is_whitespace_inside_the_line() -> None:
    # renderers that keep the markup's whitespace keep a post's own CRs (a corpus page)
    text = "Have they mentioned it? \r\r#PMQs\n— Jane Doe (@janedoe) July 1, 2025\n"
    (embed,) = parse_text(text)
    assert embed.text == "Have they mentioned it? \r\r#PMQs"


def test_embed_code_in_a_json_string_is_the_pages_data() -> None:
    # lxml's text_content() keeps script text: embed code in a JSON string, "\n" escapes
    # around its attribution, stands before the rendered copy of the same post
    text = (
        '{"body": "Our favorite wall. (@AustinTourCo)\\nA post shared by  Bumble (@bumblebff) '
        'on May 2, 2019 at 3:00pm PDT\\n\\nTrust us"}\n\n'
        "Our favorite wall. (@AustinTourCo)\nA post shared by  Bumble (@bumblebff) on May 2, "
        "2019 at 3:00pm PDT\n\nTrust us, the article goes on.\n"
    )
    (embed,) = parse_text(text)
    assert (embed.handle, embed.text) == ("bumblebff", "Our favorite wall. (@AustinTourCo)")


def test_nel_is_not_a_line_break() -> None:
    # U+0085 is also "…" from a cp1252 page decoded as Latin-1: it stays inside the line
    text = "Wait for it\x85 pic.twitter.com/abcdEFGH12\n— Jane Doe (@janedoe) July 1, 2025\n"
    (embed,) = parse_text(text)
    assert embed.text == "Wait for it\x85 pic.twitter.com/abcdEFGH12"


def test_bare_status_url_in_a_quote_block() -> None:
    # html2text renders a blockquote holding only the post's link as a "> " line
    text = (
        "Reporters on the scene described the crowd as calm.\n\n"
        "> https://twitter.com/atrupar/status/1336387395994980353\n\n"
        "The article goes on.\n"
    )
    (embed,) = parse_text(text)
    assert (embed.handle, embed.post_id, embed.form) == (
        "atrupar",
        "1336387395994980353",
        "status-url",
    )


def test_mastodon_and_threads_cards() -> None:
    # Their embed code holds no post text, only "Post by @user" over "View on …"; renderers
    # split, glue, quote and wrap the two, or keep the card's link (Markdown)
    article = "The author wrote about it at length.\n\n{}\n\nThe article goes on.\n"
    mastodon = "Post by @sellorm@mastodon.social"
    for card in (
        f"{mastodon}\nView on Mastodon",
        f"{mastodon}\n \nView on Mastodon",  # get_text("\n") unstripped, selectolax
        f"{mastodon} View on Mastodon",  # one-line renderers, trafilatura
        f"  {mastodon}\n  View on Mastodon",  # inscriptis
    ):
        (embed,) = parse_text(article.format(card))
        assert (embed.platform, embed.handle, embed.form) == (
            Platform.MASTODON,
            "sellorm@mastodon.social",
            "post-by-card",
        )
        assert embed.post_id is None
        text = article.format(card)
        assert text[embed.start : embed.end].startswith("Post by")
        assert text[embed.start : embed.end].endswith("Mastodon")
    (embed,) = parse_text("Read on.\nPost by @popeyView on Threads\nMore.")  # glued (trafilatura)
    assert (embed.platform, embed.handle, embed.post_id) == (Platform.THREADS, "popey", None)
    # html2text and markdownify keep the card's link: the post's id and URL
    markdown = (
        "> [ Post by @popey View on\n> Threads](https://www.threads.net/@popey/post/C-GMXpGM4KR)",
        "> [ Post by @sellorm@mastodon.social View on Mastodon\n> ]"
        "(https://mastodon.social/@sellorm/115275222322527989)",
    )
    threads, toot = (parse_text(article.format(card))[0] for card in markdown)
    assert (threads.handle, threads.post_id, threads.url) == (
        "popey",
        "C-GMXpGM4KR",
        "https://www.threads.com/@popey/post/C-GMXpGM4KR",
    )
    assert (toot.handle, toot.post_id) == ("sellorm@mastodon.social", "115275222322527989")
    # prose that says "post by @user" names no card; a Mastodon card always names a server
    for prose in (
        "A post by @popey went viral on Threads.",
        "Post by @popey\nView on Instagram",
        "Post by @sellorm\nView on Mastodon",
    ):
        assert parse_text(prose) == [], prose


@pytest.mark.parametrize("fixture", ["mastodon_embeds.html", "threads_embed.html"])
@pytest.mark.parametrize("separator", ["\n", " "])
def test_real_mastodon_and_threads_embed_code_flattened(fixture: str, separator: str) -> None:
    from bs4 import BeautifulSoup

    page = shared_path("fixtures", "embeds", fixture).read_text(encoding="utf-8")
    from_markup = [e for e in parse_html(page) if e.form == "blockquote"]
    assert from_markup
    text = BeautifulSoup(page, "html.parser").get_text(separator)
    found = parse_text(text)
    assert [(e.platform, e.handle) for e in found] == [(e.platform, e.handle) for e in from_markup]


def test_date_after_blank_lines_of_markup_whitespace() -> None:
    # BeautifulSoup get_text("\n") without strip, selectolax: blank lines between the
    # handle's line and the date's
    text = (
        "The article's paragraph.\n"
        "Drinking game for web devs: think of a noun, google it\n"
        " \n"
        "— Shay Friedman (@ShayFriedman)\n"
        " \n"
        "\n"
        "April 9, 2014\n"
        "The article goes on.\n"
    )
    (embed,) = parse_text(text)
    assert (embed.handle, embed.date, embed.date_text) == (
        "ShayFriedman",
        dt.date(2014, 4, 9),
        "April 9, 2014",
    )
    assert text[: embed.end].endswith("April 9, 2014")
    # further down, a date is no longer the attribution's
    assert parse_text(text.replace(" \n\nApril", " \n\n\n\n\nApril")) == []


def test_bluesky_media_placeholder_has_no_script() -> None:
    # Bluesky's embed code writes "[image or embed]" in English under a post in any language
    text = (
        "The maintainer announced the release in Japanese on Sunday.\n"
        "今日の #sphinxjp 1個目。先月に来てたPRに昨日気づいたので確認してマージした。\n"
        "[image or embed]\n"
        "— kAZUYA kAKEI (@attakei.dev) Apr 21, 2024 at 15:09\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "今日の #sphinxjp 1個目。先月に来てたPRに昨日気づいたので確認してマージした。\n[image or embed]"
    )


def test_bluesky_embeds_in_markdown() -> None:
    # markdownify and html2text keep the links Bluesky's embed code puts on the handle, the
    # date (the post's URL) and the media placeholder
    profile = "https://bsky.app/profile/did:plc:xme25ubnpgzdp7kt26twkpq2"
    post = f"{profile}/post/3m4orxy5mz22a?ref_src=embed"
    markdownify = (
        "The article's paragraph.\n\n"
        "> Tried my hands at implementing the tips here in Godot! #godot #gamedev  \n"
        ">   \n"
        f"> [[image or embed]]({post})\n"
        ">\n"
        f"> — Natan Maia ([@natanmaia95.bsky.social]({profile}?ref_src=embed)) "
        f"[November 2, 2025 at 9:42 PM]({post})\n\n"
        "The article goes on.\n"
    )
    html2text = (
        "The article's paragraph.\n\n"
        "> Tried my hands at implementing the tips here in Godot! #godot #gamedev  \n"
        ">  \n"
        f"> [[image or\n> embed]]({post})\n"
        ">\n"
        "> -- Natan Maia\n"
        f"> ([@natanmaia95.bsky.social]({profile}?ref_src=embed))\n"
        f"> [November 2, 2025 at 9:42\n> PM]({post})\n\n"
        "The article goes on.\n"
    )
    for text in (markdownify, html2text):
        (embed,) = parse_text(text)
        assert (embed.platform, embed.handle, embed.author_name) == (
            Platform.BLUESKY,
            "natanmaia95.bsky.social",
            "Natan Maia",
        )
        assert (embed.date, embed.post_id) == (dt.date(2025, 11, 2), "3m4orxy5mz22a")
        assert embed.text == (
            "Tried my hands at implementing the tips here in Godot! #godot #gamedev\n"
            "[image or embed]"
        )
    # Bluesky's oEmbed code links name and handle together
    oembed = (
        "> Making simulation environments is equivalent to creating dataset generators.\n"
        ">\n"
        "> — [Mark Riedl (@markriedl.bsky.social)](https://bsky.app/profile/did:plc:3igk) "
        "[2025-09-21T23:32:56.394Z](https://bsky.app/profile/did:plc:3igk/post/3lzf2jq4bck2t)\n"
    )
    (embed,) = parse_text(oembed)
    assert (embed.author_name, embed.handle, embed.post_id) == (
        "Mark Riedl",
        "markriedl.bsky.social",
        "3lzf2jq4bck2t",
    )
    assert (
        embed.text == "Making simulation environments is equivalent to creating dataset generators."
    )
    # a link that opens in the text before the name is not the attribution's
    linked_sentence = (
        "See [the post — Mark Riedl (@markriedl.bsky.social)](https://bsky.app/x) "
        "September 21, 2025\n"
    )
    assert parse_text(linked_sentence) == []


_TIKTOK_SOUND_URL = "https://www.tiktok.com/music/original-sound-6988236987325057798"


@pytest.mark.parametrize(
    "flattened",
    [
        # handle and caption on one line, the sound below (trafilatura's favor_recall)
        "@countingprimes You can now embed TikTok's in AMP\n♬ original sound - countingprimes\n",
        # the whole page on one line (get_text(" ")): the sound names the account
        "It is one sentence. @countingprimes You can now embed TikTok's in AMP "
        "♬ original sound - countingprimes After the embed the article goes on.",
        # markdownify: the links kept, with their titles, inside a quote
        '> [@countingprimes](https://www.tiktok.com/@countingprimes "@countingprimes")\n>\n'
        "> You can now embed TikTok's in AMP\n>\n"
        f'> [♬ original sound - countingprimes]({_TIKTOK_SOUND_URL} "♬ sound")\n',
        # html2text wraps the sound's link target
        '> [@countingprimes](https://www.tiktok.com/@countingprimes "@countingprimes")\n>\n'
        "> You can now embed TikTok's in AMP\n>\n"
        "> [♬ original sound - countingprimes](https://www.tiktok.com/music/original-\n"
        '> sound-6988236987325057798 "♬ original sound - countingprimes")\n',
        # trafilatura's Markdown: the caption after the handle's link, the sound a paragraph
        "[@countingprimes](https://www.tiktok.com/@countingprimes) You can now embed TikTok's "
        f"in AMP\n\n[♬ original sound - countingprimes]({_TIKTOK_SOUND_URL})\n",
    ],
)
def test_tiktok_caption_in_each_renderers_shape(flattened: str) -> None:
    text = "The article's paragraph above the embed.\n" + flattened + "\nThe article goes on.\n"
    (embed,) = parse_text(text)
    assert (embed.platform, embed.handle, embed.text) == (
        Platform.TIKTOK,
        "countingprimes",
        "You can now embed TikTok's in AMP",
    )
    shown = text[embed.start : embed.end]
    assert shown.lstrip("[").startswith("@countingprimes")
    assert "♬ original sound - countingprimes" in shown
    assert shown.endswith(("countingprimes", ")"))


def test_tiktok_sound_mark_in_prose_is_no_embed() -> None:
    # a sound mark inside a line needs the account it names; one that opens a line needs a
    # handle line or link above it
    for text in (
        "@fan_account loved the show ♬ lyrics of the chorus were on screen\n",
        "The chorus goes ♬ la la la ♬ and the crowd sang along.\n",
        "♬ Hometown – Singer Example\n",
    ):
        assert parse_text(text) == [], text


@pytest.mark.parametrize("separator", ["\n", " "])
def test_real_tiktok_embed_code_flattened(separator: str) -> None:
    from bs4 import BeautifulSoup

    page = shared_path("fixtures", "embeds", "tiktok_embed.html").read_text(encoding="utf-8")
    text = BeautifulSoup(page, "html.parser").get_text(separator)
    (embed,) = parse_text(text)
    (markup,) = parse_html(page)
    assert (embed.platform, embed.handle) == (markup.platform, markup.handle)
    assert embed.text == markup.text


@pytest.mark.parametrize(
    "after_date",
    [
        " https://twitter.com/janedoe/status/1234567890",
        " (https://twitter.com/janedoe/status/1234567890)",
        " <https://x.com/janedoe/status/1234567890>",
    ],
)
def test_status_link_written_after_the_date(after_date: str) -> None:
    # renderers that print a link's target after its text: bare, in parentheses or brackets
    text = f"Great news today!\n— Jane Doe (@janedoe) July 1, 2025{after_date}\nThe article.\n"
    (embed,) = parse_text(text)
    assert (embed.post_id, embed.url) == (
        "1234567890",
        "https://x.com/janedoe/status/1234567890",
    )
    assert text[: embed.end].endswith(after_date)


def test_facebook_line_split_over_lines_and_blog_bylines() -> None:
    # BeautifulSoup get_text("\n") puts each link of the line on its own line
    text = (
        "The MP explained his vote on his own page on Wednesday, hours after the debate.\n"
        "I was as surprised as anyone by the result of last week's vote.\n"
        "Posted by\nJonathan Reynolds MP\n on\u00a0\nWednesday, 18 November 2015\n"
        "The PM laughed in response.\n"
    )
    (embed,) = parse_text(text)
    assert (embed.platform, embed.author_name, embed.date) == (
        Platform.FACEBOOK,
        "Jonathan Reynolds MP",
        dt.date(2015, 11, 18),
    )
    assert embed.text == "I was as surprised as anyone by the result of last week's vote."
    # Portuguese and French lines
    for line, name in (
        (
            "Publicado por Prefeitura de Lisboa em Quinta-feira, 12 de novembro de 2020",
            "Prefeitura de Lisboa",
        ),
        ("Publié par Mairie de Paris le jeudi 12 novembre 2020", "Mairie de Paris"),
    ):
        (embed,) = parse_text(f"The post's own text, long enough to be one.\n{line}\n")
        assert (embed.author_name, embed.date) == (name, dt.date(2020, 11, 12)), line
    # a blog's byline has no weekday; Facebook's date always opens with one
    for byline in (
        "Posted by Admin on March 3, 2020",
        "Publicado por Redacción en 12 de noviembre de 2020",
        "Posted by Admin on Monday, March 2, 2020 in News | 3 Comments",
    ):
        assert parse_text(f"Intro.\n{byline}\nThe blog post itself.\n") == [], byline


@pytest.mark.parametrize("strip", [False, True])
def test_real_facebook_embed_code_flattened(strip: bool) -> None:
    from bs4 import BeautifulSoup

    page = shared_path("fixtures", "embeds", "facebook_fb_post_embeds.html").read_text(
        encoding="utf-8"
    )
    found = parse_text(BeautifulSoup(page, "html.parser").get_text("\n", strip=strip))
    # en_US, en_GB, es and tr ("NAME paylaştı: DATE", the name first)
    assert [(e.platform, e.author_name, e.date) for e in found] == [
        (Platform.FACEBOOK, "Joseph Romm", dt.date(2016, 9, 12)),
        (Platform.FACEBOOK, "The University of Queensland – India", dt.date(2020, 10, 26)),
        (Platform.FACEBOOK, "Colegio Golda Meir", dt.date(2020, 11, 12)),
        (Platform.FACEBOOK, "Cem Yılmaz", dt.date(2017, 1, 9)),
    ]
    assert found[-1].text == "http://instagram.com/cmylmz/"


@pytest.mark.parametrize(
    "line",
    [
        # markdownify: name and date as links, the date's to the post
        "> Posted by [Joseph Romm](https://www.facebook.com/joseph.romm) on [Monday, September "
        "12, 2016](https://www.facebook.com/joseph.romm/posts/10153908777222475)",
        # html2text wraps inside the links
        "> Posted by [Joseph\n> Romm](https://www.facebook.com/joseph.romm) on [Monday,\n"
        "> September 12,\n> 2016](https://www.facebook.com/joseph.romm/posts/10153908777222475)",
        # trafilatura's Markdown: no space before the name's link
        "Posted by[Joseph Romm](https://www.facebook.com/joseph.romm) on [Monday, September 12, "
        "2016](https://www.facebook.com/joseph.romm/posts/10153908777222475)",
    ],
)
def test_facebook_line_with_markdown_links(line: str) -> None:
    above = (
        "> Humanity is on very thin ice.\n>\n"
        if line[0] == ">"
        else "Humanity is on very thin ice.\n\n"
    )
    text = f"The article's paragraph.\n\n{above}{line}\n\nMore.\n"
    (embed,) = parse_text(text)
    assert (embed.platform, embed.author_name, embed.date, embed.post_id) == (
        Platform.FACEBOOK,
        "Joseph Romm",
        dt.date(2016, 9, 12),
        "10153908777222475",
    )
    assert embed.text == "Humanity is on very thin ice."


_TR_ABOVE = "Ünlü komedyen yeni gösterisini duyurdu ve hayranları çok sevindi."
_TR_POST = "Yeni gösterim için geri sayım başladı, biletler yarın satışta!"
_TR_BELOW = "Gösteri gelecek ay İstanbul'da başlayacak."


@pytest.mark.parametrize(
    ("text", "post_id"),
    [
        # its own line (inscriptis, trafilatura)
        (
            f"{_TR_ABOVE}\n\n{_TR_POST}\n\nCem Yılmaz paylaştı: 9 Ocak 2017 Pazartesi\n\n{_TR_BELOW}",
            None,
        ),
        # a line per link (BeautifulSoup get_text("\n"))
        (
            f"{_TR_ABOVE}\n\n{_TR_POST}\nCem Yılmaz\npaylaştı:\n9 Ocak 2017 Pazartesi\n{_TR_BELOW}",
            None,
        ),
        # blocks glued without spaces (get_text("")): the weekday runs into the next word
        (
            f"{_TR_ABOVE}\n{_TR_POST}Cem Yılmazpaylaştı:9 Ocak 2017 PazartesiGösteri gelecek ay.",
            None,
        ),
        # the post's last link glued to the name
        (
            f"{_TR_ABOVE}\n\n{_TR_POST} https://t.co/x1Cem Yılmaz paylaştı:\u00a09 Ocak 2017"
            f" Pazartesi\n\n{_TR_BELOW}",
            None,
        ),
        # html2text wraps the date's link onto the next quote line
        (
            f"{_TR_ABOVE}\n\n> {_TR_POST}\n>\n> [Cem Yılmaz](https://www.facebook.com/CMYLMZ/)"
            " paylaştı: [9 Ocak 2017\n> Pazartesi]"
            "(https://www.facebook.com/CMYLMZ/posts/10154890471522020:0)\n\n" + _TR_BELOW,
            "10154890471522020",
        ),
        # markdownify: name and date as links, "&nbsp;" before the date; the story index ":0"
        (
            f"{_TR_ABOVE}\n\n> {_TR_POST}\n>\n> [Cem Yılmaz](https://www.facebook.com/CMYLMZ/)"
            " paylaştı:\u00a0[9 Ocak 2017 Pazartesi]"
            "(https://www.facebook.com/CMYLMZ/posts/10154890471522020:0)\n\n" + _TR_BELOW,
            "10154890471522020",
        ),
    ],
)
def test_turkish_facebook_line_names_the_page_first(text: str, post_id: str | None) -> None:
    (embed,) = parse_text(text)
    assert (embed.platform, embed.author_name, embed.date, embed.date_text, embed.post_id) == (
        Platform.FACEBOOK,
        "Cem Yılmaz",
        dt.date(2017, 1, 9),
        "9 Ocak 2017 Pazartesi",
        post_id,
    )
    assert embed.text in (_TR_POST, f"{_TR_POST} https://t.co/x1")
    assert text[: embed.end].endswith(("Pazartesi", ":0)"))  # the date, or its link


@pytest.mark.parametrize(
    "text",
    [
        # the verb in a sentence, the date not the line's end, no weekday, no name
        "Bakan dün açıklamayı sosyal medyada paylaştı: 9 Ocak 2017 Pazartesi günü toplantı var.",
        "Ali Veli paylaştı: 9 Ocak 2017 Pazartesi günü toplantı yapılacak.\n",
        "Cem Yılmaz paylaştı: 9 Ocak 2017\n",
        "haberi paylaştı: 9 Ocak 2017 Pazartesi\n",
        "paylaştı: 9 Ocak 2017 Pazartesi",
    ],
)
def test_turkish_verb_in_prose_is_no_facebook_line(text: str) -> None:
    assert parse_text(text) == []


def test_facebook_line_run_into_the_text() -> None:
    # get_text("") glues blocks; get_text(" ") puts the page on one line
    glued = (
        "The article's paragraph above the embed.\n\n"
        "UQ congratulates the winners of the challenge...Posted by The University of "
        "Queensland – India on Monday, 26 October 2020\n\nThe article goes on.\n"
    )
    (embed,) = parse_text(glued)
    assert (embed.author_name, embed.date) == (
        "The University of Queensland – India",
        dt.date(2020, 10, 26),
    )
    assert embed.text == "UQ congratulates the winners of the challenge..."
    one_line = glued.replace("\n\n", " ")
    (embed,) = parse_text(one_line)
    assert (embed.author_name, embed.date) == (
        "The University of Queensland – India",
        dt.date(2020, 10, 26),
    )


def test_an_images_id_line_is_not_the_post() -> None:
    # BuzzFeed puts "ID: 10022662" under its embeds; the next post starts below it
    for gap in ("\n", "\n\n"):
        text = gap.join(
            [
                "“Posters” were taken down by @udelpolice… https://t.co/NNxn1LoIuM",
                "— The Review (@udreview) December 14, 2016",
                "ID: 10022662",
                "Posters were taken down by university police.… https://t.co/mjHWDcZNw9",
                "— The Review (@udreview) December 14, 2016",
            ]
        )
        first, second = parse_text(text)
        assert first.text == "“Posters” were taken down by @udelpolice… https://t.co/NNxn1LoIuM"
        assert second.text == (
            "Posters were taken down by university police.… https://t.co/mjHWDcZNw9"
        ), gap


def test_a_lead_in_ending_in_a_spaced_ellipsis_is_not_the_post() -> None:
    # trafilatura: a paragraph per line, the article's lead-in right above the post
    text = (
        "The retailer's new Christmas advert has outraged a certain type of person again.\n"
        "Just in case you haven't seen it yet (it's a cracker!) …\n"
        "Sound the klaxon, our Christmas ad for 2023 is here! pic.twitter.com/uI0tKNnIGc\n"
        "— M&S (@marksandspencer) November 1, 2023\n"
    )
    (embed,) = parse_text(text)
    assert (
        embed.text
        == "Sound the klaxon, our Christmas ad for 2023 is here! pic.twitter.com/uI0tKNnIGc"
    )
    # a post cut short ends with a glued "…", and its own lines may end so too
    text = (
        "Officials said on Tuesday that the vote would be held again early next week.\n"
        "Wait for it…\n"
        "the results are in! pic.twitter.com/AbCd1234\n"
        "— City Hall (@cityhall_ex) November 1, 2023\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == "Wait for it…\nthe results are in! pic.twitter.com/AbCd1234"


def test_a_speakers_name_label_above_a_post_is_the_articles() -> None:
    # "Ted Cruz:" labels the post with a person's name; "BREAKING:" opens the post
    post = "Ted Cruz's net worth = $3,013,518\nHe's cheering that Texans won't get paid"
    tail = " https://t.co/fRw7dmh3gm\n— igorvolsky (@igorvolsky) November 23, 2016\n"
    text = (
        "Those very politicians failed to disclose how wealthy they are.\nTed Cruz:\n" + post + tail
    )
    (embed,) = parse_text(text)
    assert embed.text == post.replace("\n", "\n") + " https://t.co/fRw7dmh3gm"
    text = (
        "Those very politicians failed to disclose how wealthy they are.\nBREAKING:\n" + post + tail
    )
    (embed,) = parse_text(text)
    assert embed.text is not None
    assert embed.text.startswith("BREAKING:")


def test_spans_answer_overlaps_like_a_scan() -> None:
    import random

    from embedarchive.detect._lines import Spans

    rng = random.Random(7)
    for _ in range(200):
        spans = [(a, a + rng.randint(0, 6)) for a in rng.sample(range(60), rng.randint(0, 8))]
        index = Spans(spans)
        for _ in range(30):
            start = rng.randint(0, 70)
            end = start + rng.randint(1, 8)
            expected = any(s < end and start < e for s, e in spans)
            assert index.overlaps(start, end) == expected, (spans, start, end)


@pytest.mark.parametrize(
    ("spaced", "written"),
    [
        # get_text(" "), html-text and boilerpy3 put a space after every link's text
        (
            "My #bedroom aboard #ISS . All the comforts of #home .",
            "My #bedroom aboard #ISS. All the comforts of #home.",
        ),
        ("I echo @POTUS 's comments, and @UN ’s too.", "I echo @POTUS's comments, and @UN’s too."),
        ("buying @wesbos ' ES6 course", "buying @wesbos' ES6 course"),
        # (an opening quote after a mention keeps its space)
        ("thanks @wesbos 'cause it works", "thanks @wesbos 'cause it works"),
        (
            "📌 @yudi_mercedes , miembro del Secretariado",
            "📌 @yudi_mercedes, miembro del Secretariado",
        ),
        # what authors do write: a space before "?" or "!" (French too), and after a URL
        ("How did this ad get approved @Meta ? 😬", "How did this ad get approved @Meta ? 😬"),
        ("Faute sur @LucasHernandez ! Penalty", "Faute sur @LucasHernandez ! Penalty"),
        (
            "go get it https://t.co/viO2gBeXgk , it’s so worth it!",
            "go get it https://t.co/viO2gBeXgk , it’s so worth it!",
        ),
        ("the #1 . best", "the #1. best"),
        # a colon too, but French writes a space before it
        (
            "Malaysia’s @ChiefofNavy : today’s search for #QZ8501 : the teams are out",
            "Malaysia’s @ChiefofNavy: today’s search for #QZ8501: the teams are out",
        ),
        (
            "Merci @AntoGriezmann : le but est pour les joueurs et pour la France",
            "Merci @AntoGriezmann : le but est pour les joueurs et pour la France",
        ),
    ],
)
def test_space_a_renderer_put_after_a_tag_or_mention(spaced: str, written: str) -> None:
    (embed,) = parse_text(f"{spaced}\n— Scott Kelly (@StationCDRKelly) October 27, 2015\n")
    assert embed.text == written


@pytest.mark.parametrize(
    "rendering",
    [
        # get_text(" "): the page on one line, a space after the lone "."
        "{article} this time around: . @Skamenca Sleep better on @space_station. {attribution}",
        # html-text and boilerpy3: the "." opens its own block, spaced from the mention
        "{article} this time around:\n\n. @Skamenca Sleep better on @space_station.\n{attribution}",
        # stripped lines: "." and the mention's link on lines of their own
        "{article} this time around:\n.\n@Skamenca\nSleep better on\n@space_station\n.\n"
        "{attribution}",
    ],
)
def test_a_period_before_a_mention_opens_the_post(rendering: str) -> None:
    # ".@user" makes a reply visible to all followers: the period is the post's own
    article = "Kelly had some trouble sleeping in weightlessness on earlier missions. " * 4
    attribution = "— Scott Kelly (@StationCDRKelly) October 27, 2015"
    text = rendering.format(article=article.strip(), attribution=attribution)
    (embed,) = parse_text(text)
    assert embed.text == ".@Skamenca Sleep better on @space_station."
    assert text[embed.start] == "."  # the span opens at the period


def test_markup_whitespace_above_the_post_parts_nothing() -> None:
    # BeautifulSoup get_text("\n") unstripped, selectolax: blank lines of the markup's own
    # whitespace everywhere, also between a post's paragraphs ("⭐️⭐️⭐️⭐️<br><br>Highlights…");
    # several of them under the post say so, and the lines above are read on their evidence
    indent = " " * 22
    text = (
        f"{indent}Watch the highlights of the match below:\n\n\n\n"
        f"{indent}⭐️⭐️⭐️⭐️\n\n\n\n"
        f"{indent}Highlights from our 4-1 win at Villa Park ⬇️ \n"
        "pic.twitter.com/BUPgYtgHaY\n\n\n"
        "— West Ham United (@WestHam) \nOctober 31, 2021\n\n\n\n\n"
        f"{indent}The article goes on.\n"
    )
    (embed,) = parse_text(text)
    assert embed.text == (
        "⭐️⭐️⭐️⭐️\nHighlights from our 4-1 win at Villa Park ⬇️ pic.twitter.com/BUPgYtgHaY"
    )
    # one blank line under the post marks a paragraph document: there the blank line above
    # ends the post
    paragraphs = text.replace("BUPgYtgHaY\n\n\n", "BUPgYtgHaY\n\n")
    (embed,) = parse_text(paragraphs)
    assert embed.text == "Highlights from our 4-1 win at Villa Park ⬇️ pic.twitter.com/BUPgYtgHaY"


_LYNX_DUMP = """   A New York man pleaded guilty to charges he threatened to kill a member
   of Congress, the office announced Monday.

     Sharing my full letter on the sentencing of a man convicted of
     threatening my life.
     We must apply a system of compassion to criminal justice.
     [154]pic.twitter.com/s96jjh8AlD
     — Rep. Ilhan Omar (@Ilhan) [155]November 19, 2019

     [23]View this post on Instagram

     [137]Our favorite wall in our hometown. (📸 [138]@AustinTourCo)

     A post shared by [139]Bumble, For Friendship (@bumblebff) on May 2,
     2019 at 3:00pm PDT

   Updated at 1:23 p.m.

References

  23. https://www.instagram.com/p/BxAbCdEfGhI/
 137. https://www.instagram.com/p/BxAbCdEfGhI/
 138. https://www.instagram.com/AustinTourCo/
 139. https://www.instagram.com/bumblebff/
 154. https://t.co/s96jjh8AlD
 155. https://twitter.com/Ilhan/status/1196913596164366337?ref_src=twsrc%5Etfw
"""


def test_lynx_dump_numbers_every_link() -> None:
    # lynx -dump puts "[n]" before each link's text and lists the addresses at the end
    omar, bumble = parse_text(_LYNX_DUMP)
    assert (omar.handle, omar.date, omar.post_id) == (
        "Ilhan",
        dt.date(2019, 11, 19),
        "1196913596164366337",  # the date's link, from the references
    )
    assert omar.text == (
        "Sharing my full letter on the sentencing of a man convicted of threatening my life.\n"
        "We must apply a system of compassion to criminal justice. pic.twitter.com/s96jjh8AlD"
    )
    assert (bumble.handle, bumble.author_name) == ("bumblebff", "Bumble, For Friendship")
    assert bumble.text == "Our favorite wall in our hometown. (📸 @AustinTourCo)"
    # the caption's link (or the header's) is the post: its address is in the references
    assert (bumble.post_id, bumble.url) == (
        "BxAbCdEfGhI",
        "https://www.instagram.com/p/BxAbCdEfGhI/",
    )
    assert _LYNX_DUMP[omar.start :].startswith("Sharing my full letter")


def test_lynx_instagram_post_from_the_header_number() -> None:
    # no caption: only the header's link number leads to the post
    text = (
        "   [12]View this post on Instagram\n\n"
        "   A post shared by [13]Vreni Frost (@vrenifrost) on Mar 14, 2018\n\n"
        "References\n\n"
        "  12. https://www.instagram.com/p/BgTRLkmnibM/?utm_source=ig_embed\n"
        "  13. https://www.instagram.com/vrenifrost/\n"
    )
    (embed,) = parse_text(text)
    assert (embed.handle, embed.post_id) == ("vrenifrost", "BgTRLkmnibM")


def test_link_numbers_stay_in_text_that_is_no_lynx_dump() -> None:
    text = "Footnotes matter [1]really\n— Jane Doe (@janedoe) July 1, 2025\n"
    (embed,) = parse_text(text)
    assert embed.text == "Footnotes matter [1]really"


_W3M_DUMP = """solo travelers! You can do a lot with this app, and match travel plans with
people who'll arrive at a destination the same time as you.

5. Dating apps

    View this post on Instagram

    Our favorite wall in our hometown. (📸 @AustinTourCo)

    A post shared by Bumble, For Friendship (@bumblebff) on May 2, 2019 at
    3:00pm PDT

    The 9to5Mac BundleHunt delivers over 40 top apps from just $1 each https://
    t.co/y5Wn5UBP8S by @trevorjd14 #
    BundleHunt pic.twitter.com/
    cLT72XQfD3

    — 9to5Mac (@9to5mac) February 6, 2019

"""


def test_w3m_dump_wraps_links_and_indents_quotes() -> None:
    # w3m -dump wraps at 80 columns, also inside a link, and indents the blockquote with its
    # "View this post on Instagram" header
    bumble, mac = parse_text(_W3M_DUMP)
    assert bumble.text == "Our favorite wall in our hometown. (📸 @AustinTourCo)"
    assert mac.text == (
        "The 9to5Mac BundleHunt delivers over 40 top apps from just $1 each "
        "https://t.co/y5Wn5UBP8S by @trevorjd14 #BundleHunt pic.twitter.com/cLT72XQfD3"
    )


def test_lynx_dump_of_facebook_and_tiktok_embeds() -> None:
    dump = """     Humanity is on very thin ice.
     Posted by [1]Joseph Romm on [2]Monday, September 12, 2016

     Esta información es importante para usted.
     Publicado por [6]Colegio Golda Meir en [7]Jueves, 12 de noviembre de
     2020

     http://instagram.com/cmylmz/
     [8]Cem Yılmaz paylaştı: [9]9 Ocak 2017 Pazartesi

      [10]@countingprimes
     You can now embed TikTok's in AMP
     [11]♬ original sound - countingprimes

References

   1. https://www.facebook.com/joseph.romm
   2. https://www.facebook.com/joseph.romm/posts/10153908777222475
   6. https://www.facebook.com/colegiogoldameir/
   7. https://www.facebook.com/colegiogoldameir/posts/3498133363610358
   8. https://www.facebook.com/CMYLMZ/
   9. https://www.facebook.com/CMYLMZ/posts/10154890471522020:0
  10. https://www.tiktok.com/@countingprimes
  11. https://www.tiktok.com/music/original-sound-6988237065427601157
"""
    found = parse_text(dump)
    assert [(e.platform, e.author_name or e.handle, e.date, e.post_id, e.text) for e in found] == [
        (
            Platform.FACEBOOK,
            "Joseph Romm",
            dt.date(2016, 9, 12),
            "10153908777222475",
            "Humanity is on very thin ice.",
        ),
        (
            Platform.FACEBOOK,
            "Colegio Golda Meir",
            dt.date(2020, 11, 12),  # (the date wrapped onto an indented line)
            "3498133363610358",
            "Esta información es importante para usted.",
        ),
        (
            Platform.FACEBOOK,
            "Cem Yılmaz",
            dt.date(2017, 1, 9),
            "10154890471522020",
            "http://instagram.com/cmylmz/",
        ),
        (Platform.TIKTOK, "countingprimes", None, None, "You can now embed TikTok's in AMP"),
    ]


_PANDOC_GFM = """Kelly flew to space for earlier missions, but he is having an easier time
adjusting to his new sleeping arrangements this time around:

> .<a href="https://twitter.com/Skamenca" target="_blank">@Skamenca</a>
> Sleep better on <a href="https://twitter.com/Space_Station"
> target="_blank">@space_station</a> this time than last. Disorienting
> when I wake & it's dark.
>
> — Scott Kelly (@StationCDRKelly)
> <a href="https://twitter.com/StationCDRKelly/status/591334283081560064"
> data-crux-keep="" target="_blank">April 23, 2015</a>

Rumor has it that a holiday special follows.

> <div style="padding:16px;">
>
> <a href="https://www.instagram.com/p/CIqsGheBmpi/" target="_blank">View this post on
> Instagram</a>
>
> <div style=" display: flex; flex-direction: row;">
>
> </div>
>
> Winter in the Rockies \\<3
>
> <a href="https://www.instagram.com/p/CIqsGheBmpi/"
> style=" color:#c9c8cd; font-family:Arial,sans-serif;"
> target="_blank">A post shared by Chaki Sklar (@chakifunkwizard)</a>
>
> </div>
"""


def test_markdown_that_kept_raw_html() -> None:
    # pandoc's GitHub Markdown keeps a link with target="_blank", and an embed's styled
    # <div>s, as HTML, wrapped over the quote's lines
    kelly, sklar = parse_text(_PANDOC_GFM)
    assert (kelly.handle, kelly.date, kelly.post_id) == (
        "StationCDRKelly",
        dt.date(2015, 4, 23),
        "591334283081560064",
    )
    assert kelly.text == (
        ".@Skamenca Sleep better on @space_station this time than last. Disorienting "
        "when I wake & it's dark."
    )
    assert (sklar.handle, sklar.author_name) == ("chakifunkwizard", "Chaki Sklar")
    assert sklar.text == "Winter in the Rockies <3"
    # offsets index the text as given, raw markup and all
    assert _PANDOC_GFM[kelly.start :].lstrip("> ").startswith(".<a href")
    assert _PANDOC_GFM[: kelly.end].endswith("April 23, 2015</a>")


@pytest.mark.parametrize(
    "line",
    [
        "— Jane Doe (@janedoe) May 2, 2018",
        "â€” Jane Doe (@janedoe) May 2, 2018",  # the dash's UTF-8 read as cp1252
        "â€“ Jane Doe (@janedoe) May 2, 2018",
    ],
)
def test_mojibake_dash(line: str) -> None:
    for glue in ("\n", ""):
        (embed,) = parse_text(f"Post text here pic.twitter.com/abcdEFGH12{glue}{line}\n")
        assert (embed.author_name, embed.text) == (
            "Jane Doe",
            "Post text here pic.twitter.com/abcdEFGH12",
        )


def test_quote_marker_wrapped_into_a_name() -> None:
    text = (
        "> Wie ich meine Kollegen gerne habe 😍\n>\n"
        "> [A post shared by\n> Manuela Reimann (@manuelareimann)](https://www.instagram.com/p/B1/)\n"
    )
    (embed,) = parse_text(text)
    assert (embed.handle, embed.author_name) == ("manuelareimann", "Manuela Reimann")


_GATE_ALPHABET = sorted(
    {*_attribution._FACEBOOK_PHRASES, "Post by", "paylaştı", "ş", "P", "Pub", "Post", "&", "&amp;"}
    | {"&mdash;", "&#8212;", "&x;", "& ", ";", "x", " "}
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_GATE_ALPHABET), max_size=40).map("".join))
def test_gate_scans_find_what_a_search_per_phrase_finds(page: str) -> None:
    # the phrases found by one scan for their first letter, the first entity by probing "&"s
    found, card = _attribution._facebook_phrases(page)
    phrases = [*_attribution._FACEBOOK_PHRASES, "paylaştı"]
    assert sorted(found) == sorted(phrase for phrase in phrases if phrase in page)
    assert card == ("Post by" in page)
    first = text_detector._first_entity(page)
    expected = text_detector._ENTITY.search(page)
    assert (first and first.span()) == (expected and expected.span())


def _assert_disjoint(embeds: list[Embed]) -> None:
    for earlier, later in itertools.pairwise(embeds):
        assert earlier.end <= later.start


def test_two_quoted_attributions_on_one_line_do_not_overlap() -> None:
    # found by fuzzing: the second body was cut at the first embed's end, but its start was
    # still the line's
    page = (
        "Intro:\n\n> Post one is here — A (@aa) July 1, 2025 and the second post"
        " — B (@bb) July 2, 2025\n"
    )
    first, second = parse_text(page)
    _assert_disjoint([first, second])
    assert (first.text, second.text) == ("Post one is here", "and the second post")
    assert page[second.start : second.end].startswith("and the second post — B (@bb)")


def test_embeds_read_from_rewritten_markup_do_not_overlap() -> None:
    # found by fuzzing: a raw link whose address runs over an attribution; the end of one
    # embed and the start of the next fall inside the same rewritten tag
    page = (
        'Intro:\n\n> Post one\n> — A (@aa) July 1, 2025 [x](http://e.com/ "t") '
        '<a href="https://e.com/a\n> b — B (@bb) July 2, 2025 c">x</a> — C (@cc) July 3, 2025\n'
        "</div></div></div>\n"
    )
    embeds = parse_text(page)
    assert [embed.handle for embed in embeds] == ["aa", "bb", "cc"]
    _assert_disjoint(embeds)


def test_a_post_whose_opening_kept_the_quote_indentation_stops_at_the_flush_line() -> None:
    # trafilatura strips every line but keeps the blockquote's own whitespace in front of the
    # post's first paragraph; the flush heading above it is the article's
    page = (
        "Starting today, free users get unlimited private projects.\n"
        "All GitHub users can keep their code private\n"
        + " "
        * 38
        + "Today(!) we're thrilled to announce unlimited free private repos for all GitHub"
        " users, and a new simplified Enterprise offering: https://t.co/dFgK6KC0Wc\n"
        "— Nat Friedman (@natfriedman) January 7, 2019\n"
        "Microsoft acquired GitHub last year.\n"
    )
    (embed,) = parse_text(page)
    assert embed.text is not None
    assert embed.text.startswith("Today(!) we're thrilled")
    assert page[embed.start :].startswith("Today(!)")


def test_a_space_kept_before_a_line_break_joins_the_post_s_paragraphs() -> None:
    # trafilatura strips the article's lines but keeps the space an author typed before a
    # <br> inside the post: that line is the post's, though nothing else marks it
    article = (
        "Omar asked for compassion during the sentencing in a letter posted on Twitter.\n"
        '"The answer to hate is not more hate; it is compassion," she wrote.\n'
    )
    post = (
        "Sharing my full letter on the sentencing of a man convicted of threatening my life. \n"
        "We must apply a system of compassion to criminal justice.\n"
        "Who are we as a nation if we respond to threats with retribution? pic.twitter.com/s96jjh8AlD"
    )
    attribution = "\n— Rep. Ilhan Omar (@Ilhan) September 23, 2019\nThe article goes on.\n"
    page = article + post + attribution
    (embed,) = parse_text(page)
    assert embed.text == post.replace(" \n", "\n")
    assert page[embed.start :].startswith("Sharing my full letter")
    # where the article's own lines keep spaces at their ends too, the space says nothing
    spaced = article.replace(".\n", ". \n") + post + attribution
    (embed,) = parse_text(spaced)
    assert embed.text is not None
    assert embed.text.startswith("We must apply")
    # right under the previous embed no article line is left to tell the rendering by
    two = (
        "First post pic.twitter.com/AbCd1234\n— Anna (@anna) May 1, 2020\n"
        "The council said in a statement on Monday that the vote will go ahead as planned. \n"
        "Second post with a #tag pic.twitter.com/EfGh5678\n— Ben (@ben) May 2, 2020\n"
    )
    first, second = parse_text(two)
    assert first.handle == "anna"
    assert second.text == "Second post with a #tag pic.twitter.com/EfGh5678"


def test_indented_lines_that_continue_or_wrap_still_join_the_post() -> None:
    # a paragraph's source line wrapped at a link (unstripped get_text) opens lower case, and a
    # text browser's wrapped tail is short: neither parts the post from the flush line above
    continued = (
        "Intro paragraph of the article, which ends here.\n\n"
        "NEWS: Today, Sen. @ossoff and @Qcells_NA\n"
        + " "
        * 40
        + "announced a $171 million expansion of their Dalton, Georgia solar plant, creating"
        " nearly 500 new jobs. pic.twitter.com/5bWGfUb3RQ\n"
        "— Jon Ossoff (@ossoff) April 3, 2024\n"
    )
    (embed,) = parse_text(continued)
    assert embed.text is not None
    assert embed.text.startswith("NEWS: Today, Sen. @ossoff")
    wrapped = (
        "Intro paragraph of the article, which ends here.\n\n"
        "    Trump has arrived at his golf club in West Palm Beach, Florida for the 13th\n"
        + " "
        * 33
        + "consecutive day.\n"
        "    — Daniel Dale (@ddale8) December 30, 2019\n"
    )
    (embed,) = parse_text(wrapped)
    assert embed.text == (
        "Trump has arrived at his golf club in West Palm Beach, Florida for the 13th"
        " consecutive day."
    )


def test_a_post_is_no_longer_than_its_date_allows() -> None:
    # X allowed 140 characters until November 2017 and 280 since: on a page flattened to one
    # line the article's sentences above a 2016 post cannot be part of it, and lines that
    # would join a 2019 post (tags on each) are too many for a 2015 one
    one_line, old, recent = _parse("post_length_limits.txt")
    assert one_line.text == "Well that's a new emergency alert experience pic.twitter.com/AbC123dEf"
    assert old.text == (
        "#Storm: schools shut, buses cancelled, check the council site for the list of closures"
    )
    assert recent.text == (
        "#Storm update: roads closed across the county this morning, avoid travel if you can "
        "#weather #Storm: schools shut, buses cancelled, check the council site for the list "
        "of closures"
    )


@pytest.mark.parametrize(
    ("text", "date", "too_long"),
    [
        ("x" * 150, dt.date(2015, 1, 5), False),  # 140 and the slack
        ("x" * 151, dt.date(2015, 1, 5), True),
        ("x" * 151, dt.date(2019, 1, 5), False),  # 280 since 2017-11-07
        ("x" * 291, dt.date(2019, 1, 5), True),
        # since 2016-09-19 attached media and a quoted post's link count nothing
        ("x" * 140 + " pic.twitter.com/AbC https://t.co/XyZ", dt.date(2016, 10, 1), False),
        ("x" * 140 + " pic.twitter.com/AbC https://t.co/XyZ", dt.date(2016, 9, 1), True),
        # since 2017-03-30 the @mentions a reply opens with count nothing
        ("@aa @bb @cc " + "x" * 140, dt.date(2017, 4, 2), False),
        ("@aa @bb @cc " + "x" * 140, dt.date(2017, 3, 1), True),
        ("x" * 1000, None, False),  # no date, no limit
    ],
)
def test_post_length_limits(text: str, date: dt.date | None, too_long: bool) -> None:
    assert _body._too_long(text, date) is too_long
