"""``vnnews serve`` manners: it prints its address, warns when other machines can reach
it, and answers 400 to a Host header outside its allow list (local names by default,
``--allow-host`` adds names); the API reference reads in one language, without
reStructuredText backticks."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from http.client import HTTPConnection

import pytest
from fastapi.testclient import TestClient

from vnnews.api import create_app
from vnnews.web.serving import allowed_hosts, banner, exposure_warning, host_name, is_local


def test_host_rules() -> None:
    assert is_local("127.0.0.1") and is_local("::1") and is_local("localhost") and is_local("[::1]")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.5") and not is_local("news.example.vn")
    assert host_name("LocalHost:8000") == "localhost" and host_name("[::1]:8000") == "::1"
    assert host_name("evil.example:80") == "evil.example"
    assert allowed_hosts("0.0.0.0", ["news.example.vn", "a.vn,b.vn"]) == [
        "localhost", "127.0.0.1", "::1", "news.example.vn", "a.vn", "b.vn"]
    assert "10.0.0.2" in allowed_hosts("10.0.0.2")
    assert banner("0.0.0.0", 8080).startswith("vnnews: serving http://127.0.0.1:8080/")
    assert exposure_warning("127.0.0.1", []) is None
    assert "anyone who can reach" in exposure_warning("0.0.0.0", allowed_hosts("0.0.0.0"))


def test_host_check(seed_db: str) -> None:
    client = TestClient(create_app(seed_db, allowed_hosts=allowed_hosts("127.0.0.1")), base_url="http://127.0.0.1:8000")
    assert client.get("/api").status_code == 200
    for host in ("localhost:8000", "[::1]:8000", "127.0.0.1"):
        assert client.get("/api", headers={"host": host}).status_code == 200, host
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""):
        r = client.get("/api/events", headers={"host": host})
        assert r.status_code == 400 and "Content-Security-Policy" in r.headers, host
    extra = TestClient(create_app(seed_db, allowed_hosts=allowed_hosts("0.0.0.0", ["news.example.vn"])))
    assert extra.get("/api", headers={"host": "news.example.vn"}).status_code == 200
    assert extra.get("/api", headers={"host": "other.example.vn"}).status_code == 400
    assert TestClient(create_app(seed_db, allowed_hosts=["*"])).get("/api", headers={"host": "x.y"}).status_code == 200


def test_docs_in_one_language(seed_db: str) -> None:
    html = TestClient(create_app(seed_db)).get("/docs").text
    body = html[html.index('<article class="api-docs" lang="en">'):html.index("</article>")]
    assert "``" not in body and "<code>X-Total-Count</code>" in body
    for word in ("Tham số", "mặc định", "Trả về", "Bắt buộc", "Lược đồ"):
        assert word not in body
    assert "Parameter" in body and "Returns:" in body


def test_serve_prints_its_url_and_checks_hosts(seed_db: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "vnnews.cli", "serve", "--db", seed_db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(proc.stdout.read().decode(errors="replace") if proc.stdout else "no output")
                time.sleep(0.2)
        conn = HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/api/events", headers={"Host": "attacker.example"})
        assert conn.getresponse().status == 400
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        out = proc.communicate(timeout=20)[0].decode(errors="replace")
    assert f"vnnews: serving http://127.0.0.1:{port}/" in out and "warning" not in out


def test_serve_warns_on_a_non_local_bind(seed_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from vnnews.cli import app

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: seen.update(kw, app=application))
    res = CliRunner().invoke(app, ["serve", "--db", seed_db, "--host", "0.0.0.0", "--port", "8123",
                                   "--allow-host", "news.example.vn"])
    assert res.exit_code == 0, res.output
    assert "warning: listening on 0.0.0.0" in res.output and "news.example.vn" in res.output
    assert "vnnews: serving http://127.0.0.1:8123/" in res.output
    assert seen["host"] == "0.0.0.0" and seen["port"] == 8123
    client = TestClient(seen["app"])
    assert client.get("/api", headers={"host": "news.example.vn"}).status_code == 200
    assert client.get("/api", headers={"host": "rebound.example"}).status_code == 400
