"""Build step for pyinstaller.spec: a smaller copy of Qt's ICU data library.

PySide6's `libicudata.so.NN` is 32 MB of ICU data for every locale, converter and
transliterator; Qt uses ICU only for case mapping, normalisation, break iteration and the
locale data of the languages on screen (its own CLDR tables do the rest). Keeping the
locale-independent files plus root and the content's languages makes it ~7 MB, which pays
for printing and the tones in the bundle. `bench/check_bundle.py` proves the bundle still
renders every screen with the venv's pixels.

Tools (scripts/system-deps test): `nm` (binutils) finds the data, `icupkg` (icu-devtools)
removes items, `gcc` wraps the result in a library exporting the same symbol. Without them
the original library is kept and the build says so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

# Whole kinds of data Qt never asks for: transliteration rules and legacy code pages.
DROPPED_FOLDERS = ("translit/",)
DROPPED_SUFFIXES = (".cnv",)
# Per-locale folders: only root, the pool and the index, and the kept languages stay.
LOCALE_FOLDERS = ("", "coll/", "curr/", "lang/", "region/", "unit/", "zone/", "rbnf/")
LOCALE_NAME = re.compile(r"^(?P<language>[a-z]{2,3})(_[A-Za-z0-9]*)*\.res$")


def dropped(item: str, languages: set[str]) -> bool:
    """Whether the ICU data item `item` (e.g. "coll/de.res") can go."""
    if item.startswith(DROPPED_FOLDERS) or item.endswith(DROPPED_SUFFIXES):
        return True
    folder, _, name = item.rpartition("/")
    if folder + ("/" if folder else "") not in LOCALE_FOLDERS:
        return False  # break rules and dictionaries (brkitr/) are shared by every language
    match = LOCALE_NAME.match(name)
    return bool(match) and name != "root.res" and match["language"] not in languages


def trimmed(library: Path, work: Path, languages: set[str]) -> Path | None:
    """A trimmed copy of `library` in `work`, or None (with the reason printed) when a
    tool is missing or anything fails: the bundle then keeps the original."""
    if not all(shutil.which(tool) for tool in ("nm", "icupkg", "gcc")):
        print("icu_data: nm, icupkg or gcc missing (scripts/system-deps test); ICU kept whole")
        return None
    try:
        return _trim(library, work, languages)
    except (OSError, subprocess.CalledProcessError, ValueError) as error:
        print(f"icu_data: {error}; ICU kept whole")
        return None


def _trim(library: Path, work: Path, languages: set[str]) -> Path:
    symbol, offset, size = _data_symbol(library)
    package = symbol.removesuffix("_dat")  # icudt73
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"{package}l.dat"
    with library.open("rb") as source:
        source.seek(offset)
        data.write_bytes(source.read(size))
    listed = subprocess.run(
        ["icupkg", "-l", str(data)], check=True, capture_output=True, text=True
    ).stdout.split()
    removals = work / "removed.txt"
    removals.write_text("\n".join(i for i in listed if dropped(i, languages)) + "\n")
    subprocess.run(["icupkg", "-r", str(removals), str(data)], check=True, capture_output=True)
    stub = work / "icudata.c"
    stub.write_text(
        f'__asm__(".section .rodata\\n.global {symbol}\\n.type {symbol}, @object\\n'
        f'.balign 16\\n{symbol}:\\n.incbin \\"{data}\\"\\n.size {symbol}, .-{symbol}\\n");\n'
    )
    out = work / library.name
    subprocess.run(
        ["gcc", "-shared", "-nostdlib", "-o", str(out), f"-Wl,-soname,{library.name}", str(stub)],
        check=True, capture_output=True,
    )  # fmt: skip
    _data_symbol(out)  # the new library exports the symbol ICU looks for
    return out


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the exported `icudtNN_dat`. ICU's data sits in .rodata,
    whose addresses equal file offsets in these libraries (checked through the section)."""
    symbols = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(library)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    found = re.search(r"^([0-9a-f]+) ([0-9a-f]+) [RrDd] (icudt\d+_dat)$", symbols, re.M)
    if not found:
        raise ValueError(f"no icudtNN_dat symbol in {library.name}")
    address, size, name = int(found[1], 16), int(found[2], 16), found[3]
    sections = subprocess.run(
        ["objdump", "-h", str(library)], check=True, capture_output=True, text=True
    ).stdout
    rodata = re.search(r"\.rodata\s+([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", sections)
    if not rodata:
        raise ValueError(f"no .rodata in {library.name}")
    vma, file_offset = int(rodata[2], 16), int(rodata[3], 16)
    return name, address - vma + file_offset, size
