# Replaces pyinstaller-hooks-contrib's hook (which collects every phonenumbers submodule,
# 40 MB of it geocoder, carrier and time-zone data the kiosk does not use): parsing and
# formatting need only the region metadata, which phonenumbers imports lazily by name.
from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("phonenumbers.data") + collect_submodules(
    "phonenumbers.shortdata"
)
excludedimports = [
    "phonenumbers.geodata", "phonenumbers.geocoder", "phonenumbers.carrierdata",
    "phonenumbers.carrier", "phonenumbers.tzdata", "phonenumbers.timezone",
]  # fmt: skip
