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


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh, empty database; the cluster is removed afterwards."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    folder = Path(tempfile.mkdtemp(prefix="entente-pg-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    run = lambda cmd: subprocess.run(_as_server_user(cmd), check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run([initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale"])
        run([pg_ctl, "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60", "start",
             "-o", f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"])
        url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        _wait_until_ready(url)
        yield url
    except subprocess.CalledProcessError as error:
        raise PostgresUnavailable(f"could not start PostgreSQL: {error.stderr or error.stdout}") from error
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
                           capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


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
