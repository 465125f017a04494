"""`stats` as a clinic manager runs it: real store files, a real process, real CSV and PNGs."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.content.loader import load_content
from kiosk.paths import bundle_root
from kiosk.requests.stores import open_store
from kiosk.usage.report import flow_of
from kiosk.usage.store import UsageRow, open_usage_store
from kiosk.usage.table import csv_headers, csv_rows

ROOT = bundle_root()
TODAY = date.today()


def stats(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "stats", *args],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A kiosk's data folder with a few counters today and yesterday, from two kiosks."""
    folder = tmp_path / "data"
    open_store(folder).close()
    usage = open_usage_store(folder)
    today, yesterday = TODAY.isoformat(), (TODAY - timedelta(days=1)).isoformat()
    usage.add("lobby-1", {
        (today, 9, "visits", ""): 8, (today, 14, "visits", ""): 4,
        (today, 9, "past_welcome", ""): 10, (today, 9, "requests", ""): 3,
        (today, 9, "language", "en"): 9, (today, 9, "language", "es"): 3,
        (today, 9, "furthest", "attract"): 2, (today, 9, "furthest", "stenosis"): 7,
        (today, 9, "furthest", "thanks"): 3, (today, 9, "end_reason", "idle"): 12,
        (yesterday, 16, "visits", ""): 20, (yesterday, 16, "past_welcome", ""): 20,
        (yesterday, 16, "requests", ""): 5, (yesterday, 16, "listen", ""): 1,
    })  # fmt: skip
    usage.add("=HYPERLINK(\"http://x\")", {(today, 10, "visits", ""): 6})
    usage.close()
    return folder


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel reads accents"
    assert b"\r\n" in raw
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_stats_writes_one_row_per_day_and_kiosk_with_small_counts_hidden(data_dir, tmp_path):
    out = tmp_path / "report"
    result = stats("--out", str(out), "--data-dir", str(data_dir), "--days", "3")
    assert result.returncode == 0, result.stderr
    assert "usage.csv (6 rows" in result.stdout
    rows = read_csv(out / "usage.csv")
    by = {(row["day"], row["kiosk"]): row for row in rows}
    today = by[(TODAY.isoformat(), "lobby-1")]
    assert today["visits"] == "12" and today["past_welcome"] == "10"
    assert today["requests"] == "<5" and today["opt_in_percent"] == ""  # 3 would show
    assert today["language_en"] == "9" and today["language_es"] == "<5"
    assert today["ended_idle"] == "12" and today["ended_crash"] == "0"
    assert today["reached_attract"] == "12" and today["reached_stenosis"] == "10"
    assert today["reached_form"] == "<5" and today["reached_thanks"] == "<5"
    yesterday = by[((TODAY - timedelta(days=1)).isoformat(), "lobby-1")]
    assert yesterday["opt_in_percent"] == "25" and yesterday["listen"] == "<5"
    empty = by[((TODAY - timedelta(days=2)).isoformat(), "lobby-1")]
    assert empty["visits"] == "0"  # every day of the range, so a chart has no gaps
    assert by[(TODAY.isoformat(), "'=HYPERLINK(\"http://x\")")]["visits"] == "6"  # no formula
    names = sorted(path.name for path in out.glob("*.png"))
    assert names == [f"usage-{key}.png" for key in sorted(
        ("abandoned", "aids", "end_reasons", "funnel", "languages", "opt_in", "seconds",
         "visits_per_day"))]  # fmt: skip
    assert (out / "usage.csv").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", "0"], "--days 0: give 1 to"),
        (["--store", "sqlite:////nowhere/at/all.sqlite3"], "No request database"),
        (["--store", "sqlite:///relative.sqlite3"], "must be absolute"),
    ],
)
def test_stats_problems_are_one_line_and_exit_2(data_dir, tmp_path, args, message):
    result = stats("--out", str(tmp_path / "report"), "--data-dir", str(data_dir), *args)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_an_unreachable_postgresql_server_is_one_line_and_exit_2(data_dir, tmp_path):
    """No server listens on this socket folder: the line says so, and nothing is written."""
    url = f"postgresql://mild_desk@/clinic?host={tmp_path}&port=5999"
    result = stats("--out", str(tmp_path / "report"), "--data-dir", str(data_dir), "--store", url)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: Could not connect to the PostgreSQL server: the server could not be reached."
    ]
    assert not (tmp_path / "report" / "usage.csv").exists()


def test_a_data_folder_the_kiosk_never_used_is_a_clear_error(tmp_path):
    result = stats("--out", str(tmp_path / "report"), "--data-dir", str(tmp_path / "empty"))
    assert result.returncode == 2 and "No request database" in result.stderr


def test_csv_columns_follow_the_content_flow():
    content = load_content(ROOT / "content.yaml")
    flow = [page for page, _label in flow_of(content, "en")]
    headers = csv_headers(flow, ["en", "es"])
    reached = [h.removeprefix("reached_") for h in headers if h.startswith("reached_")]
    assert reached == flow and flow[0] == content.screens[0].id and flow[-2:] == ["form", "thanks"]
    rows = csv_rows(
        [UsageRow("k", TODAY.isoformat(), None, "visits", "", 4)], TODAY, TODAY, flow, ["en"]
    )
    assert rows[0][:3] == [TODAY.isoformat(), "k", "<5"]
