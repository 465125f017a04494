"""Everything the running kiosk depends on, built once at start-up and handed down.

`run`, `render`, the benches and the test fixtures all build one `KioskContext` and give it
to the window, which passes it on (to the staff area, to pages that need the store), instead
of threading half a dozen arguments through every constructor. Free of Qt.
See docs/architecture.md ("The context").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content.model import Content
from kiosk.requests.store import RequestStore
from kiosk.requests.stores import open_store
from kiosk.settings import DeviceSettings
from kiosk.staff.audit import AuditLog
from kiosk.usage.store import UsageStore, open_usage_store


@dataclass(frozen=True)
class KioskContext:
    """The content, this device's settings, the store, the audit log, the clock, the paths."""

    content: Content
    settings: DeviceSettings
    data_dir: Path
    store: RequestStore
    audit: AuditLog
    clock: Callable[[], float] = field(default=time.monotonic)
    usage: UsageStore | None = None  # where visits are counted (None: not counted)

    @property
    def idle_timeout_seconds(self) -> float:
        """The device's override, else content.yaml's patient-facing timeout."""
        return self.settings.idle_timeout_seconds or self.content.kiosk.idle_timeout_seconds


def store_for(settings: DeviceSettings, data_dir: Path) -> RequestStore:
    """The request store the settings name, else the data folder's own file, through the one
    store factory (StoreError when it cannot be opened). `--store` reaches here by replacing
    the settings' `store_url`, so the flag wins. With a `public_key` every request is sealed
    to it before it is stored (SealingKeyError when the key file is unusable: checked
    before the store opens, so a kiosk never runs unsealed by mistake)."""
    sealer = None
    if settings.public_key:
        from kiosk.sealing.keys import load_public_key
        from kiosk.sealing.seal import Sealer

        sealer = Sealer(load_public_key(Path(settings.public_key)))
    store = open_store(settings.store_url or data_dir)
    store.sealer = sealer
    return store


def build_context(
    content: Content,
    data_dir: Path,
    settings: DeviceSettings | None = None,
    *,
    store: RequestStore | None = None,
    count_usage: bool = True,
) -> KioskContext:
    """One context; `store` replaces the settings' store (tests wrap the real one in a spy).
    The usage counters live in the same SQLite file as the requests (opened at first use)."""
    settings = settings or DeviceSettings()
    store = store if store is not None else store_for(settings, data_dir)
    return KioskContext(
        content=content,
        settings=settings,
        data_dir=data_dir,
        store=store,
        audit=AuditLog(data_dir),
        usage=open_usage_store(settings.store_url or data_dir) if count_usage else None,
    )
