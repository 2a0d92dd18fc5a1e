"""Which Latin-script language a line is in, from its function words.

Articles often quote posts in another language than their own (an English post in a German
article). Script changes already separate a Cyrillic post from English prose; this module does
the same for languages that share the Latin script, with the cheapest signal that works on one
line: the share of very frequent function words ("the", "und", "les", "que", ...) of each
language. It only answers when the evidence is clear; short or mixed lines give no answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

# Frequent function words per language. A word in several lists counts for each of them; the
# comparisons below ask for a clear margin, so shared words ("de", "a", "in", "as") weigh little.
# (Without English "as", a line with no other function word read as Portuguese.)
_WORDS: Final[dict[str, str]] = {
    "en": "the and of to is are was were be been for on that this with you your we our they "
    "their it its from have has had will would not just how what who which there than "
    "about into after been can could should my me he she his her at by an or but if so as",
    "de": "der die das und ist nicht mit von den dem ein eine einen einem einer auf für sich "
    "auch zu im es wir ich sie wie bei nach über noch nur wird sind hat des dass oder "
    "aber vom zum zur kann werden wurde haben man nicht diese dieser dieses beim",
    "fr": "le la les de des et est une un du en que qui pour dans pas sur au aux avec ce cette "
    "sont nous vous il elle par mais plus ou se ne été être sa son ses leur comme tout fait",
    "es": "el la los las de y que en un una es por para con del al se no lo su sus como más "
    "pero este esta muy fue ha han hay ya sobre entre también cuando",
    "pt": "o os as de e que em um uma do da dos das no na nos nas para com não por se mais "
    "é ao foi são como mas ele ela seu sua também já muito pelo pela",
    "it": "il la di che e per un una del della delle dei degli non sono è con gli le nel "
    "nella alla anche questo questa ha ma come più si da al",
    "nl": "de het een van en is dat op te niet met zijn voor er ook maar aan bij om die "
    "wordt werd naar uit nog wel dan kan",
    "cs": "a se na je v že to s z do o jsou ale jak pro si by od po ve ze jako jen už které "
    "který která bylo byl tak když",
    "pl": "i w na z się nie że do to jest o jak dla po od przez ale czy są jego jej tak już "
    "tylko który która było",
    "id": "dan yang di ini itu dengan untuk dari tidak akan ke pada adalah juga dalam bisa "
    "oleh sudah karena",
    "tr": "ve bir bu için ile çok ne daha olarak gibi kadar sonra ama değil",
}
_LANGUAGES: Final[dict[str, tuple[str, ...]]] = {}
for _lang, _words in _WORDS.items():
    for _word in _words.split():
        # one-letter words ("a", "e", "s" of "it's" split elsewhere) say too little
        if len(_word) > 1 and _lang not in _LANGUAGES.get(_word, ()):
            _LANGUAGES[_word] = (*_LANGUAGES.get(_word, ()), _lang)
# Words are whitespace-separated tokens, lower-cased: function words seldom carry punctuation,
# tokens with it ("pic.twitter.com/…", "it's") simply match nothing, and str.split is fast.

Scores = Mapping[str, int]


def scores(line: str) -> dict[str, int]:
    """How many of the line's words (in its first 600 characters) are function words of each
    language."""
    return scores_of(line[:600])


def add(total: dict[str, int], more: Scores) -> None:
    """Add ``more`` into ``total`` (the scores of a growing block of lines)."""
    for lang, n in more.items():
        total[lang] = total.get(lang, 0) + n


def dominant(found: Scores, *, least: int = 2, margin: int = 2) -> str | None:
    """The language with at least ``least`` words and ``margin`` times any other, else None."""
    best, top, second = None, 0, 0
    for lang, n in found.items():
        if n > top:
            best, top, second = lang, n, top
        elif n > second:
            second = n
    if best is None or top < least or top < margin * second:
        return None
    return best


def differs(line: Scores, block: Scores) -> bool:
    """Whether a line is clearly in another language than the block of lines below it.

    The line differs when it is clearly in language X (three function words at least, three
    times any other language's) while the block's language is another one and shows few words
    of X; or when it has none of the block's function words and two of another language. A
    block known from one word only needs a line with four.
    """
    own = dominant(block, least=1, margin=2)
    if own is None:
        return False
    lang = dominant(line, least=3, margin=3)
    if lang is not None and lang != own:
        if block.get(lang, 0) * 3 > block[own]:
            return False
        return block[own] >= 2 or (line[lang] >= 4 and line.get(own, 0) == 0)
    return block[own] >= 2 and line.get(own, 0) == 0 and max(line.values(), default=0) >= 2


def scores_of(text: str) -> dict[str, int]:
    """Like :func:`scores`, over a whole text."""
    found: dict[str, int] = {}
    # most words are no function word: map and filter skip them at C speed
    for languages in filter(None, map(_LANGUAGES.get, text.lower().split())):
        for lang in languages:
            found[lang] = found.get(lang, 0) + 1
    return found
