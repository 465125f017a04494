"""Everything that imports PySide6 lives under kiosk.ui."""
