"""A clinic's IT person edits content.yaml by hand: whatever they save, the kiosk either
loads it or says FILE:LINE what is wrong; it never crashes with a traceback.

Hypothesis mutates the real bundled content.yaml as a structure (keys deleted or renamed,
wrong types, bad picture paths, odd Unicode, huge strings, deep nesting, lists emptied or
repeated), dumps it back to YAML, then sometimes damages the text too (duplicate keys,
YAML tags, anchors, stray characters, BOMs, CRLF, truncation, bytes that are not UTF-8).
Run more examples with FUZZ_EXAMPLES=5000.
"""

from __future__ import annotations

import copy
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kiosk.content.loader import MAX_BYTES, ContentError, load_content
from kiosk.content.model import Content
from kiosk.paths import bundle_root

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
BASE_TEXT = (bundle_root() / "content.yaml").read_text(encoding="utf-8")
BASE: dict[str, Any] = yaml.safe_load(BASE_TEXT)
SAFETY_BOUND_S = 1.0  # refusing a hostile file must never stall the kiosk's start
tried = {"examples": 0, "loaded": 0, "refused": 0}

Path_ = tuple[str | int, ...]

WEIRD_TEXT = st.text(
    st.characters(exclude_categories=("Cs",)), max_size=40
)  # every category but lone surrogates: controls, format chars, private use, unassigned
BAD_PATHS = st.sampled_from([
    "../outside.svg", "/etc/passwd", "C:\\logo.svg", "assets/../../x.svg", "assets/missing.svg",
    "assets", "assets/", "assets/logo.SVG", "assets/logo.txt", "~/logo.svg", "\\\\srv\\x.svg",
    "assets/" + "a" * 300 + ".svg", "file:///etc/passwd", "assets/logo.svg/..", ".", "",
    "assets/\u202elogo.svg", "assets/logo.svg\t", "con.svg", "assets/ logo.svg",
])  # fmt: skip
WRONG_TYPES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.just([]), st.just({}),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(),
                                                        max_size=3),
)  # fmt: skip
TAGS = ["!!python/object/apply:os.system ['true']", "!!binary aGk=", "!custom x", "!!set {a}",
        "!!str", "!!timestamp 2001-12-14", "!<tag:yaml.org,2002:python/none> x"]  # fmt: skip


def nodes(tree: Any, path: Path_ = ()) -> list[Path_]:
    """Every path into the tree, the root included."""
    found = [path]
    if isinstance(tree, dict):
        for key, value in tree.items():
            found += nodes(value, (*path, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            found += nodes(value, (*path, index))
    return found


def parent_of(tree: Any, path: Path_) -> Any:
    for step in path[:-1]:
        tree = tree[step]
    return tree


@st.composite
def mutated_tree(draw: st.DrawFn) -> Any:
    tree: Any = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(nodes(tree)))
        op = draw(st.sampled_from(
            ["delete", "type", "text", "huge", "path", "nest", "rename", "repeat", "empty"]
        ))  # fmt: skip
        if not path:  # the root itself
            tree = draw(WRONG_TYPES) if op == "type" else tree
            continue
        parent, last = parent_of(tree, path), path[-1]
        value = parent[last]
        if op == "delete":
            del parent[last]
        elif op == "type":
            parent[last] = draw(WRONG_TYPES)
        elif op == "text":
            parent[last] = draw(WEIRD_TEXT)
        elif op == "huge":
            parent[last] = draw(st.sampled_from(["x", "é", "\u200b", "漢", "🦴", "{name}"])) * (
                draw(st.sampled_from([1201, 5000, 60_000]))
            )
        elif op == "path":
            parent[last] = draw(BAD_PATHS)
        elif op == "nest":
            for _ in range(draw(st.integers(1, 40))):
                value = [value] if draw(st.booleans()) else {"k": value}
            parent[last] = value
        elif op == "rename" and isinstance(parent, dict):
            new_key: Any = draw(st.one_of(WEIRD_TEXT, st.integers(), st.just(f"{last}s")))
            parent[new_key] = parent.pop(last)
        elif op == "repeat" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(value))
        elif op == "empty":
            parent[last] = type(value)() if isinstance(value, list | dict | str) else None
    return tree


@st.composite
def hostile_file(draw: st.DrawFn) -> bytes:
    """Bytes of a content file: a mutated structure, then perhaps damaged as text."""
    tree = draw(mutated_tree())
    text = yaml.safe_dump(
        tree, allow_unicode=draw(st.booleans()), sort_keys=False,
        width=draw(st.sampled_from([80, 10**6])),
    )  # fmt: skip
    for _ in range(draw(st.integers(0, 3))):
        lines = text.split("\n")
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        edit = draw(st.sampled_from(
            ["duplicate", "tag", "anchor", "insert", "truncate", "crlf", "bom", "tab"]
        ))  # fmt: skip
        if edit == "duplicate":  # the same key twice, as a copy-paste leaves it
            lines.insert(at, lines[at])
        elif edit == "tag" and ": " in lines[at]:
            head, _, tail = lines[at].partition(": ")
            lines[at] = f"{head}: {draw(st.sampled_from(TAGS))} {tail}"
        elif edit == "anchor" and ": " in lines[at]:
            lines[at] = lines[at].replace(": ", ": &a ", 1)
            lines.insert(min(at + 1, len(lines)), lines[at].split(":")[0] + "_copy: *a")
        elif edit == "insert":
            pos = draw(st.integers(0, len(lines[at])))
            extra = draw(st.text(st.characters(exclude_categories=("Cs",)), min_size=1,
                                 max_size=3))  # fmt: skip
            lines[at] = lines[at][:pos] + extra + lines[at][pos:]
        elif edit == "truncate":
            lines = lines[:at]
        elif edit == "tab":
            lines[at] = "\t" + lines[at]
        text = "\n".join(lines)
        if edit == "crlf":
            text = text.replace("\n", "\r\n")
        elif edit == "bom":
            text = "\ufeff" + text
    data = text.encode("utf-8")
    if draw(st.integers(0, 20)) == 0:  # saved in the wrong encoding
        pos = draw(st.integers(0, len(data)))
        data = data[:pos] + b"\xff\xfe" + data[pos:]
    return data


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clinic folder with a real copy of assets/. (Not a symlink: the loader resolves
    picture paths and refuses any that lead outside the content file's folder.)"""
    root = tmp_path_factory.mktemp("clinic")
    shutil.copytree(bundle_root() / "assets", root / "assets")
    return root


def yaml_lines(data: bytes) -> int:
    """Lines as YAML counts them (and so the loader): CR LF, lone CR, LF, NEL, U+2028 and
    U+2029 each end a line."""
    text = data.decode("utf-8", "replace").replace("\r\n", "\n")
    return 1 + sum(text.count(brk) for brk in ("\n", "\r", "\x85", "\u2028", "\u2029"))


def check(path: Path, line_count: int) -> None:
    """load_content returns a Content or raises ContentError whose every problem names a
    line of the file."""
    tried["examples"] += 1
    try:
        result = load_content(path)
    except ContentError as error:
        tried["refused"] += 1
        assert error.problems, "ContentError without problems"
        bad = [p for p in error.problems if not 1 <= p.line <= max(1, line_count)]
        assert not bad, f"problems without a usable line: {bad}"
        assert all(p.message.strip() for p in error.problems)
        return
    tried["loaded"] += 1
    assert isinstance(result, Content)


def test_the_bundled_file_loads_from_a_copied_folder(folder: Path) -> None:
    (folder / "content.yaml").write_text(BASE_TEXT, encoding="utf-8")
    assert isinstance(load_content(folder / "content.yaml"), Content)


@settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # Shrinking 40 kB files can take many minutes; the failing bytes are printed anyway
    # and replayed from Hypothesis's database. FUZZ_SHRINK=1 to get a minimal example.
    phases=[Phase.explicit, Phase.reuse, Phase.generate]
    + ([Phase.shrink] if os.environ.get("FUZZ_SHRINK") else []),
)
@given(data=hostile_file())
def load_a_hostile_content_file(folder: Path, data: bytes) -> None:
    path = folder / "content.yaml"
    path.write_bytes(data)
    check(path, yaml_lines(data))


def test_hostile_content_files_load_or_raise_content_error(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every example loads or names its lines; and the fuzzer really ran them all, refusals
    included (a strategy broken into producing nothing would otherwise pass in silence)."""
    tried.update(examples=0, loaded=0, refused=0)
    load_a_hostile_content_file(folder)
    with capsys.disabled():
        print(f"\ncontent fuzz: {tried}")
    assert tried["examples"] >= EXAMPLES, tried
    assert tried["refused"] > 0, tried


@pytest.mark.parametrize("data", [b"version: 1\nx", b"version: 1\nx\n", b"a: [1, 2"])
def test_a_syntax_error_at_the_end_names_a_line_of_the_file(folder: Path, data: bytes) -> None:
    path = folder / "content.yaml"
    path.write_bytes(data)
    with pytest.raises(ContentError) as error:
        load_content(path)
    assert all(p.line <= len(data.splitlines()) for p in error.value.problems)


def billion_laughs(levels: int = 9) -> str:
    rows = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels + 1):
        rows.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("where", ["alone", "after the real content", "inside a screen's text"])
def test_alias_bombs_are_refused_in_well_under_a_second(folder: Path, where: str) -> None:
    bomb = billion_laughs()
    if where == "alone":
        text = bomb
    elif where == "after the real content":
        text = BASE_TEXT + bomb
    else:  # an anchor on a real value and aliases fanned out below it
        fan_out = "x: [" + "*v, " * 10_000 + "]\n"
        text = BASE_TEXT.replace("version: 1", "version: &v 1", 1) + fan_out
    path = folder / "content.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ContentError) as error:
        load_content(path)
    elapsed = time.perf_counter() - started
    assert any("anchors and aliases" in p.message for p in error.value.problems)
    assert elapsed < SAFETY_BOUND_S, f"refusing an alias bomb took {elapsed:.2f} s"


@pytest.mark.parametrize("size", [MAX_BYTES + 1, 50 * MAX_BYTES])
def test_files_over_1_mb_are_refused_in_well_under_a_second(folder: Path, size: int) -> None:
    path = folder / "content.yaml"
    filler = "# padding\n" * (size // 10 + 1)
    path.write_text((BASE_TEXT + filler)[: max(size, len(BASE_TEXT))], encoding="utf-8")
    assert path.stat().st_size > MAX_BYTES
    started = time.perf_counter()
    with pytest.raises(ContentError) as error:
        load_content(path)
    elapsed = time.perf_counter() - started
    assert [p.line for p in error.value.problems] == [1]
    assert "the limit is 1 MB" in error.value.problems[0].message
    assert elapsed < SAFETY_BOUND_S, f"refusing a {size:,}-byte file took {elapsed:.2f} s"
