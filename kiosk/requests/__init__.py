"""Consultation requests: validation, storage, export (Qt-free)."""
