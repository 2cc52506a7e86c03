"""Starts `ometa serve` as a process and connects the official Python SDK to it."""

from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid
import warnings

import pytest

warnings.filterwarnings("ignore")

from metadata.generated.schema.entity.services.connections.metadata.openMetadataConnection import (  # noqa: E402
    AuthProvider,
    OpenMetadataConnection,
)
from metadata.generated.schema.security.client.openMetadataJWTClientConfig import (  # noqa: E402
    OpenMetadataJWTClientConfig,
)
from metadata.ingestion.ometa.ometa_api import OpenMetadata  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    """A running `ometa serve` on a fresh data directory: (base url, data dir)."""
    binary = os.environ.get("OMETA_BIN", str(ROOT / "target" / "debug" / "ometa"))
    data_dir = tempfile.mkdtemp(prefix="ometa-compat-")
    port = free_port()
    # The server's output goes to a file: a pipe nobody reads would block it once full.
    log = open(pathlib.Path(data_dir) / "server.log", "wb")
    proc = subprocess.Popen(
        [binary, "serve", "--addr", f"127.0.0.1:{port}", "--data-dir", data_dir],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 20
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/v1/system/version", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                out = (pathlib.Path(data_dir) / "server.log").read_text()
                raise RuntimeError(f"ometa serve did not start: {out}")
            time.sleep(0.05)
    yield base, pathlib.Path(data_dir)
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def client(base: str, token: str) -> OpenMetadata:
    config = OpenMetadataConnection(
        hostPort=f"{base}/api",
        authProvider=AuthProvider.openmetadata,
        securityConfig=OpenMetadataJWTClientConfig(jwtToken=token),
    )
    return OpenMetadata(config)


@pytest.fixture(scope="session")
def metadata(server) -> OpenMetadata:
    """The official SDK as admin, with its version check on."""
    base, data_dir = server
    ometa = client(base, (data_dir / "tokens" / "admin.jwt").read_text().strip())
    assert ometa.health_check()
    return ometa


@pytest.fixture(scope="session")
def bot_metadata(server) -> OpenMetadata:
    """The official SDK as the ingestion bot."""
    base, data_dir = server
    return client(base, (data_dir / "tokens" / "ingestion-bot.jwt").read_text().strip())


@pytest.fixture
def name() -> str:
    return "n" + uuid.uuid4().hex[:10]
