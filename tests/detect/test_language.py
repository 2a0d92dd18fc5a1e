"""The function-word language guess that separates an article from a post in another language."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from embedarchive.detect import _language


def test_clear_lines_get_their_language() -> None:
    assert (
        _language.dominant(_language.scores("The talks went well and more of them will follow."))
        == "en"
    )
    assert (
        _language.dominant(
            _language.scores("Die Gespräche sind gut gelaufen und es wird mehr geben.")
        )
        == "de"
    )
    assert (
        _language.dominant(
            _language.scores("Les discussions se sont bien passées et il y en aura d'autres.")
        )
        == "fr"
    )


def test_english_as_is_no_portuguese_evidence() -> None:
    # "as" is also Portuguese's article: alone it must not make an English line Portuguese
    words = _language.scores("really simple as pie. #mac #windows")
    assert _language.dominant(words, least=1) is None
    block = _language.scores("Thanks to @ParallelsMac for making this so easy! It's")
    assert not _language.differs(block, words)


def test_a_post_line_wrapped_before_an_as_is_joined() -> None:
    from embedarchive import parse_text

    # w3m -dump: the post under another embed, wrapped at 80 columns before "really simple as"
    text = (
        "    Super HAPPY to be developing for #Hololens from my #Mac in a #\n"
        "    virtualmachine for #parallelsdesktop I love it!!! pic.twitter.com/\n"
        "    3FjG3V72Ad\n\n"
        "    \u2014 Javier Campos (@x_campos) 16 \u043c\u0430\u044f 2018 \u0433.\n\n"
        "    Thanks to @ParallelsMac for making this unholy marriage so easy! It\u2019s\n"
        "    really simple as pie. #mac#windowspic.twitter.com/eDJu0qRTb8\n\n"
        "    \u2014 Sebastin Rothe (@port_noy)  \n"
    )
    embed = parse_text(text)[-1]
    assert embed.handle == "port_noy"
    assert embed.text is not None
    assert embed.text.startswith("Thanks to @ParallelsMac")


def test_short_or_mixed_lines_get_no_answer() -> None:
    assert _language.dominant(_language.scores("#Asamblea #municipales")) is None
    assert _language.dominant(_language.scores("Highlights ⬇️")) is None


def test_links_and_one_letter_words_do_not_count() -> None:
    # "com" of a link is not Portuguese, the "s" of "Bitcoin's" is not Czech
    assert _language.scores("snaps pic.twitter.com/PQqbN51wBW") == {}
    assert _language.scores("Bitcoin's perception") == {}


def test_differs_needs_a_clear_line_and_a_known_block() -> None:
    block = _language.scores("Maybe worth considering this for the crisis")
    german = _language.scores(
        "Der Forscher hat die neue Funktion bei der App entdeckt und geteilt."
    )
    english = _language.scores(
        "How hard would it be for such a drone to drop a bomb on one of them?"
    )
    assert _language.differs(german, block)
    assert not _language.differs(english, block)
    assert not _language.differs(german, {})


def test_scores_of_a_text_count_every_occurrence() -> None:
    prose = "Die Agentur hat das Video veröffentlicht und es wurde auf der Plattform geteilt. "
    found = _language.scores_of(prose * 5)
    assert _language.dominant(found, least=20) == "de"
    assert found["de"] == 5 * _language.scores(prose)["de"]


@given(st.text(max_size=2000))
def test_scores_never_fail_and_count_words(text: str) -> None:
    found = _language.scores(text)
    assert all(n > 0 for n in found.values())
    assert _language.dominant(found) in {None, *found}
