"""Throwaway databases on the configured server, for live-server tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import environ
import psycopg2

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/crm"  # same default as settings


def _config(url: str) -> dict[str, Any]:
    return environ.Env.db_url_config(url)


def _connect_admin(url: str) -> Any:
    config = _config(url)
    params = {
        "dbname": "postgres",
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or config.get("OPTIONS", {}).get("host") or None,
        "port": config.get("PORT") or None,
    }
    conn = psycopg2.connect(**{k: v for k, v in params.items() if v})
    conn.autocommit = True
    return conn


def url_for(url: str, name: str) -> str:
    """``url`` with its database name replaced by ``name``."""
    config = _config(url)
    user = quote(config.get("USER") or "postgres")
    password = f":{quote(config['PASSWORD'])}" if config.get("PASSWORD") else ""
    host = config.get("HOST") or ""
    port = f":{config['PORT']}" if config.get("PORT") else ""
    socket_dir = config.get("OPTIONS", {}).get("host")
    query = f"?host={socket_dir}" if socket_dir and not host else ""
    return f"postgres://{user}{password}@{host}{port}/{name}{query}"


@contextlib.contextmanager
def scratch_database(prefix: str, base_url: str | None = None, template: str | None = None) -> Iterator[str]:
    """Create an empty database (or a copy of the database ``template``), yield its URL, drop it (even if
    connections remain). Nobody may be connected to ``template`` meanwhile (PostgreSQL waits 5 s for them)."""
    base_url = base_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = _connect_admin(base_url)
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield url_for(base_url, name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
