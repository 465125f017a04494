"""Icons are drawn once per name and colour, whatever form the colour is given in."""

from PySide6.QtGui import QColor

from kiosk.ui.icons import icon


def test_the_same_icon_is_reused_for_string_and_qcolor(qapp):
    first = icon("fa5s.globe", "#1D5C7A")
    assert icon("fa5s.globe", "#1D5C7A") is first
    assert not icon("fa5s.globe", QColor("#1D5C7A")).isNull()
    assert icon("fa5s.globe", "#FFFFFF") is not first
