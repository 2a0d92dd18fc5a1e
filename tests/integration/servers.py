"""A real HTTP server on 127.0.0.1 that answers from a route table of recorded responses.

Generic on purpose: a test builds a table of ``Route(method, path_prefix, reply, query=...)``
entries (first match wins) and points a source's base URL at ``server.url``. Every request is
logged with its arrival time, so tests can check what was asked and how fast.

    with RecordedServer([Route("GET", "/cdx/search/cdx", Reply(200, {}, b"[]"))]) as server:
        ...  # use server.url, then inspect server.requests
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

__all__ = ["RecordedServer", "Reply", "Route", "ServedRequest", "query_has"]


@dataclass(frozen=True)
class Reply:
    """A response to serve: status, headers and body bytes."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class ServedRequest:
    """One request the server received."""

    method: str
    path: str  # raw path, without the query string
    query: Mapping[str, list[str]]
    target: str  # the raw request target as sent
    headers: Mapping[str, str]
    at: float  # time.monotonic() on arrival


QueryPredicate = Callable[[Mapping[str, list[str]]], bool]
Responder = Callable[[ServedRequest], Reply]


@dataclass(frozen=True)
class Route:
    """``reply`` for requests whose method and path prefix match and whose query satisfies
    ``query`` (``None`` matches any). ``reply`` may be a function of the request."""

    method: str
    path_prefix: str
    reply: Reply | Responder
    query: QueryPredicate | None = None

    def matches(self, request: ServedRequest) -> bool:
        """Whether this route answers ``request``."""
        return (
            request.method == self.method
            and request.path.startswith(self.path_prefix)
            and (self.query is None or self.query(request.query))
        )


def query_has(**expected: str | None) -> QueryPredicate:
    """A predicate: each named parameter has that value (``None``: the parameter is absent)."""

    def check(query: Mapping[str, list[str]]) -> bool:
        for name, value in expected.items():
            present = query.get(name)
            if value is None:
                if present:
                    return False
            elif not present or present[0] != value:
                return False
        return True

    return check


class RecordedServer:
    """A threaded HTTP/1.1 server on an ephemeral 127.0.0.1 port (use as a context manager)."""

    def __init__(
        self, routes: Sequence[Route] = (), *, default: Reply = Reply(404, {}, b"no route")
    ) -> None:
        self.routes: list[Route] = list(routes)
        self.default = default
        self.requests: list[ServedRequest] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def add(self, route: Route) -> None:
        """Append a route (routes added earlier take precedence)."""
        self.routes.append(route)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` of the running server."""
        if self._server is None:
            raise RuntimeError("server is not running")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> RecordedServer:
        handler = _handler_for(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None

    def answer(self, request: ServedRequest) -> Reply:
        """Log ``request`` and return the reply of the first matching route."""
        with self._lock:
            self.requests.append(request)
            routes = list(self.routes)
        for route in routes:
            if route.matches(request):
                return route.reply(request) if callable(route.reply) else route.reply
        return self.default

    def requests_to(self, path_prefix: str) -> list[ServedRequest]:
        """The logged requests whose path starts with ``path_prefix``."""
        with self._lock:
            return [r for r in self.requests if r.path.startswith(path_prefix)]

    def max_in_window(self, path_prefix: str, window: float) -> int:
        """The largest number of requests to ``path_prefix`` within any ``window`` seconds."""
        times = sorted(r.at for r in self.requests_to(path_prefix))
        best = 0
        start = 0
        for end, moment in enumerate(times):
            while moment - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best


def _handler_for(server: RecordedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._serve()

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def _serve(self, *, head: bool = False) -> None:
            parts = urlsplit(self.path)
            request = ServedRequest(
                method=self.command,
                path=parts.path,
                query=parse_qs(parts.query, keep_blank_values=True),
                target=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                at=time.monotonic(),
            )
            reply = server.answer(request)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if not head:
                self.wfile.write(reply.body)

        def log_message(self, format: str, *args: object) -> None:
            return  # keep test output clean

    return Handler
