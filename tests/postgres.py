"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, trust auth on
127.0.0.1 and a free port, stopped at the end. initdb refuses root, so as root it runs as the
`postgres` user.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _bin(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise PostgresUnavailable(f"{name} not found: install PostgreSQL (apt-get install -y postgresql)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class Cluster:
    """A throwaway PostgreSQL cluster that a test can stop and start again (a server going away)."""

    def __init__(self, folder: Path):
        self.folder, self.data = folder, folder / "data"
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, command: list[str]) -> None:
        subprocess.run(_as_server_user(command), check=True, capture_output=True, text=True)

    def create(self) -> None:
        sockets = self.folder / "sockets"
        sockets.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            shutil.chown(sockets, "postgres")
        self._run([_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                   "--no-locale"])
        self.start()

    def start(self) -> None:
        self._run([_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t", "60",
                   "start", "-o", f"-p {self.port} -k {self.folder / 'sockets'} -c listen_addresses=127.0.0.1 "
                                  "-c fsync=off"])
        _wait_until_ready(self.url)

    def stop(self) -> None:
        """As an administrator's restart or a crash would: open connections are cut."""
        self._run([_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(_as_server_user([_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
                           capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def postgres_cluster() -> Iterator[Cluster]:
    """A fresh cluster, running; removed afterwards."""
    _bin("initdb"), _bin("pg_ctl")
    cluster = Cluster(Path(tempfile.mkdtemp(prefix="entente-pg-")))
    try:
        cluster.create()
        yield cluster
    except subprocess.CalledProcessError as error:
        raise PostgresUnavailable(f"could not start PostgreSQL: {error.stderr or error.stdout}") from error
    finally:
        cluster.remove()


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh, empty database; the cluster is removed afterwards."""
    with postgres_cluster() as cluster:
        yield cluster.url


def _wait_until_ready(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        for _ in range(100):
            try:
                with engine.connect() as connection:
                    connection.execute(text("select 1"))
                return
            except Exception:
                time.sleep(0.1)
        raise PostgresUnavailable("PostgreSQL did not accept connections")
    finally:
        engine.dispose()


def fresh_database(server_url: str, name: str) -> str:
    """Create an empty database on the server and return its URL."""
    from sqlalchemy import create_engine, text

    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"
