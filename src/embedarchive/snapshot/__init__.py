"""Static, self-contained, safe snapshots of posts: cards (``render``), rewritten articles and WARC
records.

A card is an HTML fragment (or a full page) that shows what a reader needs without any script or
network fetch; see :func:`embedarchive.snapshot.render.render_snapshot`.
"""
