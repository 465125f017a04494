"""Read aloud: what the Listen button says, in which language, and what happens when the
engine is missing, has no voice for the language, or never finishes."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt

from kiosk.session import FORM
from kiosk.ui.speech import VOLUMES, Reader, speaking_time_ms, speech_text
from tests.support.speech import BilingualMock, stuck_reader

LOG = "kiosk.ui.speech"
SERVICES_CLOSED_TOGETHER = 8


def expected_script(content, screen_id: str, language: str) -> str:
    """The screen's words straight from content.yaml, in the order the brief asks."""
    screen = content.screen(screen_id)
    parts = [
        screen.title.get(language),
        *screen.paragraphs.get(language),
        *screen.bullets.get(language),
        *(
            part
            for section in screen.sections
            for part in (
                section.heading.get(language),
                *section.paragraphs.get(language),
                *section.bullets.get(language),
            )
        ),
        *(item.text.get(language) for item in screen.items),
        screen.caption.get(language) if screen.caption else "",
    ]
    return speech_text(parts)


def tap(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_listen_reads_the_screen_in_its_language(make_window, content, qtbot):
    """Listening mode says what it does, then the screen's own text, in English; after the
    language button the same screen again in Spanish with a Spanish voice."""
    BilingualMock.said.clear()
    window = make_window()
    window.show_page("self_check")  # title, paragraphs, tick-box items and a caption
    tap(qtbot, window.listen_button)
    qtbot.waitUntil(lambda: len(BilingualMock.said) == 1, timeout=2000)
    locale, text, _volume = BilingualMock.said[-1]
    assert locale.startswith("en_")
    on = content.ui_text("listening_on", "en")
    assert text == speech_text([on, expected_script(content, "self_check", "en")])
    assert window.listen_button.text() == content.ui_text("stop_listening", "en")
    assert window.listen_button.isChecked()

    tap(qtbot, window.language_button)  # the half-read English stops; Spanish starts
    qtbot.waitUntil(lambda: len(BilingualMock.said) == 2, timeout=2000)
    assert BilingualMock.said[-1][:2] == ("es_ES", expected_script(content, "self_check", "es"))
    assert window.listen_button.text() == content.ui_text("stop_listening", "es")


def test_the_warning_signs_are_read_with_their_same_day_tier(make_window, content, qtbot):
    """Read aloud covers the 911 list and then the calmer section below it, in order."""
    window = make_window()
    window.show_page("urgent")
    spoken = window.pages["urgent"].spoken_text()
    assert spoken == expected_script(content, "urgent", "en")
    heading = content.screen("urgent").sections[0].heading.get("en")
    assert spoken.index("911") < spoken.index(heading)


def test_the_form_and_thanks_read_their_own_words(make_window, content, qtbot):
    window = make_window()
    window.show_page(FORM)
    form = content.form_text
    urgent_note = content.ui_text("urgent_note", "en")
    assert window.form.spoken_text() == speech_text(
        [form("title", "en"), urgent_note, form("intro", "en")]
    )  # the warning-signs note is read before the fields, as it is seen
    window.thanks.show_reference("K7Q4M2", 60)
    spoken = window.thanks.spoken_text()
    assert spoken.startswith(form("thanks_title", "en")) and content.clinic.phone in spoken
    take_home = window.thanks.take_home.spoken_text()  # the QR code's address, last
    assert spoken.endswith(speech_text([urgent_note]) + "\n" + take_home)
    assert "K7Q4M2" not in spoken  # the code stays on screen, not said aloud in the lobby


def test_tapping_again_stops_and_a_third_tap_reads_again(make_window, content, qtbot):
    BilingualMock.said.clear()
    window = make_window()
    window.go_next()
    tap(qtbot, window.listen_button)
    assert window.reader.is_speaking() and window.session.listening
    tap(qtbot, window.listen_button)  # off: the screen stops, "off" is said
    assert not window.session.listening
    qtbot.waitUntil(lambda: len(BilingualMock.said) == 2, timeout=2000)
    assert BilingualMock.said[-1][1] == content.ui_text("listening_off", "en")
    tap(qtbot, window.listen_button)
    assert window.reader.is_speaking() and window.session.listening


def test_the_tile_shows_the_mode_not_the_voice(make_window, content, qtbot):
    """A short text finishing does not turn the mode off: the tile says Stop until tapped."""
    window = make_window()
    window.go_next()
    tap(qtbot, window.listen_button)
    done = window.reader.speaking_changed
    with qtbot.waitSignal(done, timeout=3000, check_params_cb=lambda speaking: not speaking):
        window.reader.speak("Hola.", "es")  # the mock says one word in ~0.1 s
    assert window.listen_button.text() == content.ui_text("stop_listening", "en")
    tap(qtbot, window.listen_button)
    assert window.listen_button.text() == content.ui_text("listen", "en")


def test_a_new_page_is_read_and_start_over_ends_the_mode(make_window, content, qtbot):
    BilingualMock.said.clear()
    window = make_window()
    window.go_next()
    tap(qtbot, window.listen_button)
    tap(qtbot, window.next_button)
    second = content.screens[2].id
    qtbot.waitUntil(lambda: len(BilingualMock.said) == 2, timeout=2000)
    assert BilingualMock.said[-1][1] == expected_script(content, second, "en")
    window.start_over()
    assert not window.reader.is_speaking()
    assert not window.session.listening and not window.listen_button.isChecked()


def test_volume_cycles_reaches_the_engine_and_resets(make_window, content, qtbot):
    BilingualMock.said.clear()
    window = make_window()
    window.go_next()
    assert window.volume_button.accessibleDescription() == content.ui_text(
        "volume_state", "en", level=2, count=3
    )
    tap(qtbot, window.volume_button)
    assert window.session.volume_level == 2
    tap(qtbot, window.listen_button)
    qtbot.waitUntil(lambda: len(BilingualMock.said) == 1, timeout=2000)
    assert BilingualMock.said[-1][2] == VOLUMES[2]
    window.start_over()
    assert window.session.volume_level == 1


def test_an_engine_that_never_finishes_is_timed_out(make_window, content, qtbot, caplog):
    """Like speech-dispatcher without a sound card: reading ends after the deadline and
    the engine is started afresh (Listen hides meanwhile, then comes back, still on)."""
    reader = stuck_reader()
    reader.timeout_ms = lambda _text: 100
    window = make_window(reader=reader)
    window.go_next()
    tap(qtbot, window.listen_button)
    assert window.listen_button.text() == content.ui_text("stop_listening", "en")
    with caplog.at_level(logging.WARNING, logger=LOG):
        qtbot.waitUntil(lambda: not reader.is_speaking(), timeout=3000)
    assert window.listen_button.text() == content.ui_text("stop_listening", "en")  # still on
    qtbot.waitUntil(window.listen_button.isVisible, timeout=3000)
    assert "did not finish in time" in caplog.text


def test_the_deadline_grows_with_the_text():
    """Twice the time at 150 words a minute, plus 5 s."""
    assert speaking_time_ms("") == 5000
    assert speaking_time_ms("word " * 150) == 125_000


def test_no_engine_hides_listen_and_says_so_once(make_window, qtbot, caplog):
    with caplog.at_level(logging.WARNING, logger=LOG):
        window = make_window(reader=Reader("no-such-engine"))
        window.next_language()
        window.next_language()
    assert not window.listen_button.isVisibleTo(window)
    assert not window.volume_button.isVisibleTo(window)
    assert window.text_size_button.isVisibleTo(window)
    assert caplog.text.count("read aloud is off\n") == 1


def test_no_voice_for_the_language_hides_listen_in_that_language(make_window, qtbot, caplog):
    """Qt's own mock engine has English voices but no Spanish one."""
    with caplog.at_level(logging.WARNING, logger=LOG):
        window = make_window(reader=Reader("mock"))
        assert window.listen_button.isVisibleTo(window)
        window.next_language()
        assert not window.listen_button.isVisibleTo(window)
        window.next_language()
        window.next_language()
    assert window.listen_button.isHidden()
    assert caplog.text.count("no voice for it is installed") == 1


def test_the_speech_service_reads_in_its_own_process(qtbot):
    """Real engines run in `main.py speech-service`; a stuck one is killed and restarted."""
    reader = Reader("mock", isolated=True)
    try:
        qtbot.waitUntil(reader.is_settled, timeout=15000)
        assert reader.can_speak("en") and not reader.can_speak("es")
        finished = {"check_params_cb": lambda speaking: not speaking, "timeout": 5000}
        with qtbot.waitSignal(reader.speaking_changed, **finished):
            reader.speak("Hello there.", "en")
        reader.timeout_ms = lambda _text: 50
        reader.speak("A long text that the mock engine reads word by word. " * 20, "en")
        qtbot.waitUntil(lambda: not reader.is_settled(), timeout=3000)  # killed
        qtbot.waitUntil(reader.is_settled, timeout=15000)  # and started afresh
        assert reader.can_speak("en")
    finally:
        reader.shutdown()


def test_the_speech_service_leaves_when_the_kiosk_is_gone():
    """A kiosk that dies closes the service's stdin: the service ends cleanly, never an
    orphan. Several at once, all told together: exiting while the input reader was still
    inside its last signal crashed about 1 service in 50 on a busy machine."""
    import subprocess
    import sys

    from kiosk.paths import bundle_root

    command = [sys.executable, "main.py", "speech-service", "--engine", "mock"]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "text": True}
    services = [
        subprocess.Popen(command, cwd=bundle_root(), **pipes)
        for _ in range(SERVICES_CLOSED_TOGETHER)
    ]
    try:
        for service in services:
            assert '"ready"' in service.stdout.readline()
        for service in services:
            service.stdin.close()
        assert [service.wait(timeout=20) for service in services] == [0] * len(services)
    finally:
        for service in services:
            service.kill()
            service.wait()


def test_the_speech_service_dies_with_a_killed_kiosk_even_with_its_input_open(qtbot):
    """SIGKILL of the kiosk: the kernel ends the service (Linux), although its standard
    input (here shared with a process that stays) never closes."""
    import os
    import signal
    import subprocess
    import sys

    import pytest

    from kiosk.paths import bundle_root

    if not sys.platform.startswith("linux"):
        pytest.skip("the parent-death signal is Linux's")
    kiosk = (
        "import subprocess, sys\n"
        "service = subprocess.Popen([sys.executable, 'main.py', 'speech-service', '--engine',"
        " 'mock'], stdout=subprocess.PIPE, text=True)\n"
        "print(service.pid, service.stdout.readline().strip(), flush=True)\n"
        "sys.stdin.read()\n"  # a kiosk at work until it is killed
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", kiosk], cwd=bundle_root(),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        pid, ready = parent.stdout.readline().split(" ", 1)
        assert '"ready"' in ready
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)

        def gone() -> bool:
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                return True
            with open(f"/proc/{pid}/stat") as stat:  # a zombie waiting for its reaper
                return stat.read().rsplit(")", 1)[1].split()[0] == "Z"

        qtbot.waitUntil(gone, timeout=10000)
    finally:
        parent.kill()
        parent.stdin.close()
        parent.wait()
