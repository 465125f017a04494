"""Hot reload decisions without Qt: real content.yaml and assets/ copied to a temporary
folder, edited the ways clinic IT and their editors do. `settle()` is what the watcher calls
after each quiet period."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest

from kiosk.content.loader import load_content
from kiosk.content.reload import ContentReloader, Outcome
from kiosk.paths import bundle_root

OLD_TITLE = "What is lumbar spinal stenosis?"
NEW_TITLE = "Lumbar spinal stenosis, in plain words"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the clinic's content.yaml with its assets/, as on a kiosk."""
    shutil.copy(bundle_root() / "content.yaml", tmp_path / "content.yaml")
    shutil.copytree(bundle_root() / "assets", tmp_path / "assets")
    return tmp_path / "content.yaml"


@pytest.fixture
def reloader(site: Path) -> ContentReloader:
    return ContentReloader(load_content(site))


def save(path: Path, text: str) -> None:
    """As most editors save: a new file renamed over the old one."""
    temp = path.with_name(path.name + ".new")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def settled(reloader: ContentReloader) -> Outcome:
    """The first decision after the files stopped changing (two looks at the same files)."""
    assert reloader.settle() is Outcome.WAIT
    return reloader.settle()


def screen_title(reloader: ContentReloader, content=None) -> str:
    content = content or reloader.pending or reloader.running
    return content.screen("stenosis").title.get("en")


def test_nothing_changed_is_nothing_to_do(reloader: ContentReloader) -> None:
    assert settled(reloader) is Outcome.SAME
    assert reloader.pending is None and reloader.problems == ()


def test_a_valid_edit_waits_for_the_next_start_over(site: Path, reloader: ContentReloader) -> None:
    save(site, site.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE))
    assert settled(reloader) is Outcome.VALID
    assert screen_title(reloader, reloader.pending) == NEW_TITLE
    assert screen_title(reloader, reloader.running) == OLD_TITLE  # not yet taken
    taken = reloader.take()
    assert taken is not None and screen_title(reloader, reloader.running) == NEW_TITLE
    assert reloader.pending is None and reloader.take() is None
    assert reloader.settle() is Outcome.SAME  # the same files are not decided twice


def test_a_file_still_being_written_is_not_read(site: Path, reloader: ContentReloader) -> None:
    """An editor or a copy that writes in steps: each look sees other sizes, so the loader
    is not even called until the file has stayed the same for a whole quiet period."""
    loads = []
    reloader._load = lambda path: loads.append(path) or load_content(path)
    full = site.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE)
    with site.open("w", encoding="utf-8") as handle:
        handle.write(full[: len(full) // 2])
        handle.flush()
        assert reloader.settle() is Outcome.WAIT
        handle.write(full[len(full) // 2 :])
        handle.flush()
        assert reloader.settle() is Outcome.WAIT
    assert loads == []
    assert reloader.settle() is Outcome.VALID and loads == [site]
    assert screen_title(reloader) == NEW_TITLE


@pytest.mark.parametrize("breakage", ["garbage", "truncated", "missing picture", "bad value"])
def test_a_broken_edit_keeps_the_running_content_and_says_where(
    site: Path, reloader: ContentReloader, breakage: str, caplog: pytest.LogCaptureFixture
) -> None:
    text = site.read_text(encoding="utf-8")
    if breakage == "garbage":
        save(site, "\x00\x01garbage{{{ ::: [")
    elif breakage == "truncated":
        save(site, text[: len(text) // 3])
    elif breakage == "missing picture":
        (site.parent / "assets" / "spine_canal.svg").unlink()
    else:
        save(site, text.replace("transition_ms: ", "transition_ms: -", 1))
    with caplog.at_level(logging.WARNING, logger="kiosk.content.reload"):
        assert settled(reloader) is Outcome.INVALID
    assert reloader.pending is None and reloader.problems
    assert all(line.startswith(f"{site}:") for line in reloader.problems)
    assert screen_title(reloader) == OLD_TITLE
    logged = [r.getMessage() for r in caplog.records]
    assert any(line in message for line in reloader.problems for message in logged)


def test_minutes_of_failing_saves_log_each_problem_once(
    site: Path, reloader: ContentReloader, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="kiosk.content.reload"):
        for attempt in range(5):  # the same mistake, saved again and again
            save(site, f"languages: [\n# attempt {attempt}\n")
            assert settled(reloader) is Outcome.INVALID
    assert len(caplog.records) == 1 + len(reloader.problems)


def test_saves_within_one_clock_tick_are_each_seen(site: Path, reloader: ContentReloader) -> None:
    """Kernels that stamp files a tick (1-4 ms) at a time give two quick saves of the same
    size the same time: the saves above went unseen in 26 runs of 300 with 1 ms ticks."""
    for attempt in range(3):
        save(site, f"languages: [\n# attempt {attempt}\n")
        os.utime(site, ns=(1_000_000_000, 1_000_000_000))  # one tick for every save
        assert settled(reloader) is Outcome.INVALID


def test_a_fix_after_a_broken_save_is_taken(site: Path, reloader: ContentReloader) -> None:
    text = site.read_text(encoding="utf-8")
    save(site, "garbage: [")
    assert settled(reloader) is Outcome.INVALID
    save(site, text.replace(OLD_TITLE, NEW_TITLE))
    assert settled(reloader) is Outcome.VALID
    assert reloader.problems == () and screen_title(reloader) == NEW_TITLE


def test_restoring_the_running_file_clears_the_problems_and_changes_nothing(
    site: Path, reloader: ContentReloader
) -> None:
    text = site.read_text(encoding="utf-8")
    save(site, text.replace(OLD_TITLE, NEW_TITLE))
    assert settled(reloader) is Outcome.VALID and reloader.pending is not None
    save(site, "garbage: [")
    assert settled(reloader) is Outcome.INVALID and reloader.pending is None  # superseded
    save(site, text)
    assert settled(reloader) is Outcome.VALID
    assert reloader.problems == () and reloader.pending is None  # what is running already
