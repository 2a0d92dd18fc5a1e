"""Web archives' addresses for posts: the Wayback Machine's and archive.today's."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from embedarchive.models import Platform
from embedarchive.platforms import identify_url, original_url

STATUS = "https://twitter.com/Ilhan/status/1196874234563010560"


@pytest.mark.parametrize(
    ("archived", "original"),
    [
        # as the Wayback Machine rewrites an archived page's links
        (f"https://web.archive.org/web/20191120010203/{STATUS}", STATUS),
        (
            f"http://web.archive.org/web/20191120010203/{STATUS}?ref_src=twsrc%5Etfw",
            f"{STATUS}?ref_src=twsrc%5Etfw",
        ),
        (f"//web.archive.org/web/20191120010203/{STATUS}", STATUS),
        (f"/web/20191120010203/{STATUS}", STATUS),  # relative to the archived page's site
        (f"https://web.archive.org/web/20191120010203im_/{STATUS}", STATUS),  # a mode
        (f"https://web.archive.org/web/2019id_/{STATUS}", STATUS),  # a partial timestamp
        (f"https://web.archive.org/web/*/{STATUS}", STATUS),  # the calendar of captures
        (f"https://wayback.archive.org/web/2019/{STATUS}", STATUS),
        (f"https://WEB.ARCHIVE.ORG/web/2019/{STATUS}", STATUS),
        # the original's "//" closed up, or its scheme left out
        (
            "https://web.archive.org/web/2019/https:/twitter.com/Ilhan/status/1",
            "https://twitter.com/Ilhan/status/1",
        ),
        (
            "https://web.archive.org/web/2019/twitter.com/Ilhan/status/1",
            "https://twitter.com/Ilhan/status/1",
        ),
        # archive.today under its names: rewritten links, captures by date, newest and oldest
        (f"https://archive.ph/o/AbCd1/{STATUS}", STATUS),
        (f"http://archive.today/o/AbCd1/{STATUS}", STATUS),
        (f"https://archive.is/2019.11.20-010203/{STATUS}", STATUS),
        (f"https://archive.md/newest/{STATUS}", STATUS),
        (f"https://archive.li/oldest/{STATUS}", STATUS),
        # an archived copy of an archived copy
        (f"https://web.archive.org/web/2020/https://archive.ph/o/AbCd1/{STATUS}", STATUS),
    ],
)
def test_original_url_unwraps_archive_addresses(archived: str, original: str) -> None:
    assert original_url(archived) == original


@pytest.mark.parametrize(
    "url",
    [
        STATUS,
        "https://archive.org/details/some-item",  # the Internet Archive's other pages
        "https://web.archive.org/web/2019/",  # nothing archived after the prefix
        "https://web.archive.org/web/2019/about",  # no host: the archive's own page
        "https://archive.ph/AbCd1",  # a capture's short link names no address
        "https://example.com/web/2019/https://twitter.com/a/status/1",  # another site's /web/
        "",
    ],
)
def test_original_url_leaves_other_addresses(url: str) -> None:
    assert original_url(url) == url


def test_identify_url_reads_the_post_of_an_archived_address() -> None:
    for prefix in (
        "https://web.archive.org/web/20191120010203/",
        "/web/20191120010203/",
        "https://archive.ph/o/AbCd1/",
    ):
        ref = identify_url(prefix + STATUS)
        assert ref is not None
        assert (ref.platform, ref.post_id, ref.url) == (
            Platform.TWITTER,
            "1196874234563010560",
            "https://x.com/Ilhan/status/1196874234563010560",
        )
    frame = "https://web.archive.org/web/2020if_/https://www.youtube.com/embed/dQw4w9WgXcQ"
    ref = identify_url(frame)
    assert ref is not None and ref.platform is Platform.YOUTUBE


@given(
    handle=st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True),
    post_id=st.integers(min_value=1, max_value=10**19),
    stamp=st.from_regex(r"[0-9]{4,14}", fullmatch=True),
    mode=st.sampled_from(["", "id_", "im_", "if_"]),
)
def test_an_archived_status_address_names_the_same_post(
    handle: str, post_id: int, stamp: str, mode: str
) -> None:
    url = f"https://twitter.com/{handle}/status/{post_id}"
    assert identify_url(f"https://web.archive.org/web/{stamp}{mode}/{url}") == identify_url(url)


@given(st.text(max_size=300))
def test_original_url_never_raises_and_returns_a_suffix(text: str) -> None:
    found = original_url(text)
    # the input itself, or an address whose host and path end the input
    assert found == text or text.endswith(found.split("/", 3)[-1])
