"""scripts/system-deps: the one list of system packages, what it says and what it runs.

apt-get and dpkg-query are replaced, where a test needs them, by small scripts earlier on
PATH that record their arguments: the system-deps script itself runs for real."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.paths import bundle_root

SCRIPT = bundle_root() / "scripts" / "system-deps"
BASH = shutil.which("bash") or "/bin/bash"
# What .ci/run installed before the script took the list over.
CI_PACKAGES = [
    "libegl1", "libgl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3", "libpulse0", "xvfb",
    "libxcb-icccm4", "libxcb-keysyms1", "libxcb-image0", "libxcb-render-util0", "libxcb-xkb1",
    "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-shape0", "sqlite3", "binutils",
]  # fmt: skip
ADDED = [
    "postgresql", "libpq5", "speech-dispatcher", "speech-dispatcher-espeak-ng", "espeak-ng",
    "fonts-noto-core", "fonts-noto-cjk", "fonts-noto-color-emoji",
]  # fmt: skip
RUN_ONLY = [  # test tools, not the kiosk's
    "xvfb", "sqlite3", "binutils", "postgresql", "poppler-utils", "python3-pyatspi",
    "at-spi2-core", "dbus-daemon",
]  # fmt: skip


def system_deps(
    *arguments: str, path: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CI": "true", **env}
    if path is not None:
        environment["PATH"] = path
    return subprocess.run(
        [BASH, str(SCRIPT), *arguments], capture_output=True, text=True, timeout=60,
        env=environment, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def listed(group: str) -> list[str]:
    done = system_deps(group, "--list")
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def fake_apt(folder: Path, installed: list[str]) -> Path:
    """dpkg-query that knows `installed`, apt-get that logs its arguments to apt.log."""
    folder.mkdir()
    rows = "".join(f"{name} ii \\n" for name in installed)
    (folder / "dpkg-query").write_text(f"#!/bin/sh\nprintf '{rows}'\n")
    (folder / "apt-get").write_text(f'#!/bin/sh\necho "$*" >> {folder / "apt.log"}\n')
    for tool in ("dpkg-query", "apt-get"):
        (folder / tool).chmod(0o755)
    return folder


def test_dry_run_names_every_package_ci_relied_on_and_the_new_ones() -> None:
    done = system_deps("test", "--dry-run")
    if done.returncode != 0:  # not Debian: the packages are named in the message instead
        assert "not Debian or Ubuntu" in done.stderr
        named = done.stderr.split()
    else:
        named = [line.split()[0] for line in done.stdout.splitlines() if line.startswith("  ")]
        assert done.stdout.splitlines()[-1].startswith("would run: ")
    for package in CI_PACKAGES + ADDED:
        assert package in named, package


def test_the_run_group_is_the_kiosk_alone_and_test_adds_the_tools() -> None:
    run, test = listed("run"), listed("test")
    assert set(run) < set(test)
    assert set(test) - set(run) >= set(RUN_ONLY)
    assert not set(run) & set(RUN_ONLY)
    assert "fonts-noto-cjk" in run and "libpulse0" in run


def test_without_apt_it_stops_and_names_the_packages(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    for arguments in (("test",), ("test", "--dry-run")):
        done = system_deps(*arguments, path=str(empty))
        assert done.returncode == 1
        first = done.stderr.splitlines()[0]
        assert first.startswith("system-deps: this is not Debian or Ubuntu"), done.stderr
        assert all(package in done.stderr for package in CI_PACKAGES + ADDED)
        assert "SKIP_SYSTEM_DEPS=1" in done.stderr


def test_skip_system_deps_trusts_the_person_who_installed_them(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    done = system_deps("test", path=str(empty), SKIP_SYSTEM_DEPS="1")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.skipif(os.geteuid() != 0, reason="as root apt-get is run directly, not via sudo")
def test_it_installs_only_what_is_missing_without_asking_under_ci(tmp_path: Path) -> None:
    present = listed("test")[:-3]
    tools = fake_apt(tmp_path / "bin", present)
    done = system_deps("test", path=f"{tools}:{os.environ['PATH']}")
    assert done.returncode == 0, done.stderr
    missing = listed("test")[-3:]
    log = (tools / "apt.log").read_text().splitlines()
    assert log == ["update -q", "install -y -q --no-install-recommends " + " ".join(missing)]
    assert f"installed {len(missing)} packages" in done.stdout


def test_nothing_is_run_when_everything_is_present(tmp_path: Path) -> None:
    tools = fake_apt(tmp_path / "bin", listed("test"))
    done = system_deps("test", path=f"{tools}:{os.environ['PATH']}")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert not (tools / "apt.log").exists()


def test_an_unknown_argument_is_one_clear_line() -> None:
    done = system_deps("--frobnicate")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "system-deps: unknown argument '--frobnicate' (see scripts/system-deps --help)"
    ]
