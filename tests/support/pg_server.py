"""A throwaway PostgreSQL server for tests and benches: initdb + pg_ctl on a temporary
Unix-socket folder, no TCP port, stopped and deleted afterwards.

initdb refuses to run as root, so as root the server runs as the `postgres` system user
(`runuser -u postgres --`) in folders that user may enter. Logins: the superuser `postgres`
(trusted on the socket, for set-up only), and the two roles of docs/deploy.md with
passwords (scram-sha-256): `mild_desk` owns each test database, `mild_kiosk` may only
insert.

    server = PgServer.start(Path("/tmp/x"));  url = server.new_database()
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from itertools import count
from pathlib import Path

BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
DESK, DESK_PASSWORD = "mild_desk", "desk-password-for-tests"
KIOSK, KIOSK_PASSWORD = "mild_kiosk", "kiosk-password-for-tests"
_names = count(1)


def binaries() -> Path | None:
    """The newest server's bin folder with initdb and pg_ctl, or None."""
    for folder in BIN_DIRS:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and shutil.which("initdb") else None


def _as_server_user() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@dataclass
class PgServer:
    bin_dir: Path
    root: Path  # data/ and the socket live here
    port: int

    @property
    def socket_dir(self) -> Path:
        return self.root

    @classmethod
    def start(cls, bin_dir: Path, port: int = 5433) -> PgServer:
        root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        root.chmod(0o777)  # the server's own user writes its socket here (a private tmp)
        data = root / "data"
        user = _as_server_user()
        subprocess.run(
            [*user, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
             "--no-sync", "-E", "UTF8", "--locale=C"],
            check=True, capture_output=True,
        )  # fmt: skip
        hba = data / "pg_hba.conf"
        hba_text = (
            "local all postgres trust\n"
            "local all all scram-sha-256\n"
        )
        subprocess.run([*user, "sh", "-c", f"cat > {hba}"], input=hba_text.encode(), check=True)
        server = cls(bin_dir, root, port)
        server.pg_ctl("start")
        server.psql(
            f"CREATE ROLE {DESK} LOGIN PASSWORD '{DESK_PASSWORD}';"
            f"CREATE ROLE {KIOSK} LOGIN PASSWORD '{KIOSK_PASSWORD}';"
        )
        return server

    def pg_ctl(self, action: str, check: bool = True) -> None:
        """start (waits until it accepts connections) or stop (fast: no waiting on clients)."""
        options = (
            f"-k {self.root} -p {self.port} -c listen_addresses='' -c fsync=on"
            " -c max_connections=60 -c shared_buffers=16MB"
        )
        command = [*_as_server_user(), str(self.bin_dir / "pg_ctl"), "-D", str(self.root / "data"),
                   "-w", "-l", str(self.root / "server.log")]  # fmt: skip
        if action == "start":
            command += ["-o", options, "start"]
        else:
            command += ["-m", "fast", "stop"]
        subprocess.run(command, check=check, capture_output=True)

    def url(self, user: str, database: str) -> str:
        return f"postgresql://{user}@/{database}?host={self.root}&port={self.port}"

    def psql(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.root), port=self.port, user="postgres", dbname=database,
            autocommit=True,
        ) as conn:  # fmt: skip
            conn.execute(sql)

    def new_database(self) -> str:
        """A fresh database owned by the desk role; returns its name."""
        name = f"kiosk_test_{os.getpid()}_{next(_names)}"
        self.psql(f"CREATE DATABASE {name} OWNER {DESK}")
        return name

    def stop_and_remove(self) -> None:
        try:
            self.pg_ctl("stop", check=False)  # a test may have stopped it already
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
