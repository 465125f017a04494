"""Load content.yaml into the frozen model of kiosk.content.model, checking everything.

Clinic staff edit content.yaml by hand, so every mistake is collected and reported at once as
`FILE:LINE: message` in plain words, and nothing beyond plain data is accepted: no anchors
(alias bombs), no tags (object construction), no huge or deeply nested files.
"""

from __future__ import annotations

import codecs
import dataclasses
import difflib
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from types import MappingProxyType
from typing import Any, NoReturn

import yaml
from yaml.constructor import SafeConstructor

from kiosk.content.colors import CONTRAST_PAIRS, contrast_ratio
from kiosk.content.model import (
    EMPTY_LIST,
    REQUIRED_FORM,
    REQUIRED_UI,
    SCREEN_PLACEHOLDERS,
    ChecklistItem,
    Clinic,
    Content,
    KioskSettings,
    Language,
    Reference,
    Screen,
    ScreenKind,
    Section,
    Text,
    TextList,
    Theme,
)

MAX_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_CHARS = 1200
MAX_SCREENS = 60
MAX_PER_SCREEN = 30  # paragraphs, bullets or checklist items
PICTURE_SUFFIXES = (".svg", ".png")
KIOSK_RANGES = {
    "idle_timeout_seconds": (20, 3600),
    "idle_warning_seconds": (20, 300),
    "thanks_seconds": (5, 120),
    "transition_ms": (0, 1000),
}
# Device settings that content.yaml's `kiosk:` once held (see kiosk/settings.py).
MOVED_TO_SETTINGS = ("retention_days", "staff_lock_seconds", "hide_cursor")
THEME_FIELDS = tuple(f.name for f in dataclasses.fields(Theme))
SCREEN_OPTIONAL = (
    "paragraphs", "bullets", "illustration", "caption", "references", "items", "sections"
)  # fmt: skip
MAX_SECTIONS = 4
SYNTAX_HINT = "check the indentation, that quotes are closed and that text with ': ' is quoted"
ANCHORS = "YAML anchors and aliases (& and *) are not allowed; write the text out in full"
ID_RE = re.compile(r"[a-z][a-z0-9_]*")
LANGUAGE_RE = re.compile(r"[a-z]{2}(-[A-Z]{2})?")
REGION_RE = re.compile(r"[A-Z]{2}")
COLOUR_RE = re.compile(r"#[0-9A-Fa-f]{6}")
# A web address a phone camera opens: https, a host with a dot, no spaces; at most 300
# characters so its QR code stays small enough to scan from a printed page.
WEB_PAGE_RE = re.compile(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:[0-9]{1,5})?(/[^\s]*)?")
WEB_PAGE_MAX = 300
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")
# Characters YAML refuses; found first so the message can name the line and the character.
CONTROL_RE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = SafeConstructor()
_TYPED_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null")}


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int  # 1-based
    message: str


class ContentError(Exception):
    """Everything wrong with a content file, in line order, shown as `FILE:LINE: message`."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda problem: problem.line)
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "\n".join(f"{p.file}:{p.line}: {p.message}" for p in self.problems)


@dataclass
class _Node:
    """A YAML value and its line: the key's line for a mapping value, else where it starts."""

    value: Any  # str | int | float | bool | None | list[_Node] | dict[str, _Node]
    line: int
    raw: str | None = None  # a scalar as written, before YAML turned `no` into False


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    if close:
        return f"; did you mean `{close[0]}`?"
    return f"; expected one of: {', '.join(choices)}" if 0 < len(choices) <= 8 else ""


def _placeholders(names: Iterable[str]) -> str:
    listed = ", ".join(f"{{{name}}}" for name in sorted(names))
    return f"placeholders {listed}" if listed else "no placeholders"


class _Reader:
    """Checks values while the model is built, collecting every problem with its line.

    Accessors never raise: on a problem they record it and return an empty value, so
    checking carries on and one run reports all mistakes.
    """

    def __init__(self, file: Path) -> None:
        self.file = file
        self.folder = file.resolve().parent
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = ()

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def fail(self, line: int, message: str) -> NoReturn:
        """Stop at a problem that leaves nothing further to check."""
        self.problem(line, message)
        raise ContentError(self.problems)

    def stop_if_problems(self) -> None:
        if self.problems:
            raise ContentError(self.problems)

    def unique(self, seen: dict[str, int], value: str, line: int, what: str) -> None:
        if value in seen:
            self.problem(line, f"{what} `{value}` is used twice (first on line {seen[value]})")
        elif value:
            seen[value] = line

    def block(
        self,
        node: _Node | None,
        name: str,
        required: Mapping[str, str] | Sequence[str] = (),
        optional: Sequence[str] = (),
    ) -> dict[str, _Node]:
        """A `key: value` block, reporting missing keys (with their purpose) and unknown ones."""
        if node is None:
            return {}
        if not isinstance(node.value, dict):
            self.problem(node.line, f"{name} must be a block of `key: value` lines")
            return {}
        purposes = required if isinstance(required, Mapping) else dict.fromkeys(required, "")
        known = [*purposes, *optional]
        for key, item in node.value.items():
            if key not in known:
                self.problem(item.line, f"unknown key `{key}` in {name}{_did_you_mean(key, known)}")
        for key, purpose in purposes.items():
            if key not in node.value:
                self.problem(
                    node.line, f"{name} is missing `{key}`" + (purpose and f" ({purpose})")
                )
        return node.value

    def items(self, node: _Node | None, name: str, limit: int = 0) -> list[_Node]:
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.problem(node.line, f"{name} must be a list, one `- ` line per entry")
            return []
        if limit and len(node.value) > limit:
            self.problem(node.line, f"{name} has {len(node.value)} entries; the limit is {limit}")
        return node.value

    def string(self, node: _Node | None, name: str) -> str:
        """Non-empty text of at most MAX_CHARS; `yes` or `12` count as the text written."""
        if node is None:
            return ""
        if node.raw is None:
            self.problem(node.line, f"{name} must be text, not a list or block")
            return ""
        text = node.value if isinstance(node.value, str) else node.raw
        if node.value is None or not text.strip():
            self.problem(node.line, f"{name} is empty")
            return ""
        if len(text) > MAX_CHARS:
            self.problem(
                node.line, f"{name} is {len(text):,} characters; the limit is {MAX_CHARS:,}"
            )
        return text.strip()

    def asset(self, node: _Node | None, name: str) -> Path:
        """An existing picture inside the content file's folder, as an absolute path."""
        written = self.string(node, name)
        if not written or node is None:
            return Path()
        path = (self.folder / written).resolve()
        if Path(written).is_absolute() or PureWindowsPath(written).drive:
            self.problem(node.line, f"{name} `{written}` must be relative, like `assets/x.svg`")
        elif not path.is_relative_to(self.folder):
            self.problem(node.line, f"{name} `{written}` must stay inside {self.folder}")
        elif Path(written).suffix.lower() not in PICTURE_SUFFIXES:
            self.problem(node.line, f"{name} `{written}` must be an .svg or .png picture")
        elif not _is_file(path):
            self.problem(node.line, f"{name} `{written}` does not exist in {self.folder}")
        return path

    def by_language(self, node: _Node | None, name: str, example: str) -> dict[str, _Node]:
        """One entry per configured language; a plain value gets a hint showing the form."""
        if node is None:
            return {}
        if not isinstance(node.value, dict):
            form = " and ".join(f"`{code}: {example}`" for code in self.languages)
            self.problem(node.line, f"{name} needs one entry per language: {form} lines under it")
            return {}
        for code, item in node.value.items():
            if code not in self.languages:
                hint = _did_you_mean(code, self.languages)
                self.problem(item.line, f"{name} has `{code}` but it is not in `languages`{hint}")
        for code in self.languages:
            if code not in node.value:
                self.problem(node.line, f"{name} is missing the `{code}` text")
        return {code: item for code, item in node.value.items() if code in self.languages}

    def text(self, node: _Node | None, name: str, allowed: set[str] | None = None) -> Text:
        entries = self.by_language(node, name, "…")
        texts = {
            code: self.string(item, f"the `{code}` text of {name}")
            for code, item in entries.items()
        }
        checkable = {code: [text] for code, text in texts.items() if text}
        self.check_placeholders(name, entries, checkable, allowed)
        return Text(MappingProxyType(texts))

    def text_list(self, node: _Node | None, name: str, allowed: set[str] | None = None) -> TextList:
        if node is None:
            return EMPTY_LIST
        entries = self.by_language(node, name, "[…]")
        lists: dict[str, tuple[str, ...]] = {}
        for code, item in entries.items():
            label = f"the `{code}` list of {name}"
            entry_nodes = self.items(item, label, MAX_PER_SCREEN)
            if item.value == []:
                self.problem(item.line, f"{label} is empty; leave out {name} if there is nothing")
            lists[code] = tuple(self.string(n, f"an entry of {label}") for n in entry_nodes)
        self.check_placeholders(name, entries, lists, allowed)
        return TextList(MappingProxyType(lists))

    def check_placeholders(
        self,
        name: str,
        entries: dict[str, _Node],
        texts: Mapping[str, Sequence[str]],
        allowed: set[str] | None,
    ) -> None:
        """Every language uses the default's {placeholders}; ui/form use only `allowed` ones."""
        found: dict[str, set[str]] = {}
        for code, strings in texts.items():
            line, label = entries[code].line, f"the `{code}` text of {name}"
            try:
                names = {
                    f
                    for s in strings
                    for _, f, _, _ in string.Formatter().parse(s)
                    if f is not None
                }
            except ValueError:
                self.problem(
                    line, f"{label} has a lone `{{` or `}}`; write `{{{{` or `}}}}` for a brace"
                )
                continue
            for unknown in sorted(names - allowed if allowed is not None else set()):
                self.problem(
                    line,
                    f"{label} uses the placeholder {{{unknown}}}, which the kiosk does not fill "
                    f"(it fills {_placeholders(allowed or ())})",
                )
            found[code] = names
        default = self.languages[0]
        for code, names in found.items():
            if default in found and names != found[default]:
                self.problem(
                    entries[code].line,
                    f"the `{code}` text of {name} has {_placeholders(names)} but the "
                    f"`{default}` text has {_placeholders(found[default])}; they must match",
                )


def load_content(path: Path | str) -> Content:
    """Read, check and freeze a content file; raises ContentError listing every problem."""
    reader = _Reader(Path(path))
    root = _parse(_read_text(reader), reader)
    content = _content(root, reader)
    reader.stop_if_problems()
    return content


def summary(content: Content) -> str:
    """The one line `python main.py validate` prints for a good file."""
    codes = ", ".join(language.code for language in content.languages)
    pictures = sum(screen.illustration is not None for screen in content.screens)
    counts = (
        _count(len(content.screens), "screen"),
        f"{_count(len(content.languages), 'language')} ({codes})",
        _count(pictures, "illustration"),
        _count(len(content.references), "reference"),
    )
    return f"{content.source.name} OK: {', '.join(counts)}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _read_text(reader: _Reader) -> str:
    """The file as text: small, UTF-8 (a BOM is fine) and free of control characters."""
    try:
        size = reader.file.stat().st_size
        if size > MAX_BYTES:
            reader.fail(1, f"the file is {size:,} bytes; the limit is 1 MB ({MAX_BYTES:,} bytes)")
        data = reader.file.read_bytes().removeprefix(codecs.BOM_UTF8)
    except OSError as error:
        reader.fail(1, f"cannot read the file: {error.strerror}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        reader.fail(line, f"not UTF-8 text (byte 0x{data[error.start]:02X}); save it as UTF-8")
    if bad := CONTROL_RE.search(text):
        line = text.count("\n", 0, bad.start()) + 1
        reader.fail(line, f"invisible control character U+{ord(bad.group()):04X}; delete it")
    return text


def _parse(text: str, reader: _Reader) -> _Node:
    """The YAML tree as _Nodes, after a cheap event scan has refused anything but plain data."""
    try:
        _scan(text, reader)
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        lines = text.splitlines()
        # libyaml puts an error at the end of the stream on the line after the last one.
        line = min(mark.line + 1, len(lines)) if mark and lines else 1
        tab = line <= len(lines) and "\t" in lines[line - 1]
        hint = "indent with spaces, not tabs" if tab else SYNTAX_HINT
        context, start = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and start and start.line + 1 != line:  # e.g. where an open quote began
            hint = f"{context} that starts on line {start.line + 1}; {hint}"
        reader.fail(line, f"YAML cannot read this ({getattr(error, 'problem', error)}): {hint}")
    if root is None:
        reader.fail(1, "the file is empty")
    return _convert(root, reader, root.start_mark.line + 1)


def _scan(text: str, reader: _Reader) -> None:
    """Refuse anchors, aliases, tags and deep nesting from the event stream, which never
    expands aliases, so an alias bomb costs no more than its own few lines."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            reader.fail(line, ANCHORS)
        tag = getattr(event, "tag", None)
        if tag:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            reader.problem(line, f"YAML tags like `{shown}` are not allowed; put text in quotes")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                reader.fail(line, f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    reader.stop_if_problems()


def _convert(node: yaml.Node, reader: _Reader, line: int) -> _Node:
    """Plain values with lines; keys stay as written and a repeated key is a problem."""
    if isinstance(node, yaml.MappingNode):
        entries: dict[str, _Node] = {}
        for key_node, value_node in node.value:
            key, key_line = key_node.value, key_node.start_mark.line + 1
            if not isinstance(key, str):
                reader.problem(key_line, "a key must be a plain name")
            elif key in entries:
                reader.problem(
                    key_line, f"`{key}` appears twice (first on line {entries[key].line})"
                )
            else:
                entries[key] = _convert(value_node, reader, key_line)
        return _Node(entries, line)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_convert(n, reader, n.start_mark.line + 1) for n in node.value], line)
    typed = node.tag in _TYPED_TAGS
    value = _SCALARS.yaml_constructors[node.tag](_SCALARS, node) if typed else node.value
    return _Node(value, line, node.value)


def _content(root: _Node, reader: _Reader) -> Content:
    top = reader.block(
        root,
        "the file",
        required=("version", "languages", "clinic", "theme", "ui", "form", "screens"),
        optional=("kiosk", "references"),
    )
    version = top.get("version")
    if version is not None and (version.value != 1 or isinstance(version.value, bool)):
        reader.problem(version.line, "`version` must be 1 (the only format this kiosk reads)")
    before = len(reader.problems)
    languages = _languages(top.get("languages"), reader)
    if not languages or len(reader.problems) > before:
        reader.stop_if_problems()  # every text is checked against the languages: fix them first
    references = _references(top.get("references"), reader)
    theme = reader.block(top.get("theme"), "`theme`", required=("standard", "high_contrast"))
    clinic = _clinic(top.get("clinic"), reader)
    screen_text = _ScreenText(reader, {"clinic": clinic.name, "phone": clinic.phone})
    return Content(
        source=reader.file.resolve(),
        languages=languages,
        clinic=clinic,
        theme=_theme(theme.get("standard"), "`theme.standard`", reader),
        high_contrast=_theme(theme.get("high_contrast"), "`theme.high_contrast`", reader),
        kiosk=_kiosk(top.get("kiosk"), reader),
        ui=_chrome(top.get("ui"), "ui", REQUIRED_UI, reader),
        form=_chrome(top.get("form"), "form", REQUIRED_FORM, reader),
        screens=_screens(top.get("screens"), [r.id for r in references], screen_text),
        references=references,
    )


def _languages(node: _Node | None, reader: _Reader) -> tuple[Language, ...]:
    languages: list[Language] = []
    seen: dict[str, int] = {}
    for item in reader.items(node, "`languages`"):
        entry = reader.block(item, "a language", required=("code", "name"))
        code = reader.string(entry.get("code"), "`code`")
        name = reader.string(entry.get("name"), "`name`")
        if not code:
            continue
        if not LANGUAGE_RE.fullmatch(code):
            reader.problem(entry["code"].line, f"`{code}` is not a language code like `en` or `es`")
        elif code not in seen:
            languages.append(Language(code, name))
        reader.unique(seen, code, entry["code"].line, "language")
    if node is not None and node.value == []:
        reader.problem(node.line, "`languages` needs at least one language")
    reader.languages = tuple(language.code for language in languages)
    return tuple(languages)


def _is_file(path: Path) -> bool:
    """Path.is_file, but a name too long for the file system is simply not a file."""
    try:
        return path.is_file()
    except OSError:
        return False


def _clinic(node: _Node | None, reader: _Reader) -> Clinic:
    entry = reader.block(
        node, "`clinic`", required=("name", "phone", "phone_region", "logo"),
        optional=("web_page",),
    )  # fmt: skip
    region = reader.string(entry.get("phone_region"), "`phone_region`")
    if region and not REGION_RE.fullmatch(region):
        reader.problem(entry["phone_region"].line, "`phone_region` must be two capitals, like `US`")
    web_page = reader.string(entry.get("web_page"), "`web_page`") if "web_page" in entry else ""
    if web_page and (len(web_page) > WEB_PAGE_MAX or not WEB_PAGE_RE.fullmatch(web_page)):
        reader.problem(
            entry["web_page"].line,
            f"`web_page` must be a web address like https://example.org/patients "
            f"(https, no spaces, at most {WEB_PAGE_MAX} characters), not `{web_page[:60]}`",
        )
        web_page = ""
    return Clinic(
        name=reader.string(entry.get("name"), "`name`"),
        phone=reader.string(entry.get("phone"), "`phone`"),
        phone_region=region,
        logo=reader.asset(entry.get("logo"), "`logo`"),
        web_page=web_page,
    )


def _theme(node: _Node | None, name: str, reader: _Reader) -> Theme:
    entry = reader.block(node, name, required=THEME_FIELDS)
    theme = Theme(**{key: _colour(entry.get(key), key, reader) for key in THEME_FIELDS})
    for foreground, background, minimum in CONTRAST_PAIRS:
        colours = getattr(theme, foreground), getattr(theme, background)
        if all(colours) and (ratio := contrast_ratio(*colours)) < minimum:
            reader.problem(
                entry[foreground].line,
                f"{name}: `{foreground}` on `{background}` has contrast {ratio:.2f}:1; "
                f"it needs at least {minimum}:1 to be easy to read",
            )
    return theme


def _colour(node: _Node | None, key: str, reader: _Reader) -> str:
    if node is not None and node.value is None:
        reader.problem(node.line, f'`{key}` is empty; write colours in quotes, like "#1A5FB4"')
        return ""
    colour = reader.string(node, f"`{key}`")
    if colour and node is not None and not COLOUR_RE.fullmatch(colour):
        reader.problem(node.line, f'`{key}` must be a colour like "#1A5FB4", not `{colour}`')
        return ""
    return colour


def _kiosk(node: _Node | None, reader: _Reader) -> KioskSettings:
    defaults = KioskSettings()
    entry = reader.block(node, "`kiosk`", optional=[*KIOSK_RANGES, *MOVED_TO_SETTINGS])
    for key in MOVED_TO_SETTINGS:
        if key in entry:  # an error, not a silent default: retention is a privacy promise
            reader.problem(
                entry[key].line,
                f"`{key}` is a device setting now: move it to settings.yaml in the kiosk's "
                "data folder (see docs/architecture.md, \"The context\")",
            )
    values: dict[str, Any] = {}
    for key, (low, high) in KIOSK_RANGES.items():
        item, unit = entry.get(key), key.rsplit("_", 1)[1]
        if item is None:
            continue
        if not isinstance(item.value, int) or isinstance(item.value, bool):
            example = getattr(defaults, key)
            reader.problem(item.line, f"`{key}` must be a whole number of {unit}, like {example}")
        elif not low <= item.value <= high:
            reader.problem(
                item.line, f"`{key}` must be {low} to {high} {unit} (it is {item.value})"
            )
        else:
            values[key] = item.value
    settings = dataclasses.replace(defaults, **values)
    warning, timeout = settings.idle_warning_seconds, settings.idle_timeout_seconds
    if warning >= timeout:
        line = (entry.get("idle_warning_seconds") or entry["idle_timeout_seconds"]).line
        reader.problem(
            line,
            f"`idle_warning_seconds` ({warning}) must be less than `idle_timeout_seconds` "
            f"({timeout})",
        )
    return settings


def _chrome(
    node: _Node | None, name: str, required: Mapping[str, str], reader: _Reader
) -> Mapping[str, Text]:
    """The `ui:` or `form:` texts; each may use only the placeholders its purpose names."""
    entry = reader.block(node, f"`{name}`", required=required)
    return MappingProxyType(
        {
            key: reader.text(item, f"`{name}.{key}`", set(PLACEHOLDER_RE.findall(required[key])))
            for key, item in entry.items()
            if key in required
        }
    )


def _references(node: _Node | None, reader: _Reader) -> tuple[Reference, ...]:
    references: list[Reference] = []
    seen: dict[str, int] = {}
    for item in reader.items(node, "`references`"):
        entry = reader.block(item, "a reference", required=("id", "citation"))
        reference_id = reader.string(entry.get("id"), "`id`")
        if reference_id:
            reader.unique(seen, reference_id, entry["id"].line, "reference id")
        references.append(
            Reference(reference_id, reader.string(entry.get("citation"), "`citation`"))
        )
    return tuple(references)


class _ScreenText:
    """Reads a screen's texts, which may use only SCREEN_PLACEHOLDERS, and fills them in.

    Why at load time: every reader of the model (the screens, read-aloud, the readability
    check) then sees the clinic's real name and phone number, and none has to format.
    """

    def __init__(self, reader: _Reader, values: Mapping[str, str]) -> None:
        self.reader = reader
        self.values = values
        self.allowed = set(SCREEN_PLACEHOLDERS)

    def fill(self, text: str) -> str:
        try:
            return text.format_map(self.values)
        except (KeyError, ValueError, IndexError, AttributeError):
            return text  # a bad placeholder is already reported with its line

    def text(self, node: _Node | None, name: str) -> Text:
        found = self.reader.text(node, name, self.allowed)
        filled = {code: self.fill(text) for code, text in found.by_language.items()}
        return Text(MappingProxyType(filled))

    def text_list(self, node: _Node | None, name: str) -> TextList:
        if node is None:
            return EMPTY_LIST
        found = self.reader.text_list(node, name, self.allowed)
        filled = {
            code: tuple(self.fill(text) for text in texts)
            for code, texts in found.by_language.items()
        }
        return TextList(MappingProxyType(filled))


def _screens(
    node: _Node | None, reference_ids: list[str], texts: _ScreenText
) -> tuple[Screen, ...]:
    reader = texts.reader
    nodes = reader.items(node, "`screens`", MAX_SCREENS)
    seen: dict[str, int] = {}
    screens = tuple(_screen(item, seen, reference_ids, texts) for item in nodes)
    if not screens:
        if node is not None and node.value == []:
            reader.problem(node.line, "`screens` needs at least the attract screen")
        return screens
    if (screens[0].id, screens[0].kind) != ("attract", ScreenKind.ATTRACT):
        reader.problem(nodes[0].line, "the first screen must be `id: attract` with `kind: attract`")
    for kind in (ScreenKind.ATTRACT, ScreenKind.SOURCES, ScreenKind.NEXT_STEP):
        lines = [
            item.line for screen, item in zip(screens, nodes, strict=True) if screen.kind is kind
        ]
        if not lines and kind is not ScreenKind.ATTRACT:
            reader.problem(node.line if node else 1, f"there is no `{kind}` screen; add one")
        for line in lines[1:]:
            reader.problem(
                line, f"only one `{kind}` screen is allowed (the first is on line {lines[0]})"
            )
        if kind is ScreenKind.NEXT_STEP and lines and screens[-1].kind is not kind:
            reader.problem(lines[0], "the `next_step` screen must be the last screen")
    return screens


def _screen(
    node: _Node, seen: dict[str, int], reference_ids: list[str], texts: _ScreenText
) -> Screen:
    reader = texts.reader
    entry = reader.block(
        node, "a screen", required=("id", "kind", "title"), optional=SCREEN_OPTIONAL
    )
    screen_id = _identifier(entry.get("id"), "screen id", seen, reader)
    kind_name = reader.string(entry.get("kind"), "`kind`")
    kinds = [str(kind) for kind in ScreenKind]
    if kind_name and kind_name not in kinds:
        hint = _did_you_mean(kind_name, kinds)
        reader.problem(entry["kind"].line, f"unknown screen kind `{kind_name}`{hint}")
    kind = ScreenKind(kind_name) if kind_name in kinds else ScreenKind.INFO
    items = _items(entry.get("items"), texts)
    if kind is ScreenKind.CHECKLIST and not items:
        line = entry["items"].line if "items" in entry else node.line
        reader.problem(line, "a `checklist` screen needs `items` the patient can tick")
    elif kind is not ScreenKind.CHECKLIST and "items" in entry:
        reader.problem(entry["items"].line, "only `checklist` screens can have `items`")
    illustration = entry.get("illustration")
    if illustration is not None and "caption" not in entry:
        reader.problem(
            illustration.line, "an `illustration` needs a `caption` saying what it shows"
        )
    references = _screen_references(entry.get("references"), reference_ids, reader)
    return Screen(
        id=screen_id,
        kind=kind,
        title=texts.text(entry.get("title"), "`title`"),
        paragraphs=texts.text_list(entry.get("paragraphs"), "`paragraphs`"),
        bullets=texts.text_list(entry.get("bullets"), "`bullets`"),
        illustration=reader.asset(illustration, "`illustration`") if illustration else None,
        caption=texts.text(entry["caption"], "`caption`") if "caption" in entry else None,
        references=references,
        items=items,
        sections=_sections(entry.get("sections"), texts),
    )


def _sections(node: _Node | None, texts: _ScreenText) -> tuple[Section, ...]:
    """Sub-headings with their own paragraphs and/or bullets, after the screen's bullets."""
    reader = texts.reader
    sections: list[Section] = []
    for item in reader.items(node, "`sections`", MAX_SECTIONS):
        entry = reader.block(
            item, "a section", required=("heading",), optional=("paragraphs", "bullets")
        )
        if isinstance(item.value, dict) and not {"paragraphs", "bullets"} & entry.keys():
            reader.problem(item.line, "a section needs `paragraphs` or `bullets` under its heading")
        sections.append(
            Section(
                heading=texts.text(entry.get("heading"), "`heading`"),
                paragraphs=texts.text_list(entry.get("paragraphs"), "`paragraphs`"),
                bullets=texts.text_list(entry.get("bullets"), "`bullets`"),
            )
        )
    if node is not None and node.value == []:
        reader.problem(node.line, "`sections` is empty; leave it out if there is nothing")
    return tuple(sections)


def _identifier(node: _Node | None, what: str, seen: dict[str, int], reader: _Reader) -> str:
    """A unique id of lowercase letters, digits and _ (it names widgets and files)."""
    value = reader.string(node, f"`{what}`")
    if value and node is not None:
        if not ID_RE.fullmatch(value):
            reader.problem(node.line, f"{what} `{value}` must be lowercase letters, digits and _")
        reader.unique(seen, value, node.line, what)
    return value


def _items(node: _Node | None, texts: _ScreenText) -> tuple[ChecklistItem, ...]:
    reader = texts.reader
    seen: dict[str, int] = {}
    items: list[ChecklistItem] = []
    for item in reader.items(node, "`items`", MAX_PER_SCREEN):
        entry = reader.block(item, "a checklist item", required=("id", "text"))
        item_id = _identifier(entry.get("id"), "item id", seen, reader)
        items.append(ChecklistItem(item_id, texts.text(entry.get("text"), "`text`")))
    return tuple(items)


def _screen_references(
    node: _Node | None, reference_ids: list[str], reader: _Reader
) -> tuple[str, ...]:
    ids = []
    for item in reader.items(node, "`references`"):
        ref_id = reader.string(item, "a reference id")
        if ref_id and ref_id not in reference_ids:
            hint = _did_you_mean(ref_id, reference_ids)
            reader.problem(item.line, f"reference `{ref_id}` is not in `references`{hint}")
        ids.append(ref_id)
    return tuple(ids)
