"""Walk the running kiosk's accessibility tree as Orca sees it (AT-SPI, through pyatspi).

Run by the system's python3 (pyatspi comes from the distribution, not from PyPI) inside a
private D-Bus session with its own AT-SPI bus; tests/ui/test_atspi.py starts all that. It
waits for the application named `mild-kiosk`, then for each step prints one JSON line: the
step's name and every showing object as [role, name, description], in tree order. Between
steps it presses a button by its accessible name, as a screen-reader user does.
"""

import json
import sys
import time

import pyatspi

STEPS = [
    ("welcome", None),
    ("info", ["Touch here to start", "Toque aquí para empezar"]),
    ("warning_signs", ["Ask for a consultation"]),
    ("form", ["Continue to the form"]),
    ("form_errors", ["Send my request"]),  # nothing filled in: each error appears
]


def find_app(timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            if app is not None and app.name == "mild-kiosk":
                return app
        time.sleep(0.2)
    return None


def showing(node, out, depth=0):
    if node is None or depth > 60:
        return
    try:
        states = node.getState()
        if not states.contains(pyatspi.STATE_SHOWING):
            return
        out.append([node.getRoleName(), node.name or "", node.description or ""])
        for index in range(node.childCount):
            showing(node.getChildAtIndex(index), out, depth + 1)
    except Exception as problem:  # a node that went away while walking
        out.append(["(gone)", str(problem)[:80], ""])


def press(app, names):
    found = []

    def look(node, depth=0):
        if node is None or depth > 60 or found:
            return
        if (
            node.getRoleName() == "push button"
            and node.name in names
            and node.getState().contains(pyatspi.STATE_SHOWING)
        ):
            found.append(node)
            return
        for index in range(node.childCount):
            look(node.getChildAtIndex(index), depth + 1)

    look(app)
    if not found:
        return False
    action = found[0].queryAction()
    action.doAction(0)
    return True


def main():
    app = find_app(float(sys.argv[1]) if len(sys.argv) > 1 else 30)
    if app is None:
        print(json.dumps({"error": "no application named mild-kiosk on the accessibility bus"}))
        return 1
    for step, names in STEPS:
        if names and not press(app, names):
            print(json.dumps({"error": f"no showing button named {names[0]!r} for {step}"}))
            return 1
        time.sleep(1.0)  # the page slides in; the tree follows the widgets
        nodes = []
        showing(app, nodes)
        print(json.dumps({"step": step, "nodes": nodes}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
