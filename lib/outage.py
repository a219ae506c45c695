"""A database that stops answering (a PostgreSQL server restarted, a network cut, an unmounted
disk): telling it from other database errors, and waiting a bounded time for it to come back."""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError

T = TypeVar("T")

DEFAULT_RETRY_SECONDS = 60.0
# What drivers say when the server is gone or cannot be reached (lower case).
_GONE = ("connection refused", "could not connect", "server closed the connection", "terminating connection",
         "connection is closed", "connection already closed", "connection is lost", "no connection to the server",
         "the database system is shutting down", "the database system is starting up", "connection timed out",
         "network is unreachable", "could not translate host name", "consuming input failed",
         "unable to open database file", "disk i/o error")


class DatabaseUnavailable(Exception):
    """The database did not answer for the whole retry window; the message says what it last said."""

    def __init__(self, reason: str):
        super().__init__(f"the database is unavailable ({reason})")
        self.reason = reason


def lost_connection(error: BaseException) -> bool:
    """Whether the error means the database cannot be reached, rather than that it refused a
    statement (a constraint, a full disk, a lock held too long)."""
    if isinstance(error, DatabaseUnavailable | DisconnectionError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    message = str(error.orig if error.orig is not None else error).lower()
    return isinstance(error, OperationalError | InterfaceError) and any(gone in message for gone in _GONE)


def reason_of(error: BaseException) -> str:
    """The driver's own first line, without SQLAlchemy's SQL and links."""
    origin = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(origin).splitlines() if line.strip()]
    return (lines[0] if lines else type(origin).__name__)[:200]


def retry_seconds() -> float:
    """How long to wait for a lost database: ENTENTE_DB_RETRY_SECONDS, or a minute."""
    try:
        seconds = float(os.environ.get("ENTENTE_DB_RETRY_SECONDS", ""))
    except ValueError:
        return DEFAULT_RETRY_SECONDS
    return seconds if seconds >= 0 else DEFAULT_RETRY_SECONDS


def patiently(call: Callable[[], T], *, seconds: float | None = None) -> T:
    """`call()`, tried again with a growing pause (0.25 s doubling up to 4 s) while the database
    cannot be reached, for at most `seconds` (retry_seconds() by default); then DatabaseUnavailable.
    Any other error is raised at once."""
    deadline = time.monotonic() + (retry_seconds() if seconds is None else seconds)
    pause = 0.25
    while True:
        try:
            return call()
        except Exception as error:  # noqa: BLE001 - only a lost connection is retried; the rest is re-raised
            if not lost_connection(error):
                raise
            if time.monotonic() + pause > deadline:
                raise DatabaseUnavailable(reason_of(error)) from error
        time.sleep(pause)
        pause = min(pause * 2, 4.0)
