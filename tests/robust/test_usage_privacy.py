"""Usage counting keeps nothing that points at a patient: a real kiosk process takes three
requests typed with marker values, then every analytics table row and every file `stats`
writes (usage.csv, the PNGs' text chunks) is searched for the markers, the reference codes,
the request ids and any time finer than an hour."""

from __future__ import annotations

import re
import sqlite3
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from kiosk.paths import bundle_root
from kiosk.requests.store import DB_NAME
from kiosk.session import FORM, THANKS, EndReason
from kiosk.usage.metrics import Metric
from tests.robust.test_privacy_and_crashes import private_environment

NAME, PHONE = "Zyxmarker Qwvtest {n}", "2125557319"
EMAIL, NOTE = "zyx.marker@example.org", "marker-note-8831"
MARKERS = ["zyxmarker", "qwvtest", PHONE, "+1" + PHONE, "555-7319", "5557319", EMAIL, NOTE]
CLOCK_TIME = re.compile(r"\d{1,2}:\d{2}")  # 09:41, 9:41:07, T09:41Z...


def png_text(path: Path) -> str:
    """Every text chunk (tEXt, zTXt, iTXt) of a PNG, decoded."""
    data, texts, at = path.read_bytes(), [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if kind == b"tEXt" or kind == b"iTXt":
            texts.append(body.decode("latin-1"))
        elif kind == b"zTXt":
            key, _, rest = body.partition(b"\0")
            texts.append(key.decode("latin-1") + zlib.decompress(rest[1:]).decode("latin-1"))
        at += 12 + length
    return "\n".join(texts)


def forbidden_in(text: str, secrets: list[str]) -> list[str]:
    folded = text.casefold()
    found = [secret for secret in secrets if secret.casefold() in folded]
    return found + CLOCK_TIME.findall(text)


def test_counters_and_stats_files_hold_nothing_of_a_patient(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    (data_dir / "settings.yaml").write_text("kiosk_name: lobby-1\n", encoding="utf-8")
    env = private_environment(tmp_path)
    kiosk = subprocess.run(
        [sys.executable, "-m", "tests.support.kiosk_driver", str(data_dir), "3", "--cli",
         "--quit", "--name", NAME, "--phone", PHONE, "--email", EMAIL, "--note", NOTE],
        cwd=bundle_root(), env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert kiosk.returncode == 0, kiosk.stdout + kiosk.stderr[-3000:]
    codes = re.findall(r"THANKS (\w+) \d+", kiosk.stdout)
    assert len(codes) == 3, kiosk.stdout
    with sqlite3.connect(data_dir / DB_NAME) as conn:
        requests = conn.execute("SELECT id, created_at, email FROM requests").fetchall()
        counters = conn.execute("SELECT * FROM usage_counts").fetchall()
    assert {row[2] for row in requests} == {EMAIL}  # the markers did reach the request
    secrets = MARKERS + codes + [row[0] for row in requests] + [row[1] for row in requests]

    # The table: only known words as keys, a date and an hour, and the three visits counted.
    screens = {line.split("id:")[1].strip() for line in
               (bundle_root() / "content.yaml").read_text(encoding="utf-8").splitlines()
               if line.startswith("  - id:")}  # fmt: skip
    allowed_keys = (screens | {FORM, THANKS, "", "en", "es"} | {r.value for r in EndReason}
                    | {"name", "phone", "email", "note"})  # fmt: skip
    for kiosk_name, day, hour, metric, key, value, sent_value in counters:
        assert kiosk_name == "lobby-1" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)
        assert isinstance(hour, int) and 0 <= hour <= 23 and isinstance(value, int)
        assert sent_value == 0  # only a number, and nothing forwarded without a server
        assert metric in {m.value for m in Metric} and key in allowed_keys, (metric, key)
        assert not forbidden_in(f"{kiosk_name} {day} {metric} {key}", secrets)
    totals = {(m, k): 0 for _n, _d, _h, m, k, _v, _s in counters}
    for _n, _d, _h, metric, key, value, _sent in counters:
        totals[(metric, key)] += value
    assert totals[("visits", "")] == 3 and totals[("requests", "")] == 3

    out = tmp_path / "report"
    stats = subprocess.run(
        [sys.executable, str(bundle_root() / "main.py"), "stats", "--out", str(out),
         "--data-dir", str(data_dir), "--days", "2"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert stats.returncode == 0, stats.stderr
    files = sorted(out.iterdir())
    assert [f.name for f in files if f.suffix == ".csv"] == ["usage.csv"]
    assert len([f for f in files if f.suffix == ".png"]) == 8
    leaked = {}
    for path in files:
        text = png_text(path) if path.suffix == ".png" else path.read_text(encoding="utf-8-sig")
        if found := forbidden_in(text, secrets):
            leaked[path.name] = found
    assert not leaked, f"patient data or clock times in the usage files: {leaked}"
    assert "lobby-1,<5,<5,<5,<5," in (out / "usage.csv").read_text(encoding="utf-8-sig")
