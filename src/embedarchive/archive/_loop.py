"""The private event loop an Archive runs its HTTP on, and the bridges from sync and async callers.

One loop on a daemon thread per :class:`~embedarchive.archive.resolver.Archive`, so ``resolve``
works from plain scripts, threads, notebooks and running loops alike, and one
``httpx.AsyncClient`` (with its connection pool) serves every call.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

import httpx

from embedarchive.archive.http import HttpPolicy

__all__ = ["LoopThread", "async_from_sync"]

T = TypeVar("T")


class LoopThread:
    """A private event loop on a daemon thread.

    All HTTP of one Archive runs here, so one ``httpx.AsyncClient`` (and its connection pool)
    serves every call, whether it comes from a plain script, a thread, or another running loop.
    """

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="embedarchive-resolver", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def in_loop(self) -> bool:
        return threading.current_thread() is self._thread

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the loop and block until it is done (for sync callers)."""
        if self.in_loop():
            coro.close()
            raise RuntimeError("Archive.resolve cannot be called from inside a source")
        return self.submit(coro).result()

    async def arun(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the loop without blocking the caller's own loop."""
        if self.in_loop():
            return await coro
        return await asyncio.wrap_future(self.submit(coro))

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self.loop.close()


def async_from_sync(client: httpx.Client, policy: HttpPolicy) -> httpx.AsyncClient:
    """An ``AsyncClient`` with the settings of a sync ``client`` that can be carried over.

    Headers, cookies, auth, timeout and ``trust_env`` carry over; so does the transport when it
    also speaks async (``httpx.MockTransport`` does). Proxies, TLS settings and other custom
    transports live inside the sync transport and cannot: pass ``async_client`` for those.
    """
    transport = getattr(client, "_transport", None)  # httpx keeps no public accessor
    return httpx.AsyncClient(
        headers=client.headers,
        cookies=client.cookies,
        auth=client.auth,
        timeout=client.timeout if client.timeout.read is not None else policy.timeout,
        trust_env=client.trust_env,
        follow_redirects=False,
        transport=transport if isinstance(transport, httpx.AsyncBaseTransport) else None,
    )
