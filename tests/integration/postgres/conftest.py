"""Fixtures of the tests against a real PostgreSQL server (SCI4DL_TEST_POSTGRES_URL).

Each test gets a fresh database holding a copy of the demo event (`pg_demo_url`),
made with the same copy an organiser uses to publish an event. Without a server
every test here is skipped, saying how to get one (scripts/with-postgres).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg_proxy import TcpProxy

from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.transfer import copy_event

CONTROL_TIMEOUT = 60


@pytest.fixture
def pg_demo_url(postgres_url: str, demo_template: Path) -> str:
    """A fresh server database holding the demo event, as `copy` publishes it."""
    source = open_database(demo_template, create=False)
    target = open_database(postgres_url)
    try:
        copy_event(source, target)
    finally:
        source.close()
        target.close()
    return postgres_url


@pytest.fixture
def pg_demo(pg_demo_url: str) -> Iterator[Database]:
    database = open_database(pg_demo_url, create=False)
    yield database
    database.close()


@pytest.fixture
def proxy(postgres_url: str) -> Iterator[TcpProxy]:
    found = TcpProxy.for_url(postgres_url)
    yield found
    found.close()


ServerControl = Callable[[str], None]


@pytest.fixture
def server_control(postgres_url: str) -> Iterator[ServerControl]:
    """stop/start the whole server (the commands scripts/with-postgres exports).

    A server a test left stopped is started again after it.
    """
    commands = {
        "stop": os.environ.get("SCI4DL_TEST_POSTGRES_STOP"),
        "start": os.environ.get("SCI4DL_TEST_POSTGRES_START"),
    }
    if not all(commands.values()):
        pytest.skip(
            "stopping the server needs SCI4DL_TEST_POSTGRES_STOP and _START "
            "(scripts/with-postgres sets them for its own throw-away cluster)"
        )
    state = {"running": True}

    def control(action: str) -> None:
        command = commands[action]
        assert command is not None
        subprocess.run(shlex.split(command), check=True, timeout=CONTROL_TIMEOUT)
        state["running"] = action == "start"

    yield control
    if not state["running"]:
        control("start")
