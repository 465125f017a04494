"""Sealed requests: personal fields encrypted on the kiosk to the front desk's public key."""
