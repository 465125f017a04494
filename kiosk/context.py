"""Everything the running kiosk depends on, built once at start-up and handed down.

`run`, `render`, the benches and the test fixtures all build one `KioskContext` and give it
to the window, which passes it on (to the staff area, to pages that need the store), instead
of threading half a dozen arguments through every constructor. Free of Qt.
See docs/architecture.md ("The context").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiosk.content.model import Content
from kiosk.requests.forwarding import Forwarder
from kiosk.requests.store import DB_NAME, RequestStore
from kiosk.requests.stores import is_postgres, open_store
from kiosk.settings import DeviceSettings
from kiosk.staff.audit import AuditLog
from kiosk.staff.shared_audit import ForwardedAuditLog, PgAuditLog
from kiosk.usage.store import UsageSource, UsageStore, open_usage_store


@dataclass(frozen=True)
class KioskContext:
    """The content, this device's settings, the store, the audit log, the clock, the paths."""

    content: Content
    settings: DeviceSettings
    data_dir: Path
    store: RequestStore
    audit: AuditLog | PgAuditLog
    clock: Callable[[], float] = field(default=time.monotonic)
    # With a PostgreSQL store: sends the local file's requests on (kiosk/requests/forwarding.py).
    forwarder: Forwarder | None = None
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
    if is_postgres(settings.store_url):  # the patient's request is saved here first, always
        settings = replace(settings, store_url="")
    if settings.public_key:
        from kiosk.sealing.keys import load_public_key
        from kiosk.sealing.seal import Sealer

        sealer = Sealer(load_public_key(Path(settings.public_key)))
    store = open_store(settings.store_url or data_dir)
    store.sealer = sealer
    store.kiosk_name = settings.kiosk_name
    return store


def forwarder_for(settings: DeviceSettings, data_dir: Path) -> Forwarder | None:
    """With a PostgreSQL store URL: a started forwarder from this kiosk's own file to the
    server (the kiosk thanks the patient after the local commit; the server gets it after),
    else None."""
    if not is_postgres(settings.store_url):
        return None
    forwarder = Forwarder(
        data_dir / DB_NAME, settings.store_url, settings.store_password,
        kiosk=settings.kiosk_name, keep_forwarded=settings.keep_forwarded,
    )  # fmt: skip
    forwarder.start()
    return forwarder


def audit_for(
    settings: DeviceSettings, data_dir: Path, store: object = None
) -> AuditLog | PgAuditLog:
    """Where staff actions are recorded. A front desk on the PostgreSQL store (`store` a
    PostgresRequestStore) writes to the server's shared audit table; a kiosk forwarding to
    it keeps its audit.log and queues each entry for the same table; else the audit.log."""
    url = getattr(store, "url", "")
    if is_postgres(url):
        return PgAuditLog(
            url, settings.store_password, station=settings.kiosk_name or "front desk"
        )
    if is_postgres(settings.store_url):
        return ForwardedAuditLog(data_dir)
    return AuditLog(data_dir)


def usage_for(settings: DeviceSettings, data_dir: Path) -> UsageStore:
    """The usage counters: beside the requests in the kiosk's own SQLite file (with a
    PostgreSQL store that is still the data folder's file, where requests are saved first)."""
    url = "" if is_postgres(settings.store_url) else settings.store_url
    return open_usage_store(url or data_dir)


def usage_source_for(context: KioskContext) -> UsageSource | None:
    """What a front desk's Usage page reads: on the PostgreSQL server, every kiosk's
    counters (their forwarders send them); on a SQLite store, that file's counters."""
    url = getattr(context.store, "url", "")
    if is_postgres(url):
        from kiosk.usage.pg_source import PgUsageSource

        return PgUsageSource(url, context.settings.store_password)
    return context.usage


def build_context(
    content: Content,
    data_dir: Path,
    settings: DeviceSettings | None = None,
    *,
    store: RequestStore | None = None,
    count_usage: bool = True,
) -> KioskContext:
    """One context; `store` replaces the settings' store (tests wrap the real one in a spy;
    a front desk passes its PostgresRequestStore, and gets the shared audit table). The usage
    counters live in the kiosk's own SQLite file (opened at first use)."""
    settings = settings or DeviceSettings()
    return KioskContext(
        content=content,
        settings=settings,
        data_dir=data_dir,
        store=store if store is not None else store_for(settings, data_dir),
        audit=audit_for(settings, data_dir, store),
        # Only a kiosk's own file is forwarded: a front desk passes its server store.
        forwarder=forwarder_for(settings, data_dir) if store is None else None,
        usage=usage_for(settings, data_dir) if count_usage else None,
    )
