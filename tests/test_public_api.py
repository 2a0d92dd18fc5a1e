"""The public surface is a contract: this pins it."""

from __future__ import annotations

import embedarchive as ea

PUBLIC = {
    "Archive",
    "Attempt",
    "Author",
    "Capture",
    "Embed",
    "EmbedArchiveError",
    "HostNotAllowedError",
    "ImportFormatError",
    "InputError",
    "Media",
    "OfflineError",
    "Platform",
    "Post",
    "Provenance",
    "RateLimitedError",
    "Resolution",
    "ResolutionStatus",
    "ResponseTooLargeError",
    "SnapshotError",
    "SourceError",
    "StoreCorruptError",
    "StoreError",
    "StoreVersionError",
    "Verification",
    "VerificationStatus",
    "__version__",
    "parse_html",
    "parse_text",
    "render_snapshot",
    "rewrite_html",
    "rewrite_text",
    "sources",
}


def test_all_is_pinned() -> None:
    assert set(ea.__all__) == PUBLIC
    assert sorted(ea.__all__) == ea.__all__
    for name in ea.__all__:
        assert hasattr(ea, name), name


def test_every_error_derives_from_the_root() -> None:
    for name in ea.__all__:
        obj = getattr(ea, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, ea.EmbedArchiveError), name


def test_platform_values() -> None:
    assert [p.value for p in ea.Platform] == [
        "twitter",
        "bluesky",
        "mastodon",
        "threads",
        "instagram",
        "tiktok",
        "facebook",
        "youtube",
        "linkedin",
    ]


def test_models_publish_a_json_schema() -> None:
    schema = ea.Embed.model_json_schema()
    assert {"platform", "start", "end", "handle", "date", "text", "truncated"} <= set(
        schema["properties"]
    )
