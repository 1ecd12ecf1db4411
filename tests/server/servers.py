"""Real servers for the tests, on 127.0.0.1 with their files in a temp dir: `distill serve`
(gunicorn), and Debian's redis-server, PostgreSQL and nginx for the scale-out test. Each
`start_*` returns an object with .stop(); nothing outlives the test session."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from support import free_port

DISTILL = str(Path(sys.executable).with_name("distill"))


def wait_for(check, timeout: float, what: str, proc: subprocess.Popen | None = None,
             output: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            if output is not None:
                out = output.read_text(errors="replace")
            else:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            raise RuntimeError(f"{what} exited: {out[-2000:]}")
        try:
            if check():
                return
        except (requests.ConnectionError, OSError, subprocess.CalledProcessError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start in {timeout} s")


class Distill:
    def __init__(self, env: dict[str, str], workers: int = 2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, DISTILL_WORKERS=str(workers), DISTILL_LOG_LEVEL="INFO", **env)
        # The log goes to a file, not a pipe: nobody reads a pipe until stop(), and once its 64 KB
        # were full (about 200 logged requests) every worker blocked writing its next log line.
        self.output = Path(tempfile.mkstemp(prefix="distill-serve-", suffix=".log")[1])
        with self.output.open("wb") as log:
            self.proc = subprocess.Popen([DISTILL, "serve", "--port", str(self.port)], env=self.env,
                                         stdout=log, stderr=subprocess.STDOUT)
        wait_for(lambda: requests.get(f"{self.base}/api/v1/ready", timeout=2).status_code == 200,
                 120, "distill serve", self.proc, self.output)

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([DISTILL, *args], env=self.env, capture_output=True, timeout=60)

    def worker_pids(self) -> list[int]:
        return [int(line.split()[0]) for line in self.worker_states().splitlines() if line.strip()]

    def worker_states(self) -> str:
        """The master's children, a "PID STATE" line each (a killed worker not yet reaped is Z)."""
        out = subprocess.run(["ps", "-o", "pid=,stat=", "--ppid", str(self.proc.pid)],
                             capture_output=True, text=True)
        return out.stdout

    def stop(self) -> str:
        """Stop the server (a no-op when it has stopped) and return its whole log."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self.output.exists():
            return ""
        out = self.output.read_text(errors="replace")
        self.output.unlink()
        return out


class Redis:
    def __init__(self, tmp: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = subprocess.Popen(
            [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        import redis

        wait_for(lambda: redis.Redis(port=self.port).ping(), 20, "redis-server", self.proc)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _pg_bin(name: str) -> str:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for d in versions:
        if (d / name).exists():
            return str(d / name)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (scripts/test installs it)")
    return found


class Postgres:
    """A throwaway cluster. initdb refuses to run as root, so as root it runs as 'postgres'."""

    def __init__(self):
        # its own directory: pytest's tmp dirs are root-only, and 'postgres' must reach this one
        tmp = self.tmp = Path(tempfile.mkdtemp(prefix="distill-pg-"))
        self.port = free_port()
        self.dir = tmp / "pgdata"
        self.sock = tmp / "pgsock"
        self.sock.mkdir()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(tmp, "postgres")
            shutil.chown(self.sock, "postgres")
        subprocess.run([*self.as_user, _pg_bin("initdb"), "-D", str(self.dir), "-U", "distill",
                        "--auth=trust", "-E", "UTF8"], check=True, capture_output=True, timeout=120)
        self.start()
        subprocess.run([*self.as_user, _pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                        "-U", "distill", "distill"], check=True, capture_output=True, timeout=30)
        self.url = f"postgresql://distill@127.0.0.1:{self.port}/distill"

    def start(self) -> None:
        subprocess.run([*self.as_user, _pg_bin("pg_ctl"), "-D", str(self.dir), "-w", "-l",
                        str(self.tmp / "pg.log"), "-o",
                        f"-p {self.port} -k {self.sock} -c listen_addresses=127.0.0.1 -c fsync=off",
                        "start"], check=True, capture_output=True, timeout=60)

    def halt(self) -> None:
        """Stop the server as a crash would (its files stay: start() brings it back)."""
        subprocess.run([*self.as_user, _pg_bin("pg_ctl"), "-D", str(self.dir), "-m", "immediate",
                        "stop"], capture_output=True, timeout=60)

    def stop(self) -> None:
        self.halt()
        shutil.rmtree(self.tmp, ignore_errors=True)


class Nginx:
    """A reverse proxy in front of several servers, round-robin, as docs/deploy.md sets it up."""

    def __init__(self, tmp: Path, upstreams: list[str]):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.prefix = tmp / "nginx"
        (self.prefix / "logs").mkdir(parents=True)
        servers = "\n".join(f"        server {u};" for u in upstreams)
        user = "user root;" if os.geteuid() == 0 else ""
        conf = f"""{user}
worker_processes 1;
error_log {self.prefix}/logs/error.log;
pid {self.prefix}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {self.prefix}/body;
    proxy_temp_path {self.prefix}/proxy;
    fastcgi_temp_path {self.prefix}/fastcgi;
    uwsgi_temp_path {self.prefix}/uwsgi;
    scgi_temp_path {self.prefix}/scgi;
    upstream distill {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{self.port};
        client_max_body_size 6m;
        location / {{
            proxy_pass http://distill;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-Id $request_id;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""
        (self.prefix / "nginx.conf").write_text(conf)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.proc = subprocess.Popen([nginx, "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"),
                                      "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        wait_for(lambda: requests.get(f"{self.base}/api/v1/health", timeout=2).status_code == 200,
                 20, "nginx", self.proc)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
