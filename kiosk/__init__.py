"""mild® patient-education kiosk."""
