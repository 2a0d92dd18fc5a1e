"""Compare an article's quote of a post with the archived post.

An embed rarely shows a post's text byte for byte: the widget swaps ``t.co`` links for their
display form (``pic.twitter.com/…``, a shortened ``github.com/…``), hides the reply mentions
outside ``display_text_range``, cuts long posts with "…", and scrapers add HTML entities,
invisible characters and odd whitespace. :func:`normalize_for_compare` undoes all of that on
both sides, :func:`verify` then decides between match / truncated / edited / mismatch /
unverifiable and writes a short word diff.

Two similarity measures, on purpose:

* :func:`similarity` (public, used by the resolver to rank candidates) is a Dice coefficient
  over the multisets of word unigrams and bigrams. It is linear in the input, exactly
  symmetric, in ``[0, 1]`` and ``1.0`` for equal token sequences.
* ``Verification.similarity`` is difflib's ratio over the aligned word tokens, the same
  alignment the diff is drawn from, so the number and the diff agree. The common prefix and
  suffix are matched in linear time and difflib (quadratic in the worst case) only sees a
  differing middle capped at :data:`MAX_DIFF_TOKENS` tokens per side.
"""

from __future__ import annotations

import difflib
import html
import itertools
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from embedarchive.models import Embed, Post, Verification, VerificationStatus

__all__ = ["MAX_CHARS", "MAX_DIFF_TOKENS", "normalize_for_compare", "similarity", "verify"]

logger = logging.getLogger(__name__)

#: Text beyond this many characters is ignored (the longest X posts have 25,000).
MAX_CHARS = 50_000
#: difflib sees at most this many differing tokens per side (worst case ~0.05 s).
MAX_DIFF_TOKENS = 600
#: Similarity tokens kept per side for :func:`similarity`.
MAX_SIMILARITY_TOKENS = 2_000
#: difflib ratio at or above which a differing quote counts as edited rather than mismatched.
EDITED_THRESHOLD = 0.85
#: Longest diff string handed out.
MAX_DIFF_CHARS = 1_500
_CONTEXT_TOKENS = 4
_MAX_ENTITIES = 64
_MAX_UNESCAPE_PASSES = 4

LINK_PLACEHOLDER = "[link]"
MEDIA_PLACEHOLDER = "[media]"
_ELLIPSIS = "..."  # NFKC turns "…" into three dots, so that is the canonical form

# Invisible characters that scrapers and editors sprinkle into text: zero-width space/joiners,
# directional marks and isolates, the BOM, word joiner and soft hyphen.
_INVISIBLE = dict.fromkeys(
    [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF, 0x2060, 0xAD]
)
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
    | _INVISIBLE
)

# Chains of escaped ampersands ("&amp;amp;lt;") collapse in one pass instead of one per layer.
_AMP_CHAIN = re.compile(r"&(?:amp;?|AMP;?|#0{0,8}38;?|#[xX]0{0,8}26;?)+")
_LIVE_ENTITY = re.compile(r"&(?=[#A-Za-z])")
_BLUESKY_MARKER = re.compile(r"\[\s*image\s+or\s+embed\s*\]", re.IGNORECASE)
# Scheme URLs anywhere (scrapers glue them to the previous word); twitter media links anywhere;
# other bare "domain.tld/path" only at a word start. Runs are single greedy classes with nothing
# after them and domain labels exclude the dot that ends them, so matching stays linear; runs
# are taken whole so that a second pass finds no leftover that now looks like a link.
_URL = re.compile(
    r"https?://[^\s<>\"]+"
    r"|(?<![./:])pic\.(?:twitter|x)\.com/[A-Za-z0-9]+"
    r"|(?<![\w.@/:#-])(?:[A-Za-z0-9][A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z]{2,24}/[^\s<>\"]*"
)
# Scrapers glue links to the word before them ("contestpic.twitter.com/…", "nowhttps://…").
_GLUED_LINK = re.compile(r"(?<=\w)(?=https?://|pic\.(?:twitter|x)\.com/)")
_URL_TAIL = ".,;:!?'\")]}"
_MENTION = re.compile(r"@\w[\w.@-]{0,99}")
_OUR_TOKEN = re.compile(r"\[(?:link|media)(?::[^\s\]]{1,300})?\]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


# -- normalization ----------------------------------------------------------------------------


def normalize_for_compare(text: str, *, entities: Mapping[str, Any] | None = None) -> str:
    """Return ``text`` in the canonical form both sides of a comparison are reduced to.

    HTML entities are unescaped, invisible characters dropped, Unicode NFKC-normalized (which
    also turns "…" into "..."), smart quotes made straight and whitespace collapsed to single
    spaces. Links become tokens: with ``entities`` in the syndication shape (``urls[]`` and
    ``media[]`` with ``url``/``expanded_url``/``display_url``), every form of one link (its
    ``t.co`` URL, the expanded URL, the display form, ``pic.twitter.com/…``) becomes
    ``[link:t.co/<id>]`` (``[link:<n>]``, the entity's position, when it has no ``t.co`` id);
    any other link becomes ``[link]``, and so does every link when there are no entities.
    Bluesky's "[image or embed]" marker becomes ``[media]``. Leading reply mentions ("@a @b ")
    are dropped, as embeds hide them. Idempotent for inputs up to :data:`MAX_CHARS` characters.
    """
    s = text[:MAX_CHARS]
    s = _unescape(s)
    s = s.translate(_INVISIBLE)
    s = unicodedata.normalize("NFKC", s)
    # NFKC can produce characters that need mapping; mapping and removal can enable new
    # compositions, hence the second NFKC.
    s = unicodedata.normalize("NFKC", s.translate(_QUOTES))
    s = _BLUESKY_MARKER.sub(f" {MEDIA_PLACEHOLDER} ", s)
    s = _replace_links(s, _link_aliases(entities))
    s = _strip_leading_mentions(" ".join(s.split()))
    if _unescape(s) != s:
        # Pathological entity nesting survived the bounded unescape passes: break the remaining
        # references so a second normalization finds nothing left to decode.
        s = _LIVE_ENTITY.sub("& ", s)
    return s


def _unescape(s: str) -> str:
    if "&" not in s:
        return s
    for _ in range(_MAX_UNESCAPE_PASSES):
        decoded = html.unescape(_AMP_CHAIN.sub("&", s))
        if decoded == s:
            break
        s = decoded
    return s


def _canon(s: str) -> str:
    """Normalize an entity string the same way text is, so they can be compared."""
    s = unicodedata.normalize("NFKC", _unescape(s).translate(_INVISIBLE))
    return unicodedata.normalize("NFKC", s.translate(_QUOTES)).strip()


def _url_key(url: str) -> str:
    """Scheme-less, 'www.'-less key with a lowercase host: how links are looked up."""
    u = url
    for scheme in ("https://", "http://"):
        if u[: len(scheme)].lower() == scheme:
            u = u[len(scheme) :]
            break
    host, sep, rest = u.partition("/")
    host = host.lower().removeprefix("www.")
    return (host + sep + rest).rstrip("/")


def _short_id(key: str) -> str | None:
    host, _, path = key.partition("/")
    if host in ("t.co", "pic.twitter.com", "pic.x.com") and path and "/" not in path:
        return path
    return None


class _Aliases:
    """The link forms named by a post's entities, each mapped to one token per link."""

    def __init__(self) -> None:
        self.exact: dict[str, str] = {}
        self.prefixes: list[tuple[str, str]] = []  # (display prefix before "...", token)
        self.ellipsis_displays: set[str] = set()

    def lookup(self, key: str) -> tuple[str | None, bool]:
        """Return (token, matched_by_truncated_display)."""
        token = self.exact.get(key)
        if token is None:
            short = _short_id(key)
            if short is not None:
                token = self.exact.get("t.co/" + short)
        if token is not None:
            return token, key in self.ellipsis_displays
        for prefix, tok in self.prefixes:
            if key.startswith(prefix):
                return tok, True
        return None, False


def _link_aliases(entities: Mapping[str, Any] | None) -> _Aliases | None:
    if not isinstance(entities, Mapping):
        return None
    items: list[Any] = []
    for kind in ("urls", "media"):
        value = entities.get(kind)
        if isinstance(value, Sequence) and not isinstance(value, str | bytes):
            items.extend(value[:_MAX_ENTITIES])
    aliases = _Aliases()
    for index, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            continue
        forms = [
            _canon(v)
            for k in ("url", "expanded_url", "display_url")
            if isinstance(v := item.get(k), str) and v.strip()
        ]
        if not forms:
            continue
        # The t.co id names the link on both sides; anything else gets the entity's position,
        # which cannot contain text a later pass would take for a URL.
        short = _short_id(_url_key(forms[0]))
        ok = short is not None and short.isascii() and short.isalnum()
        token = f"[link:t.co/{short}]" if ok else f"[link:{index}]"
        for form in forms:
            if form.endswith(_ELLIPSIS):
                prefix = _url_key(form.removesuffix(_ELLIPSIS))
                if len(prefix) >= 4:
                    aliases.prefixes.append((prefix, token))
                aliases.ellipsis_displays.add(_url_key(form.rstrip(".")))
            aliases.exact.setdefault(_url_key(form), token)
    return aliases if aliases.exact else None


def _replace_links(s: str, aliases: _Aliases | None) -> str:
    def replace(m: re.Match[str]) -> str:
        url = m.group(0)
        core = url.rstrip(_URL_TAIL)
        tail = url[len(core) :]
        if "." not in core:
            return url  # "https://" alone or a dotless host: nothing to name
        token, by_display = aliases.lookup(_url_key(core)) if aliases else (None, False)
        bare = not core.startswith(("http://", "https://"))
        if tail.startswith(_ELLIPSIS) and (by_display or (bare and token is None)):
            # An ellipsis glued to a bare link is the display form's own cut, not the post's.
            tail = tail[len(_ELLIPSIS) :]
        return f" {token or LINK_PLACEHOLDER} {tail}"

    return _URL.sub(replace, _GLUED_LINK.sub(" ", s))


def _strip_leading_mentions(s: str) -> str:
    words = s.split(" ")
    i = 0
    while i < len(words) - 1 and _MENTION.fullmatch(words[i]):
        i += 1
    return " ".join(words[i:]) if i else s


# -- similarity for ranking -------------------------------------------------------------------


def _similarity_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for raw in normalize_for_compare(text).casefold().split():
        word = raw.strip(".,;:!?\"'()[]{}")
        if not word:
            continue
        if _CJK.search(word):
            # Scripts written without spaces: compare character by character.
            tokens.extend(ch for ch in word if not ch.isspace())
        else:
            tokens.append(word)
        if len(tokens) >= MAX_SIMILARITY_TOKENS:
            break
    return tokens[:MAX_SIMILARITY_TOKENS]


def _features(tokens: list[str]) -> Counter[str]:
    feats: Counter[str] = Counter(tokens)
    feats.update(f"{a}\x00{b}" for a, b in itertools.pairwise(tokens))
    return feats


def similarity(a: str, b: str) -> float:
    """Return how alike two post texts are, from 0.0 (nothing shared) to 1.0 (same words).

    Both texts go through :func:`normalize_for_compare` and case folding; the score is the
    Dice coefficient over their word unigrams and bigrams (bigrams reward the same order).
    Linear time, exactly symmetric; meant for ranking candidate posts against a quote. Equal
    token sequences (including two texts with no words) score 1.0.
    """
    ta, tb = _similarity_tokens(a), _similarity_tokens(b)
    if ta == tb:
        return 1.0
    fa, fb = _features(ta), _features(tb)
    total = fa.total() + fb.total()
    if total == 0:
        return 1.0
    shared = sum((fa & fb).values())
    return min(1.0, max(0.0, 2.0 * shared / total))


# -- verification -----------------------------------------------------------------------------


def _strip_trailing_links(tokens: list[str]) -> list[str]:
    end = len(tokens)
    while end > 0 and _OUR_TOKEN.fullmatch(tokens[end - 1]):
        end -= 1
    return tokens[:end] if end else tokens


def _truncation_prefix(tokens: list[str], flagged: bool) -> list[str] | None:
    """The quote without its closing ellipsis, or None when it does not look truncated."""
    if not tokens:
        return None
    last = tokens[-1]
    if last.endswith(_ELLIPSIS):
        cut = last.rstrip(".")
        # "end..." loses the dots; "word...." keeps nothing more than the word.
        return [*tokens[:-1], cut] if cut else tokens[:-1]
    return tokens if flagged else None


Opcode = tuple[str, int, int, int, int]


def _align(a: list[str], b: list[str]) -> tuple[float, list[Opcode]]:
    """difflib ratio and opcodes of ``a`` → ``b``, with linear prefix/suffix trimming."""
    n = min(len(a), len(b))
    p = 0
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    mid_a, mid_b = a[p : len(a) - s], b[p : len(b) - s]
    head_a, head_b = mid_a[:MAX_DIFF_TOKENS], mid_b[:MAX_DIFF_TOKENS]
    ops: list[Opcode] = [("equal", 0, p, 0, p)] if p else []
    matched = p + s
    if head_a or head_b:
        matcher = difflib.SequenceMatcher(None, head_a, head_b, autojunk=False)
        matched += sum(block.size for block in matcher.get_matching_blocks())
        ops.extend(
            (t, i1 + p, i2 + p, j1 + p, j2 + p) for t, i1, i2, j1, j2 in matcher.get_opcodes()
        )
    rest_a, rest_b = len(mid_a) - len(head_a), len(mid_b) - len(head_b)
    if rest_a or rest_b:
        # Beyond the cap the middles are treated as replaced: bounded time over precision.
        ia, jb = p + len(head_a), p + len(head_b)
        ops.append(("replace", ia, ia + rest_a, jb, jb + rest_b))
    if s:
        ops.append(("equal", len(a) - s, len(a), len(b) - s, len(b)))
    total = len(a) + len(b)
    ratio = 2.0 * matched / total if total else 1.0
    return min(1.0, ratio), ops


def _render_diff(a: list[str], b: list[str], ops: list[Opcode], *, cut: bool = False) -> str:
    """Inline word diff: ``[-only in the post-]{+only in the article+}``, long runs elided."""
    parts: list[str] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = a[i1:i2]
            first, last = n == 0, n == len(ops) - 1
            keep_head = 0 if first else _CONTEXT_TOKENS
            keep_tail = 0 if last else _CONTEXT_TOKENS
            if len(words) > keep_head + keep_tail + 1:
                parts.extend([*words[:keep_head], "…", *words[len(words) - keep_tail :]])
            else:
                parts.extend(words)
            continue
        removed = "[-" + " ".join(a[i1:i2]) + "-]" if i2 > i1 else ""
        added = "{+" + " ".join(b[j1:j2]) + "+}" if j2 > j1 else ""
        parts.append(removed + added)
    if cut and (not parts or parts[-1] != "…"):
        parts.append("…")
    out = " ".join(p for p in parts if p)
    if len(out) > MAX_DIFF_CHARS:
        out = out[: MAX_DIFF_CHARS - 2].rstrip() + " …"
    return out


def _window(post: list[str], prefix: list[str]) -> list[str]:
    """The start of ``post`` that lines up with a truncated quote ``prefix``."""
    window = post[: len(prefix) + max(5, len(prefix) // 4)]
    blocks = [
        blk
        for blk in difflib.SequenceMatcher(
            None, prefix[:MAX_DIFF_TOKENS], window[:MAX_DIFF_TOKENS], autojunk=False
        ).get_matching_blocks()
        if blk.size
    ]
    if not blocks:
        return post[: len(prefix)]
    last = blocks[-1]
    # Unmatched quote tokens after the last common run pair up with as many post tokens.
    return post[: last.b + last.size + (len(prefix) - last.a - last.size)]


def verify(embed: Embed, post: Post | None) -> Verification:
    """Compare the article's quote (``embed.text``) with the archived ``post``.

    Statuses: ``match`` (equal after :func:`normalize_for_compare`, ignoring link or media
    tokens at the very end of either side, which embeds show or hide at will); ``truncated``
    (the quote ends in "…" or is flagged truncated and, without the ellipsis, is a prefix of the
    post; a cut inside a word is fine); ``edited`` (difflib ratio over word tokens at least
    :data:`EDITED_THRESHOLD`; for a truncated quote, against the matching start of the post);
    ``mismatch`` (below that); ``unverifiable`` (no post, or no quoted text).

    ``diff`` (edited and mismatch only) reads as the edit from the archived post to the quote:
    ``[-words only the post has-]{+words only the article has+}``, unchanged runs elided to
    "…", at most :data:`MAX_DIFF_CHARS` characters. Never raises on any input.
    """
    if post is None or embed.text is None:
        return Verification(status=VerificationStatus.UNVERIFIABLE)
    entities = post.entities if isinstance(post.entities, Mapping) else None
    quote_full = normalize_for_compare(embed.text, entities=entities).split()
    post_full = normalize_for_compare(post.text, entities=entities).split()
    quote = _strip_trailing_links(quote_full)
    archived = _strip_trailing_links(post_full)
    if not [t for t in quote if not _OUR_TOKEN.fullmatch(t)] or not post_full:
        return Verification(status=VerificationStatus.UNVERIFIABLE)
    if quote == archived or quote_full == post_full:
        return Verification(status=VerificationStatus.MATCH, similarity=1.0)

    prefix = _truncation_prefix(quote, embed.truncated)
    if prefix and " ".join(archived).startswith(" ".join(prefix)):
        return Verification(status=VerificationStatus.TRUNCATED, similarity=1.0)

    target = archived
    if prefix:
        target = _window(archived, prefix)
        if prefix[-1] != target[-1] and target[-1].startswith(prefix[-1]):
            prefix = [*prefix[:-1], target[-1]]  # cut mid-word
        ratio, ops = _align(target, prefix)
        compared = prefix
        # A truncated quote that fits the post's start poorly may still be the whole post.
        whole_ratio, whole_ops = _align(archived, quote)
        if whole_ratio > ratio:
            target, compared, ratio, ops = archived, quote, whole_ratio, whole_ops
    else:
        ratio, ops = _align(archived, quote)
        compared = quote
    cut = target is not archived and len(target) < len(archived)
    diff = _render_diff(target, compared, ops, cut=cut)
    status = VerificationStatus.EDITED if ratio >= EDITED_THRESHOLD else VerificationStatus.MISMATCH
    logger.debug("verify %s: %s (%.3f)", post.id, status, ratio)
    return Verification(status=status, similarity=round(ratio, 4), diff=diff or None)
