"""Prove the PyInstaller bundle works on its own: run by .ci/run after `make bundle`.

1. `validate` exits 0 with the OK summary.
2. `render --out DIR --size 1280x800` (offscreen) writes NN-<id>.png for every screen of
   content.yaml plus the form, thank-you and idle warning, and none is blank.
3. The patient screens are the same pixels as the venv's render: the bundled Atkinson
   Hyperlegible faces and qtawesome's icon fonts are there (a missing font changes the text,
   a missing icon font leaves boxes or nothing).
4. `export` formats US and international phone numbers exactly as the venv does, from a
   US clinic and from a UK one (phonenumbers' region metadata is bundled).
5. The read-aloud service (`mild-kiosk speech-service`) starts from the bundle.
6. Sealed requests: the bundle makes a front-desk key pair (`keys create`) and opens, with
   `export --key`, a request the venv sealed to it (cryptography's HPKE is bundled).
7. `export --format fhir` writes a FHIR Bundle, and no test-only FHIR library (fhir.resources,
   pydantic) is in the folder; `doctor --json` runs and reports every check.
8. The folder is at most 150 MB unpacked.

Run: .venv/bin/python bench/check_bundle.py [--bundle dist/mild-kiosk/mild-kiosk] [--out DIR]
Exit 0 when all is well, 1 with a list of problems.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import BUNDLE, OFFSCREEN, ROOT

sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from kiosk.content.loader import load_content
from kiosk.requests.model import BestTime, ContactMethod, ValidRequest
from kiosk.requests.stores import open_store

SIZE = "1280x800"
MAX_BUNDLE_MB = 150
PASSPHRASE = "bundle check passphrase"
PHONES = ["+12125552368", "+442079460958", "+5215512345678", "+33142685300", "+16502530000"]
problems: list[str] = []


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, env=OFFSCREEN, capture_output=True, text=True, **kwargs)
    if done.returncode:
        problems.append(f"{' '.join(command)}: exit {done.returncode}: {done.stderr.strip()}")
    return done


def distinct_colours(image: QImage) -> int:
    """Colours on a 64x40 grid: a blank (one-colour) picture has 1."""
    small = image.scaled(64, 40, Qt.AspectRatioMode.IgnoreAspectRatio)
    return len({small.pixel(x, y) for x in range(64) for y in range(40)})


def differing_share(one: QImage, other: QImage) -> float:
    """Share of pixels that differ visibly, compared at 1/8 scale (0.0: the same picture)."""
    if one == other:
        return 0.0
    if one.size() != other.size():
        return 1.0
    width, height = one.width() // 8, one.height() // 8
    one, other = (
        image.scaled(width, height, Qt.AspectRatioMode.IgnoreAspectRatio,
                     Qt.TransformationMode.SmoothTransformation)
        for image in (one, other)
    )  # fmt: skip
    different = 0
    for y in range(height):
        for x in range(width):
            a, b = one.pixelColor(x, y), other.pixelColor(x, y)
            if max(abs(a.red() - b.red()), abs(a.green() - b.green()),
                   abs(a.blue() - b.blue())) > 24:  # fmt: skip
                different += 1
    return different / (width * height)


def check_render(bundle: Path, out: Path, venv_out: Path) -> None:
    content = load_content(ROOT / "content.yaml")
    for stale in out.glob("*.png"):  # only what this run writes counts
        stale.unlink()
    done = run([str(bundle), "render", "--out", str(out), "--size", SIZE])
    run([sys.executable, str(ROOT / "main.py"), "render", "--out", str(venv_out), "--size", SIZE])
    written = re.search(r"wrote (\d+) screens", done.stdout)
    pngs = sorted(path for path in out.glob("*.png") if path.name != "summary.png")
    for name in ("summary.png", "summary.pdf"):  # the take-home page (another size)
        if not (out / name).is_file():
            problems.append(f"render wrote no {name}")
    if not written or int(written.group(1)) != len(pngs):
        problems.append(f"render said {done.stdout.strip()!r} but wrote {len(pngs)} PNG files")
    patient = [f"{n:02d}-{screen.id}.png" for n, screen in enumerate(content.screens, start=1)]
    for name in patient:
        if not (out / name).is_file():
            problems.append(f"render wrote no {name}")
    for page in ("form", "thanks", "idle_warning"):
        found = [path.name for path in pngs if path.name.endswith(f"-{page}.png")]
        if not found:
            problems.append(f"render wrote no NN-{page}.png")
        elif page != "idle_warning":  # the countdown may have ticked
            patient += found
    width, height = (int(part) for part in SIZE.split("x"))
    for path in pngs:
        image = QImage(str(path))
        if image.width() != width or image.height() != height:
            problems.append(f"{path.name}: {image.width()}x{image.height()}, not {SIZE}")
        elif distinct_colours(image) < 4:
            problems.append(f"{path.name}: blank ({distinct_colours(image)} colours)")
    for name in patient:
        if (out / name).is_file() and (venv_out / name).is_file():
            share = differing_share(QImage(str(out / name)), QImage(str(venv_out / name)))
            if share > 0.01:
                problems.append(f"{name}: {share:.1%} of it differs from the venv's render "
                                "(a font or the icon font missing from the bundle?)")  # fmt: skip
    print(f"render: {len(pngs)} PNGs checked, {len(patient)} compared with the venv's")


def check_export(bundle: Path, scratch: Path) -> None:
    data = scratch / "data"
    store = open_store(data)
    for phone in PHONES:
        store.add(ValidRequest("Test Patient", phone, None, ContactMethod.CALL, BestTime.ANY,
                               "", (), "en"))  # fmt: skip
    store.close()
    uk = scratch / "uk"  # a UK clinic: content.yaml beside its own assets/, as deploy.md says
    uk.mkdir()
    text = (ROOT / "content.yaml").read_text(encoding="utf-8")
    (uk / "content.yaml").write_text(text.replace("phone_region: US", "phone_region: GB"))
    shutil.copytree(ROOT / "assets", uk / "assets")
    for region, content in (("US", ROOT / "content.yaml"), ("GB", uk / "content.yaml")):
        run([str(bundle), "validate", "--content", str(content)])
        files = {}
        for name, program in (("bundle", [str(bundle)]), ("venv", [sys.executable, "main.py"])):
            files[name] = scratch / f"{name}-{region}.csv"
            run([*program, "export", "--content", str(content), "--data-dir", str(data),
                 "--out", str(files[name])], cwd=ROOT)  # fmt: skip
        if not all(path.is_file() for path in files.values()):
            continue
        bundled, expected = (path.read_bytes() for path in files.values())
        if bundled != expected:
            problems.append(f"export from a {region} clinic: the bundle's CSV is not the venv's")
        elif region == "GB" and b"00 1 212-555-2368" not in bundled:
            problems.append("export from a GB clinic: a US number was not formatted")
    print(f"export: {len(PHONES)} phone numbers formatted alike by the bundle and the venv")


def check_sealing(bundle: Path, scratch: Path) -> None:
    """Keys made by the bundle, a request sealed by the venv's store, opened by the bundle."""
    from kiosk.requests.store import DB_NAME, SqliteRequestStore
    from kiosk.sealing.keys import PUBLIC_KEY_FILE, load_public_key
    from kiosk.sealing.seal import Sealer

    keys, data, out = scratch / "keys", scratch / "sealed-data", scratch / "sealed.json"
    run([str(bundle), "keys", "create", "--out", str(keys)], input=PASSPHRASE + "\n")
    if not (keys / PUBLIC_KEY_FILE).is_file():
        return
    data.mkdir()
    sealer = Sealer(load_public_key(keys / PUBLIC_KEY_FILE))
    with SqliteRequestStore(data / DB_NAME, sealer=sealer) as store:
        store.add(ValidRequest("Sealed Patient", PHONES[0], None, ContactMethod.CALL,
                               BestTime.ANY, "", (), "en"))  # fmt: skip
    run([str(bundle), "export", "--format", "json", "--data-dir", str(data), "--out", str(out),
         "--key", str(keys / "private-key.pem")], input=PASSPHRASE + "\n")  # fmt: skip
    if not out.is_file() or "Sealed Patient" not in out.read_text(encoding="utf-8"):
        problems.append("the bundle did not open a sealed request with its own key")
    else:
        print("sealing: keys made and a sealed request opened by the bundle")


TEST_ONLY = ("fhir", "pydantic", "annotated_types", "typing_inspection")  # see pyinstaller.spec


def check_fhir_and_doctor(bundle: Path, scratch: Path) -> None:
    """FHIR as plain JSON from the bundle, with none of the tests' FHIR validation library;
    doctor's findings as JSON (exit 0 or 1 depending on this machine; never a traceback)."""
    import json

    out = scratch / "requests.fhir.json"
    run([str(bundle), "export", "--format", "fhir", "--data-dir", str(scratch / "data"),
         "--out", str(out)])  # fmt: skip
    if out.is_file():
        written = json.loads(out.read_text(encoding="utf-8"))
        entries = written.get("entry", [])
        if written.get("resourceType") != "Bundle" or len(entries) != 2 * len(PHONES):
            problems.append("export --format fhir: not a Bundle with 2 entries per request")
    found = sorted({part for path in bundle.parent.rglob("*")
                    for part in path.relative_to(bundle.parent).parts
                    if part.lower().startswith(TEST_ONLY)})  # fmt: skip
    if found:
        problems.append(f"test-only libraries in the bundle: {', '.join(found)}")
    doctor = subprocess.run(
        [str(bundle), "doctor", "--json", "--data-dir", str(scratch / "data")],
        env=OFFSCREEN, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    try:
        names = [check["name"] for check in json.loads(doctor.stdout)["checks"]]
    except (ValueError, KeyError):
        names = []
    if doctor.returncode not in (0, 1) or "content" not in names or "Traceback" in doctor.stderr:
        problems.append(f"doctor: exit {doctor.returncode}: {doctor.stderr.strip()[-300:]}")
    else:
        checks = json.loads(doctor.stdout)["checks"]
        failed = [c["name"] for c in checks if not c["ok"]]
        print(f"fhir: a Bundle, no test-only library bundled; doctor: {len(names)} checks, "
              f"failing here: {', '.join(failed) or 'none'}")  # fmt: skip
        printer = next((json.dumps(c) for c in checks if c["name"] == "printer"), "")
        if "not part of this kiosk" in printer:  # QtPrintSupport left out of the bundle
            problems.append("doctor: the bundle cannot print (QtPrintSupport missing)")


def check_size(bundle: Path) -> None:
    folder = bundle.parent
    size = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()
               and not path.is_symlink())  # fmt: skip
    print(f"size: {size / 1e6:.1f} MB unpacked (limit {MAX_BUNDLE_MB} MB)")
    if size > MAX_BUNDLE_MB * 1e6:
        problems.append(f"the bundle is {size / 1e6:.1f} MB, over {MAX_BUNDLE_MB} MB")


def check_speech(bundle: Path) -> None:
    """The read-aloud voice runs as `mild-kiosk speech-service` (a process of its own): it must
    start from the bundle and report its voices (Qt's "mock" engine: no audio needed)."""
    if "speech-service" not in run([str(bundle), "--help"]).stdout:
        print("speech: no speech-service command, skipped")
        return
    try:
        done = subprocess.run(
            [str(bundle), "speech-service", "--engine", "mock"], input='{"stop": true}\n',
            env=OFFSCREEN, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        problems.append("speech-service did not end when its input closed")
        return
    if '"ready"' not in done.stdout:
        problems.append(f"speech-service reported no voices: {done.stdout.strip()!r}")
    else:
        print("speech: the bundled speech service started and reported its voices")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=BUNDLE)
    parser.add_argument("--out", type=Path, help="keep the bundle's PNGs here")
    args = parser.parse_args()
    if not args.bundle.is_file():
        print(f"no bundle at {args.bundle}: run `make bundle` first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="check-bundle-") as tmp:
        scratch = Path(tmp)
        done = run([str(args.bundle), "validate"])
        if "OK" not in done.stdout:
            problems.append(f"validate said {done.stdout.strip()!r}")
        check_render(args.bundle, args.out or scratch / "bundle-shots", scratch / "venv-shots")
        check_export(args.bundle, scratch)
        check_speech(args.bundle)
        check_sealing(args.bundle, scratch)
        check_fhir_and_doctor(args.bundle, scratch)
    check_size(args.bundle)
    if problems:
        print("bundle check FAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"bundle check passed: {args.bundle.relative_to(ROOT)} validates, renders, exports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
