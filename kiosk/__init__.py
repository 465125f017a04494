"""mild® patient-education kiosk."""

__version__ = "0.1.0"  # the one place: pyproject.toml reads it, and so does `doctor`
