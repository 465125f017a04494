"""The front-desk station (`python main.py desk`): kiosk/ui/desk/window.py."""
