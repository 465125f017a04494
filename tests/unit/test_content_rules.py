"""Safety and honesty rules for the shipped content.yaml, each a check that can fail.

Why: a patient with emergency warning signs must meet them early and never be told to
"call the clinic" for them, and every claim must stay as honest as the sources allow.
The file is read with the real loader, so {clinic} and {phone} are already filled in.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.content.loader import load_content
from kiosk.content.model import Content, Screen

CONTENT = Path(__file__).resolve().parents[2] / "content.yaml"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(CONTENT)


def _blocks(screen: Screen, language: str) -> list[tuple[str, list[str]]]:
    """(heading, lines) for the screen's main part and then each section."""
    main = [*screen.paragraphs.get(language), *screen.bullets.get(language)]
    blocks = [(screen.title.get(language), main)]
    for section in screen.sections:
        lines = [*section.paragraphs.get(language), *section.bullets.get(language)]
        blocks.append((section.heading.get(language), lines))
    return blocks


def _all_text(screen: Screen, language: str) -> str:
    parts = [heading + "\n" + "\n".join(lines) for heading, lines in _blocks(screen, language)]
    parts += [item.text.get(language) for item in screen.items]
    if screen.caption:
        parts.append(screen.caption.get(language))
    return "\n".join(parts)


def _languages(content: Content) -> list[str]:
    return [language.code for language in content.languages]


# --- 1. the warning signs come early ---------------------------------------------------


def test_warning_signs_come_right_after_the_self_check(content: Content) -> None:
    ids = [screen.id for screen in content.screens]
    assert ids.index("urgent") == ids.index("self_check") + 1
    procedure = ("what_is_mild", "how_it_is_done", "opening", "your_day")
    assert all(ids.index("urgent") < ids.index(screen_id) for screen_id in procedure)


# Every cauda equina warning sign, by keywords, per language: a missing language fails.
EMERGENCY_SIGNS: dict[str, dict[str, str]] = {
    "trouble starting urine": {"en": r"start to pass urine", "es": r"empezar a orinar"},
    "cannot stop urine": {"en": r"can't stop it", "es": r"parar la orina"},
    "cannot feel urine": {"en": r"feel urine pass", "es": r"siente cuando sale la orina"},
    "leaking or pads": {"en": r"leak urine.*pads", "es": r"escapa la orina.*pañales"},
    "bowel control": {"en": r"bowel movement.*leak", "es": r"evacuar.*heces"},
    "numb between the legs": {"en": r"between your legs", "es": r"entre las piernas"},
    "inner thighs": {"en": r"inner thighs", "es": r"muslos"},
    "genitals": {"en": r"genitals", "es": r"genitales"},
    "buttocks": {"en": r"buttocks", "es": r"nalgas"},
    "back passage": {"en": r"back passage|anus", "es": r"\bano\b"},
    "feels different wiping": {"en": r"wipe", "es": r"limpiarse"},
    "sexual function": {"en": r"erection", "es": r"erección"},
    "leg weakness": {"en": r"weakness in one or both legs", "es": r"debilidad en una o en las dos"},
    "foot drags": {"en": r"foot that drags", "es": r"pie que se arrastra"},
    "both legs": {"en": r"in both legs", "es": r"en las dos piernas"},
}
EMERGENCY_ACTION: dict[str, list[str]] = {
    "en": [r"emergency department", r"call 911 now", r"front desk", r"do not wait"],
    "es": [r"sala de emergencias", r"llame al 911", r"recepción", r"no espere"],
}
SAME_DAY_SIGNS: dict[str, dict[str, str]] = {
    "fever": {"en": r"fever or chills", "es": r"fiebre o escalofríos"},
    "cancer": {"en": r"cancer", "es": r"cáncer"},
    "weight loss": {"en": r"weight loss without trying", "es": r"bajar de peso sin"},
    "bad fall": {"en": r"bad fall or accident", "es": r"caída fuerte o un accidente"},
    "night pain": {"en": r"worse at night", "es": r"peor de noche"},
}
SAME_DAY_ACTION: dict[str, list[str]] = {
    "en": [r"front desk", r"nurse", r"before you leave"],
    "es": [r"recepción", r"enfermera", r"antes de irse"],
}


@pytest.mark.parametrize("sign", EMERGENCY_SIGNS)
def test_each_emergency_sign_is_on_the_911_list_in_every_language(
    content: Content, sign: str
) -> None:
    urgent = content.screen("urgent")
    for language in _languages(content):
        assert language in EMERGENCY_SIGNS[sign], f"no {language} keywords for {sign!r}"
        _, main = _blocks(urgent, language)[0]
        assert re.search(EMERGENCY_SIGNS[sign][language], "\n".join(main), re.I), (
            f"{sign!r} missing from the {language} 911 list"
        )


def test_the_911_action_is_stated_in_every_language(content: Content) -> None:
    urgent = content.screen("urgent")
    for language in _languages(content):
        _, main = _blocks(urgent, language)[0]
        for phrase in EMERGENCY_ACTION[language]:
            assert re.search(phrase, "\n".join(main), re.I), f"{language}: {phrase!r}"


@pytest.mark.parametrize("sign", SAME_DAY_SIGNS)
def test_each_same_day_sign_is_in_the_calmer_tier(content: Content, sign: str) -> None:
    urgent = content.screen("urgent")
    assert urgent.sections, "the warning signs screen needs its same-day section"
    for language in _languages(content):
        heading, lines = _blocks(urgent, language)[1]
        tier = heading + "\n" + "\n".join(lines)
        assert re.search(SAME_DAY_SIGNS[sign][language], tier, re.I), f"{language}: {sign}"
        for phrase in SAME_DAY_ACTION[language]:
            assert re.search(phrase, tier, re.I), f"{language}: {phrase!r}"
        assert not re.search(r"911", tier), "the same-day tier is the calmer one"


# --- 2. no contradictions after the procedure ------------------------------------------

# After the procedure these mean 911, never "call the clinic".
NOT_FOR_THE_CLINIC = {
    "en": r"weak|bladder|bowel|groin|buttock|inner thigh|between (your|the) legs",
    "es": r"debilidad|vejiga|intestin|entrepierna|nalgas|muslos|entre las piernas",
}
CALL_THE_CLINIC = {"en": r"call the clinic", "es": r"llame a la clínica"}


def test_call_the_clinic_never_covers_an_emergency_sign(content: Content) -> None:
    checked = 0
    for screen in content.screens:
        for language in _languages(content):
            for heading, lines in _blocks(screen, language):
                if not re.search(CALL_THE_CLINIC[language], heading, re.I):
                    continue
                checked += 1
                for line in lines:
                    assert not re.search(NOT_FOR_THE_CLINIC[language], line, re.I), (
                        f"{screen.id} ({language}) sends an emergency sign to the clinic: {line}"
                    )
    assert checked >= len(_languages(content)), "no 'call the clinic' list was found"


def test_after_the_procedure_emergency_signs_are_on_the_911_list(content: Content) -> None:
    screen = content.screen("call_clinic")
    words = {
        "en": [r"weakness", r"bladder", r"bowel", r"groin", r"buttocks", r"inner thighs"],
        "es": [r"debilidad", r"vejiga", r"intestinos", r"entrepierna", r"nalgas", r"muslos"],
    }
    for language in _languages(content):
        _, main = _blocks(screen, language)[0]
        text = "\n".join(main)
        assert re.search(r"911", text)
        for word in words[language]:
            assert re.search(word, text, re.I), f"{language}: {word!r} not on the 911 list"


def test_call_the_clinic_shows_the_phone_number_and_after_hours_advice(
    content: Content,
) -> None:
    screen = content.screen("call_clinic")
    closed = {"en": r"closed", "es": r"cerrada"}
    for language in _languages(content):
        text = _all_text(screen, language)
        assert content.clinic.phone in text
        assert re.search(closed[language], text, re.I), f"{language}: no after-hours advice"


# --- 3. honesty -----------------------------------------------------------------------

# A study figure: "12%", "3.6 points", "302 people" ("puntos" alone can mean stitches).
NUMBERS = re.compile(r"\d+(\.\d+)?\s?(%|points?\b|puntos?\b|people\b|personas\b)", re.I)
FUNDING = {"en": r"\bpaid for\b", "es": r"\bpagó\b"}


def test_funding_is_disclosed_on_every_screen_with_study_numbers(content: Content) -> None:
    with_numbers = 0
    for screen in content.screens:
        for language in _languages(content):
            text = _all_text(screen, language)
            if NUMBERS.search(text):
                with_numbers += 1
                assert re.search(FUNDING[language], text), (
                    f"{screen.id} ({language}) shows study numbers but not who paid"
                )
    assert with_numbers >= 3 * len(_languages(content))


def test_the_studies_are_split_and_scores_explained(content: Content) -> None:
    randomized, long_term = (
        content.screen("studies_randomized"),
        content.screen("studies_long_term"),
    )
    en = _all_text(randomized, "en")
    assert re.search(r"0 to 100 score of how much back pain limits daily life", en)
    assert "No randomized trial has compared" in en
    later = _all_text(long_term, "en")
    assert re.search(r"pain on a 0 to 10 scale", later, re.I)
    assert re.search(r"do not compare two groups", later)
    assert "en una escala de 0 a 100" in _all_text(randomized, "es")
    assert "prueba de caminata cronometrada" in _all_text(randomized, "es")


BANNED = [
    r"fda[- ]approved",
    r"\bproven\b",
    r"drug[- ]free",
    r"without the risks",
    r"fewer risks than",
    r"no study has compared",
    r"trusted",
    r"\btick",
    r"aprobado por la fda",
    r"\bprobad[oa]\b",
    r"menos riesgos que",
    r"confiables",
    r"no sienten nada",
    r"poco común",
    r"casi siempre",
]


def test_no_overclaims_or_review_findings_anywhere(content: Content) -> None:
    texts = [_all_text(screen, lang) for screen in content.screens for lang in _languages(content)]
    for block in (content.ui, content.form):
        texts += [text.get(lang) for text in block.values() for lang in _languages(content)]
    patient_text = "\n".join(texts).lower()
    for pattern in BANNED:
        assert not re.search(pattern, patient_text), f"found {pattern!r}"


def test_risks_screen_is_honest_about_limits(content: Content) -> None:
    en, es = _all_text(content.screen("risks"), "en"), _all_text(content.screen("risks"), "es")
    assert "smaller than open back surgery, but it still has risks" in en
    assert "may not help" in en and "relief may fade" in en
    assert "small studies can miss rare problems" in en
    assert es.count("Raro:") == 3
    assert "no le ayude" in es and "estudios pequeños" in es


def test_good_fit_names_other_choices_the_threshold_and_shared_decision(
    content: Content,
) -> None:
    en = _all_text(content.screen("good_fit"), "en")
    for choice in ("physical therapy", "medicines", "shots", "open surgery", "waiting"):
        assert choice in en
    assert "2.5 mm" in en and "you and your doctor decide together" in en.lower()
    es = _all_text(content.screen("good_fit"), "es")
    assert "2.5 mm" in es and "deciden juntos" in es


def test_mild_is_used_as_an_adjective(content: Content) -> None:
    """In English, mild® is always followed by a noun it describes (or the trademark line)."""
    allowed = {"procedure", "group", "tools", "is"}
    for screen in content.screens:
        for match in re.finditer(r"mild®\W*(\w*)", _all_text(screen, "en")):
            assert match.group(1) in allowed, f"{screen.id}: “{match.group(0)}”"


def test_sources_carry_the_trademark_line(content: Content) -> None:
    sources = content.screen("sources")
    line = {
        "en": "mild® is a registered trademark of Vertos Medical Inc.",
        "es": "marca registrada",
    }
    for language in _languages(content):
        assert line[language] in sources.paragraphs.get(language)[-1]


def test_welcome_screen_does_not_replace_a_doctor(content: Content) -> None:
    attract = content.screens[0]
    phrase = {"en": "does not replace your doctor's advice", "es": "no reemplaza"}
    for language in _languages(content):
        assert phrase[language] in "\n".join(attract.paragraphs.get(language))


def test_fasting_and_driving_are_marked_as_the_clinics_own_rules(content: Content) -> None:
    day = content.screen("your_day")
    for language, own in (("en", "clinic's own"), ("es", "propias de su clínica")):
        (section,) = day.sections
        assert own in section.heading.get(language)
        rules = "\n".join(section.bullets.get(language)).lower()
        assert ("eating" if language == "en" else "comer") in rules
        assert ("drive" if language == "en" else "manejar") in rules
        assert not re.search(r"drive|manejar para", "\n".join(day.bullets.get(language)))


def test_spanish_review_fixes(content: Content) -> None:
    opening = _all_text(content.screen("opening"), "es")
    assert "cuarta parte del ancho" in opening
    something_else = _all_text(content.screen("something_else"), "es")
    assert "anticoagulantes o antiplaquetarios" in something_else
    assert "no tienen molestias" in _all_text(content.screen("stenosis"), "es")
    assert "Por lo general" in _all_text(content.screen("how_it_is_done"), "es")
