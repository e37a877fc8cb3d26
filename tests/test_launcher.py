"""The launcher stops the embedded PostgreSQL it started, however it ends (real processes, bounded waits).

Each test runs ``python -m saas.launcher`` on its own data directory (``CRM_DATA_DIR``), so
the PostgreSQL started here is not the one this test run uses.
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
# The command the launcher runs: says its pid once the database is up, then waits to be stopped.
WAITING = "import os, time; print('ready', os.getpid(), flush=True); time.sleep(300)"
WAITING_COMMAND = ["exec", sys.executable, "-c", WAITING]
QUICK_COMMAND = ["exec", sys.executable, "-c", "print('ready', flush=True)"]


class Launcher:
    def __init__(self, data_dir: Path, args: list[str], env: dict[str, str] | None = None) -> None:
        environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        environment |= {"CRM_DATA_DIR": str(data_dir), **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "saas.launcher", *args],
            cwd=BASE_DIR,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.output = ""
        self.seen = 0  # characters of output already looked at

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        """The first output line holding ``text``."""
        assert self.process.stdout is not None
        stdout = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.output[self.seen :].splitlines(keepends=True):
                if line.endswith("\n"):
                    self.seen += len(line)
                    if text in line:
                        return line
            if select.select([stdout], [], [], 0.5)[0]:
                chunk = os.read(stdout, 65536)  # not readline: a buffered reader hides data from select
                if not chunk:
                    break
                self.output += chunk.decode()
        raise AssertionError(f"no {text!r} from the launcher; it wrote:\n{self.output}")

    def finish(self, timeout: float = 60.0) -> int:
        try:
            rest, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        self.output += rest.decode()
        return self.process.returncode

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def eventually(condition: Callable[[], bool], timeout: float = 40.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def exists(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and "zombie" not in _status(pid)


def _status(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return ""


def postmaster(data_dir: Path) -> int | None:
    """The pid of the PostgreSQL server running on the data directory, if any."""
    try:
        pid = int((data_dir / "pg" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pid if exists(pid) else None


def guard_of(launcher_pid: int) -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"guard" in argv and str(launcher_pid).encode() in argv:
                return int(entry.name)
    raise AssertionError(f"launcher {launcher_pid} has no guard process")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("launcher")
    yield path
    if pid := postmaster(path):  # a failed test must not leave a server behind
        os.kill(pid, signal.SIGQUIT)


@pytest.fixture
def launchers(data_dir: Path) -> Iterator[Callable[..., Launcher]]:
    started: list[Launcher] = []

    def launch(args: list[str], env: dict[str, str] | None = None) -> Launcher:
        started.append(Launcher(data_dir, args, env))
        return started[-1]

    yield launch
    for launcher in started:
        launcher.kill()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_stops_the_command_and_postgres(
    data_dir: Path, launchers: Callable[..., Launcher], signum: signal.Signals
) -> None:
    launcher = launchers(WAITING_COMMAND)
    command_pid = int(launcher.wait_for("ready").split()[1])
    server = postmaster(data_dir)
    assert server is not None

    launcher.process.send_signal(signum)

    assert launcher.finish() == 128 + signum
    assert f"stopped by {signum.name}" in launcher.output
    assert not exists(command_pid)
    assert not exists(server), "PostgreSQL still runs after the launcher ended"
    assert json.loads((data_dir / "pg-users.json").read_text()) == []


# Counts the SIGINTs it gets; lingers a second after the first, long enough for a second one to land.
COUNTS_SIGINTS = """
import os, signal, time
received = []
signal.signal(signal.SIGINT, lambda *_: received.append(1))
print('ready', os.getpid(), flush=True)
deadline = time.monotonic() + 60
while not received and time.monotonic() < deadline:
    time.sleep(0.05)
time.sleep(1)
print('sigints', len(received), flush=True)
"""


def test_ctrl_c_in_a_terminal_stops_everything_and_reaches_the_command_once(data_dir: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"CRM_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "saas.launcher", "exec", sys.executable, "-c", COUNTS_SIGINTS]
    pid, terminal = pty.fork()  # the launcher in its own session, this pty its controlling terminal
    if pid == 0:
        os.chdir(BASE_DIR)
        os.execve(sys.executable, command, environment)
    output = b""
    try:
        deadline = time.monotonic() + 60
        while b"ready" not in output and time.monotonic() < deadline:
            if select.select([terminal], [], [], 0.5)[0]:
                output += os.read(terminal, 65536)
        server = postmaster(data_dir)
        assert server is not None, output.decode()

        os.write(terminal, b"\x03")  # Ctrl-C: the terminal signals the whole foreground group

        while time.monotonic() < deadline + 30:
            if select.select([terminal], [], [], 0.5)[0]:
                try:
                    chunk = os.read(terminal, 65536)
                except OSError:  # EIO: every process holding the terminal is gone
                    break
                if not chunk:
                    break
                output += chunk
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(terminal)
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)

    text = output.decode()
    assert "sigints 1" in text, text  # the launcher did not pass on what the terminal already sent
    assert os.waitstatus_to_exitcode(status) == 128 + signal.SIGINT, text
    assert not exists(server)


def test_a_crash_of_the_launcher_stops_postgres(data_dir: Path, launchers: Callable[..., Launcher]) -> None:
    # `make run` whose first step fails: the launcher ends on an exception.
    launcher = launchers(["run"], env={"DJANGO_SETTINGS_MODULE": "saas.no_such_settings", "PORT": "0"})

    assert launcher.finish() == 1
    assert "CalledProcessError" in launcher.output
    assert "no_such_settings" in launcher.output
    assert postmaster(data_dir) is None
    assert not (data_dir / "pg" / "postmaster.pid").exists()


def test_after_a_hard_kill_postgres_stops_and_the_next_run_starts_cleanly(
    data_dir: Path, launchers: Callable[..., Launcher]
) -> None:
    launcher = launchers(WAITING_COMMAND)
    command_pid = int(launcher.wait_for("ready").split()[1])
    server = postmaster(data_dir)
    assert server is not None

    launcher.process.kill()
    launcher.process.wait()

    assert eventually(lambda: not exists(command_pid)), "the command outlived the launcher"
    assert eventually(lambda: not exists(server)), "PostgreSQL outlived the launcher"

    again = launchers(QUICK_COMMAND)
    again.wait_for("ready")
    assert again.finish() == 0, again.output
    assert postmaster(data_dir) is None


def test_a_stale_pid_file_from_an_earlier_run_does_not_keep_postgres_up(
    data_dir: Path, launchers: Callable[..., Launcher]
) -> None:
    # An earlier run killed outright, its guard too (as before guards existed): the server is
    # left running, and both our users file and the wheel's .handle_pids.json name a dead pid.
    earlier = launchers(WAITING_COMMAND)
    earlier.wait_for("ready")
    os.kill(guard_of(earlier.process.pid), signal.SIGKILL)
    earlier.process.kill()
    earlier.process.wait()
    server = postmaster(data_dir)
    assert server is not None
    assert earlier.process.pid in json.loads((data_dir / "pg" / ".handle_pids.json").read_text())
    assert [earlier.process.pid] == [pid for pid, _ in json.loads((data_dir / "pg-users.json").read_text())]

    later = launchers(QUICK_COMMAND)
    later.wait_for("ready")
    assert later.finish() == 0, later.output

    assert eventually(lambda: not exists(server), timeout=10), "the stale pid kept PostgreSQL up"


def test_postgres_runs_until_the_last_launcher_using_it_ends(
    data_dir: Path, launchers: Callable[..., Launcher]
) -> None:
    first = launchers(WAITING_COMMAND)
    first.wait_for("ready")
    server = postmaster(data_dir)

    second = launchers(QUICK_COMMAND)
    second.wait_for("ready")
    assert second.finish() == 0, second.output
    assert server is not None and exists(server), "the second launcher stopped the first one's server"

    first.process.send_signal(signal.SIGTERM)
    assert first.finish() == 128 + signal.SIGTERM
    assert not exists(server)


# pytest without Django or our conftest: what is measured here is the launcher, not the suite's start.
LIGHT_PYTEST = ["-p", "no:django", "--noconftest", "tests/test_launcher.py"]


def launcher_test(*pytest_args: str) -> subprocess.CompletedProcess[str]:
    # DATABASE_URL of this run is inherited: no embedded server is started.
    command = [sys.executable, "-m", "saas.launcher", "test", *LIGHT_PYTEST, *pytest_args]
    return subprocess.run(command, cwd=BASE_DIR, capture_output=True, text=True, timeout=120)


def test_an_empty_test_selection_fails() -> None:
    result = launcher_test("-k", "no_test_has_this_name")

    assert result.returncode == 5
    assert "no tests ran: nothing matched" in result.stderr


def test_a_test_selection_that_matches_runs() -> None:
    result = launcher_test("--collect-only")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "test_an_empty_test_selection_fails" in result.stdout


def test_test_workers_become_xdist_options_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from saas.launcher import parallel_arguments

    monkeypatch.delenv("TEST_WORKERS", raising=False)
    assert parallel_arguments([]) == []
    monkeypatch.setenv("TEST_WORKERS", "1")
    assert parallel_arguments([]) == []
    monkeypatch.setenv("TEST_WORKERS", "2")
    assert parallel_arguments(["tests/customers"]) == ["-n", "2", "--dist", "loadfile", "--no-loadscope-reorder"]
    assert "TEST_WORKERS" not in os.environ  # a launcher run by a test runs in one process
    monkeypatch.setenv("TEST_WORKERS", "2")
    assert parallel_arguments(["-n", "3"]) == []  # the arguments' own choice wins
