"""The store factory: good and bad URLs, through the API and the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.paths import bundle_root
from kiosk.requests.model import Status
from kiosk.requests.pg_url import parse_pg_url
from kiosk.requests.store import DB_NAME, RequestInbox, RequestSink, RequestStore, StoreError
from kiosk.requests.stores import (
    StoreUrlError,
    check_store_url,
    default_store_url,
    open_store,
    store_from_url,
)
from tests.unit.test_store import request

BAD_URLS = [
    ("sqlite:///relative/requests.sqlite3", "absolute"),
    ("sqlite://host/requests.sqlite3", "three slashes"),
    ("sqlite:requests.sqlite3", "three slashes"),
    ("sqlite:////tmp/", "not a folder"),
    ("sqlite:////tmp/r.sqlite3?mode=ro", "no options"),
    ("mysql://db/requests", "unknown kind of store"),
    ("/tmp/requests.sqlite3", "not a store URL"),
    ("postgresql://kiosk:secret@db:5432/kiosk", "do not put the password in the URL"),
]
# PostgreSQL URLs checked without a server (no subprocess each: the parser is shared).
BAD_PG_URLS = [
    ("postgresql://kiosk@db.example:5432/kiosk?sslmode=disable", "needs TLS"),
    ("postgresql://kiosk@10.0.0.5/kiosk?sslmode=prefer", "needs TLS"),
    ("postgresql://kiosk@db/kiosk?password=secret", "do not put the password"),
    ("postgres://:secret@db/kiosk", "do not put the password"),
    ("postgresql://db:5432/kiosk", "name the login"),
    ("postgresql://kiosk@db:5432/", "name the database"),
    ("postgresql://kiosk@db/kiosk?service=secret", "unknown option 'service'"),
    ("postgresql://kiosk@db:99999/kiosk", "not a PostgreSQL URL"),
]
GOOD_PG_URLS = [  # (url, libpq sslmode used): TLS added over a network, none on a socket
    ("postgresql://kiosk@db.example:5432/kiosk", "require"),
    ("postgresql://kiosk@db.example/kiosk?sslmode=verify-full&sslrootcert=/etc/ca.pem",
     "verify-full"),
    ("postgresql://kiosk@/kiosk?host=/run/postgresql", None),
    ("postgresql://kiosk@/kiosk", None),
]


def test_a_sqlite_url_opens_that_file_and_both_sides_work(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.sqlite3"
    with store_from_url(f"sqlite:///{path}") as store:
        assert isinstance(store, RequestSink) and isinstance(store, RequestInbox)
        assert isinstance(store, RequestStore)
        saved = store.add(request("Url Ursula"))
        assert [r.id for r in store.list(status=Status.NEW)] == [saved.id]
    assert path.is_file() and path.stat().st_mode & 0o077 == 0


def test_the_default_is_the_data_folders_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(data) as store:
        saved = store.add(request("Default Dora"))
    url = default_store_url(data)
    assert url == f"sqlite:///{data / DB_NAME}" and check_store_url(url) == url
    with open_store(url) as again:
        assert again.get(saved.id) == saved


@pytest.mark.parametrize(("url", "words"), BAD_URLS)
def test_bad_urls_are_one_clear_line(url: str, words: str) -> None:
    with pytest.raises(StoreUrlError) as caught:
        store_from_url(url)
    message = str(caught.value)
    assert words in message and "\n" not in message
    assert "secret" not in message  # a server URL may carry a password


@pytest.mark.parametrize(("url", "words"), BAD_PG_URLS)
def test_bad_postgresql_urls_are_one_clear_line_without_the_url(url: str, words: str) -> None:
    with pytest.raises(StoreUrlError) as caught:
        check_store_url(url, "`store_url`")
    message = str(caught.value)
    assert message.startswith("`store_url`: ") and words in message and "\n" not in message
    assert "secret" not in message and "db.example" not in message


@pytest.mark.parametrize(("url", "sslmode"), GOOD_PG_URLS)
def test_tls_is_required_over_a_network_and_not_on_a_socket(url: str, sslmode: str | None):
    assert check_store_url(url) == url
    target = parse_pg_url(url)
    assert target.params.get("sslmode") == sslmode and target.local == (sslmode is None)
    assert "password" not in target.conninfo()


def test_a_missing_folder_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no folder"):
        store_from_url(f"sqlite:///{tmp_path / 'typo' / 'r.sqlite3'}")
    assert not (tmp_path / "typo").exists()


def main_py(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=bundle_root(), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(("url", "words"), BAD_URLS)
@pytest.mark.parametrize("command", ["export", "purge", "run"])
def test_the_cli_refuses_a_bad_store_with_exit_2(
    tmp_path: Path, command: str, url: str, words: str
) -> None:
    extra = {"export": ["--out", str(tmp_path / "x.csv")], "purge": ["--older-than", "1"]}
    args = [command, *extra.get(command, []), "--store", url, "--data-dir", str(tmp_path)]
    done = main_py(*args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and words in done.stderr
    assert "Traceback" not in done.stderr and "secret" not in done.stderr


def test_the_cli_exports_and_purges_the_store_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    with store_from_url(f"sqlite:///{path}") as store:
        store.add(request("Store Flag"))
    out = tmp_path / "out.csv"
    done = main_py("export", "--out", str(out), "--store", f"sqlite:///{path}",
                   "--data-dir", str(tmp_path / "data"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Store Flag" in out.read_text(encoding="utf-8-sig")
    done = main_py("purge", "--older-than", "0", "--store", f"sqlite:///{path}",
                   "--data-dir", str(tmp_path / "data"))  # fmt: skip
    assert done.returncode == 0 and done.stdout.startswith("deleted 0 closed requests")


def test_without_the_flag_export_uses_the_settings_store_and_the_flag_wins(
    tmp_path: Path,
) -> None:
    desk, other = tmp_path / "desk.sqlite3", tmp_path / "other.sqlite3"
    with store_from_url(f"sqlite:///{desk}") as store:
        store.add(request("Settings Sam"))
    with store_from_url(f"sqlite:///{other}") as store:
        store.add(request("Flag Fiona"))
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.yaml").write_text(f"store_url: sqlite:///{desk}\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    done = main_py("export", "--out", str(out), "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    assert "Settings Sam" in out.read_text(encoding="utf-8-sig")
    out.unlink()
    done = main_py("export", "--out", str(out), "--store", f"sqlite:///{other}",
                   "--data-dir", str(data))  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert "Flag Fiona" in text and "Settings Sam" not in text


def test_run_takes_both_store_and_settings_and_the_flag_wins(tmp_path: Path) -> None:
    from kiosk.cli import _settings, build_parser
    from kiosk.content.loader import load_content
    from kiosk.paths import default_content_file

    settings_file = tmp_path / "kiosk.yaml"
    settings_file.write_text(
        f"kiosk_name: lobby-1\nstore_url: sqlite:///{tmp_path}/file.sqlite3\n", encoding="utf-8"
    )
    flag = f"sqlite:///{tmp_path}/flag.sqlite3"
    args = build_parser().parse_args(["run", "--settings", str(settings_file), "--store", flag])
    settings = _settings(args, load_content(default_content_file()), tmp_path)
    assert (settings.kiosk_name, settings.store_url) == ("lobby-1", flag)
