"""Store fixtures: `db_url` runs a test on SQLite and on PostgreSQL (marker `postgres`).

PostgreSQL is a throwaway cluster made by `initdb` + `pg_ctl` in a temporary directory
on a free port (about a second), shared by the session; each test gets its own
database. Binaries are looked up in PATH and /usr/lib/postgresql/*/bin. initdb refuses
to run as root, so as root the cluster runs as the `postgres` system user (Debian's
package creates it), else as `nobody`, via `runuser`. `TRUCELINE_TEST_PG_URL` points
the tests at an existing server instead (a URL to a database the user may create
databases from).

Without PostgreSQL binaries the `postgres` tests are skipped with the reason, unless
`TRUCELINE_REQUIRE_POSTGRES=1` (CI), which makes them fail.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_counter = itertools.count()


def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    candidates = [Path(found).resolve().parent] if found else []
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    candidates += [Path(p) for p in versions]
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("TRUCELINE_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"TRUCELINE_REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> list[str]:
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["runuser", "-u", user, "--"]
    return []


class PostgresUnavailable(Exception):
    """No PostgreSQL binaries, or the cluster would not start (the message says why)."""


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a PostgreSQL cluster in a temporary directory; yield its URL; remove it.

    Used by the `pg_server` fixture and by `benchmarks/ingest_speed.py`.
    """
    bindir = _pg_bin()
    if bindir is None:
        raise PostgresUnavailable(
            "no PostgreSQL binaries (initdb, pg_ctl) in PATH or /usr/lib/postgresql/*/bin: "
            "install Debian's `postgresql` package"
        )
    prefix = _run_as()
    if os.geteuid() == 0 and not prefix:
        raise PostgresUnavailable("running as root with no `postgres` or `nobody` user")
    # Not pytest's tmp_path: that is private to root, and the server may run as another user.
    base = Path(tempfile.mkdtemp(prefix="truceline-pg-"))
    if prefix:
        shutil.chown(base, user=prefix[2])
    data, log = base / "data", base / "server.log"
    port = _free_port()
    try:
        subprocess.run(
            [
                *prefix,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions",
            ],
            check=True,
            capture_output=True,
        )
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -F"
        subprocess.run(
            [
                *prefix,
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "start",
            ],
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode(errors="replace").strip()
        if log.exists():
            detail += "\n" + log.read_text(errors="replace")[-2000:]
        shutil.rmtree(base, ignore_errors=True)
        raise PostgresUnavailable(f"could not start PostgreSQL from {bindir}: {detail}") from None
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A URL to the `postgres` database of a running PostgreSQL server."""
    external = os.environ.get("TRUCELINE_TEST_PG_URL")
    if external:
        yield external
        return
    try:
        cluster = throwaway_postgres()
        url = cluster.__enter__()
    except PostgresUnavailable as exc:
        _unavailable(str(exc))
        return
    try:
        yield url
    finally:
        cluster.__exit__(None, None, None)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's server, dropped after the test."""
    import psycopg

    name = f"truceline_test_{os.getpid()}_{next(_counter)}"
    admin = pg_server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield admin.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty store: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return request.getfixturevalue("pg_url")
