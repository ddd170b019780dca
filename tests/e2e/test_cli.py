"""The real `coordinator` command in a subprocess: set-up, import, export, serve."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.coordinator.sample_documents import base_document


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> str:
    """A new SQLite database, initialised and seeded with reference data only."""
    path = tmp_path_factory.mktemp("cli") / "cli.db"
    url = f"sqlite:///{path}"
    assert run_cli("init", "--db", url).returncode == 0
    result = run_cli("seed", "--no-demo", "--db", url, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["reference"]["countries"] == 249
    return url


@pytest.mark.parametrize("command", ["init", "seed", "import", "export", "serve"])
def test_every_command_has_help(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert "--db" in result.stdout


def test_import_then_export_in_every_format(seeded, tmp_path):
    source = tmp_path / "records.json"
    source.write_text(json.dumps(base_document()))
    result = run_cli("import", str(source), "--db", seeded, "--report", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["needs"]["created"] == 2
    assert report["format"] == "json"

    exported = tmp_path / "out.json"
    assert run_cli("export", str(exported), "--db", seeded).returncode == 0
    document = json.loads(exported.read_text())
    assert {n["id"] for n in document["needs"]} == {"need-gha-i", "need-ken-l"}

    bundle = tmp_path / "out.zip"
    assert run_cli("export", str(bundle), "--db", seeded).returncode == 0
    assert bundle.stat().st_size > 0

    xml = tmp_path / "out.xml"
    result = run_cli("export", str(xml), "--db", seeded)
    assert result.returncode == 0, result.stderr
    assert b"<iati-activities" in xml.read_bytes()


def test_seed_twice_changes_nothing(seeded):
    result = run_cli("seed", "--no-demo", "--db", seeded, "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["demo"] is None


def test_a_command_on_an_uninitialised_database_says_what_to_do(tmp_path):
    result = run_cli("export", str(tmp_path / "x.json"), "--db",
                     f"sqlite:///{tmp_path / 'empty.db'}")
    assert result.returncode == 1
    assert "coordinator init" in result.stderr


def test_missing_file_is_invalid_input(seeded, tmp_path):
    result = run_cli("import", str(tmp_path / "nope.json"), "--db", seeded)
    assert result.returncode == 2
    assert "no such file" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_shows_the_home_page_with_what_is_in_the_database(seeded, tmp_path):
    source = tmp_path / "records.json"
    source.write_text(json.dumps(base_document()))
    run_cli("import", str(source), "--db", seeded)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "coordinator", "serve", "--db", seeded, "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "Overview" in page
        assert "open needs" in page
        assert "Western Africa" in page or "Africa" in page
        assert "CONFIDENTIAL-MARKER" not in page
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_package_layers_point_one_way():
    code = ("import sys, matching, coordinator, coordinator.cli, coordinator.services; "
            "print(sorted(m for m in ('flask', 'sqlalchemy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.stdout.strip() == "['sqlalchemy']", result.stderr
    result = subprocess.run(
        [sys.executable, "-c",
         "import sys, matching, matching.types; "
         "print([m for m in ('flask', 'sqlalchemy', 'coordinator') if m in sys.modules])"],
        capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "[]", result.stderr


def test_readme_opens_with_the_two_commands():
    readme = (Path(ROOT) / "README.md").read_text()
    head = readme[:1500]
    assert "make run" in head and "make test" in head
