"""Fetching pages and feeds over HTTP(S), with limits and a guard against SSRF.

`Fetcher.get(url)`: timeouts, a size cap (`max_input_bytes`), at most 5 redirects
(each hop checked), conditional requests (ETag / Last-Modified). Unless
`allow_private`, a host that resolves to a loopback, private, link-local or other
non-public address is refused. The check is made where the socket connects (a custom
httpcore network backend connects to the address it checked), so DNS answers cannot
change between check and connect. Environment proxies are not used: they would
bypass the check.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import certifi
import httpcore
import httpx

from truceline.errors import FetchError, RefusedUrlError, TooLargeError
from truceline.settings import get_settings
from truceline.version import __version__

log = logging.getLogger(__name__)

USER_AGENT = f"truceline/{__version__} (ceasefire monitoring; +https://github.com/truceline)"
MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(slots=True, frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    data: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def charset(self) -> str | None:
        for part in self.content_type.split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


def refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address may not be fetched from (None: a public address)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for attr, what in (
        ("is_loopback", "a loopback"),
        ("is_link_local", "a link-local"),
        ("is_private", "a private"),
        ("is_multicast", "a multicast"),
        ("is_unspecified", "an unspecified"),
        ("is_reserved", "a reserved"),
    ):
        if getattr(ip, attr):
            return what
    if not ip.is_global:
        return "a non-public"
    return None


class RefusedAddress(httpcore.ConnectError):
    """A connection the guard refused (told apart from a failed one: RefusedUrlError)."""


class GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself and connects only to addresses that pass `refusal`."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in addresses:
            why = refusal(ipaddress.ip_address(address.split("%")[0]))
            if why:
                shown = host if host == address else f"{host} ({address})"
                raise RefusedAddress(
                    f"refused: {shown} is {why} address; truceline fetches only from "
                    "public addresses unless --allow-private is given"
                )
        error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")


class GuardedTransport(httpx.HTTPTransport):
    def __init__(self, *, allow_private: bool = False) -> None:
        super().__init__(trust_env=False, retries=0)
        if not allow_private:
            self._pool = httpcore.ConnectionPool(
                ssl_context=ssl.create_default_context(cafile=certifi.where()),
                network_backend=GuardedBackend(),
                max_connections=20,
                max_keepalive_connections=10,
                keepalive_expiry=5.0,
            )


class Fetcher:
    """One HTTP client with truceline's limits; close it (or use `with`)."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        timeout: float = 20.0,
        max_bytes: int | None = None,
        max_redirects: int = MAX_REDIRECTS,
    ) -> None:
        self.max_bytes = max_bytes or get_settings().max_input_bytes
        self.max_redirects = max_redirects
        self.client = httpx.Client(
            transport=GuardedTransport(allow_private=allow_private),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """GET `url` (following redirects), or a FetchError / TooLargeError naming it."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.max_redirects + 1):
            _check_scheme(url, current)
            try:
                with self.client.stream("GET", current, headers=headers) as response:
                    if response.status_code in REDIRECTS and "location" in response.headers:
                        current = urljoin(current, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        phrase = response.reason_phrase or ""
                        raise FetchError(url, f"HTTP {response.status_code} {phrase}".strip())
                    data = b"" if response.status_code == 304 else self._read(url, response)
                    return Fetched(
                        url=str(response.url),
                        status=response.status_code,
                        content_type=response.headers.get("content-type", ""),
                        data=data,
                        etag=response.headers.get("etag"),
                        last_modified=response.headers.get("last-modified"),
                    )
            except httpx.TimeoutException:
                raise FetchError(url, "timed out") from None
            except httpx.HTTPError as exc:
                if isinstance(exc.__cause__, RefusedAddress):
                    raise RefusedUrlError(url, str(exc)) from None
                raise FetchError(url, str(exc) or type(exc).__name__) from None
        raise FetchError(url, f"more than {self.max_redirects} redirects")

    def _read(self, url: str, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise TooLargeError(url, _too_large(int(declared), self.max_bytes))
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise TooLargeError(url, _too_large(size, self.max_bytes, at_least=True))
            chunks.append(chunk)
        return b"".join(chunks)


def _too_large(size: int, limit: int, *, at_least: bool = False) -> str:
    more = "over " if at_least else ""
    return (
        f"is {more}{size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for one page "
        "(set TRUCELINE_MAX_INPUT_BYTES to raise it)"
    )


def _check_scheme(url: str, current: str) -> None:
    scheme = urlsplit(current).scheme.lower()
    if scheme not in ("http", "https"):
        where = "" if current == url else f" (redirected to {current})"
        raise RefusedUrlError(url, f"only http and https URLs are fetched{where}")


def is_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in ("http", "https")
