"""Debian's Apache and nginx on a free 127.0.0.1 port, each with its own config in a temp dir.

Nothing is installed and nothing outside the temp dir is written (pid, logs, temp files all
live there); each server is stopped by its process. Without the binary the test skips and
says how to install it, unless ``$SEKOM_KG_REQUIRE_WEBSERVERS`` is 1 (then it fails)::

    with running_apache(docroot, workdir) as server:
        server.url("/index.html")
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from oxigraph_server import free_port

REQUIRE_ENV = "SEKOM_KG_REQUIRE_WEBSERVERS"
APACHE = Path("/usr/sbin/apache2")
NGINX = Path("/usr/sbin/nginx")
APACHE_MODULES = Path("/usr/lib/apache2/modules")
READY_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 15.0


def require_binary(binary: Path, package: str) -> Path:
    """``binary``, or skip the test (a failure when $SEKOM_KG_REQUIRE_WEBSERVERS is 1)."""
    if binary.is_file() and os.access(binary, os.X_OK):
        return binary
    reason = f"{binary} is missing: install it with `sudo apt-get install {package}` (Debian)"
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason}; ${REQUIRE_ENV}=1 makes this a failure")
    pytest.skip(reason)


@dataclass(frozen=True)
class WebServer:
    """A running server: its name, port, process and log file."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _worker_user() -> tuple[str, str] | None:
    """As root, the workers run as nobody (Apache refuses root); else as the current user."""
    return ("nobody", "nogroup") if os.geteuid() == 0 else None


def readable(root: Path) -> None:
    """Let the worker user read ``root`` (folders 0755, files 0644), up from the temp dir."""
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def _wait_until_listening(server: WebServer) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    log = server.log.read_text(errors="replace") if server.log.exists() else ""
    pytest.fail(f"{server.name} did not start on port {server.port}: {log[-2000:]}")


@contextmanager
def _running(name: str, command: list[str], port: int, log: Path) -> Iterator[WebServer]:
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=out, start_new_session=True)
    server = WebServer(name, port, process, log)
    try:
        _wait_until_listening(server)
        yield server
    finally:
        process.terminate()  # both stop their workers on SIGTERM
        try:
            process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group this fixture started
            process.wait(STOP_TIMEOUT_S)


APACHE_CONF = """\
ServerRoot "{work}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{work}/apache.pid"
ErrorLog "{work}/error.log"
LogLevel warn
DefaultRuntimeDir "{work}"
Mutex file:{work} default
{user}
LoadModule mpm_prefork_module {modules}/mod_mpm_prefork.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule headers_module {modules}/mod_headers.so
StartServers 2
MinSpareServers 2
MaxSpareServers 4
TypesConfig /etc/mime.types
DocumentRoot "{root}"
DirectoryIndex index.html
<Directory "/">
    AllowOverride None
    Require all denied
</Directory>
<Directory "{root}">
    AllowOverride All
    Options FollowSymLinks
    Require all granted
</Directory>
"""


@contextmanager
def running_apache(root: Path, work: Path, port: int | None = None) -> Iterator[WebServer]:
    """Apache serving ``root`` (its ``.htaccess`` files allowed) on ``port`` (default: free)."""
    binary = require_binary(APACHE, "apache2")
    work.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    who = _worker_user()
    config = APACHE_CONF.format(
        work=work,
        port=port,
        root=root,
        modules=APACHE_MODULES,
        user=f"User {who[0]}\nGroup {who[1]}" if who else "",
    )
    (work / "apache2.conf").write_text(config, encoding="utf-8")
    command = [str(binary), "-f", str(work / "apache2.conf"), "-DFOREGROUND"]
    with _running("apache2", command, port, work / "error.log") as server:
        yield server


NGINX_CONF = """\
daemon off;
worker_processes 1;
pid "{work}/nginx.pid";
error_log "{work}/error.log" warn;
{user}
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path "{work}/body";
    proxy_temp_path "{work}/proxy";
    fastcgi_temp_path "{work}/fastcgi";
    uwsgi_temp_path "{work}/uwsgi";
    scgi_temp_path "{work}/scgi";
    include "{site}";
}}
"""


def deployed_nginx(generated: str, port: int, root: Path) -> str:
    """The generated server file with only its ``listen`` and ``root`` lines set for a test."""
    lines = generated.splitlines()
    for line in ("    listen 80;", "    listen [::]:80;"):
        assert lines.count(line) == 1, line
    roots = [i for i, line in enumerate(lines) if line.startswith("    root ")]
    assert len(roots) == 1, roots
    lines[roots[0]] = f'    root "{root}";'
    lines = [line for line in lines if line != "    listen [::]:80;"]
    return "\n".join(lines).replace("    listen 80;", f"    listen 127.0.0.1:{port};") + "\n"


@contextmanager
def running_nginx(generated: str, root: Path, work: Path) -> Iterator[WebServer]:
    """nginx with the generated server file (``generated``) in its http block, serving ``root``."""
    binary = require_binary(NGINX, "nginx")
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    site = work / "sekom-kg.conf"
    site.write_text(deployed_nginx(generated, port, root), encoding="utf-8")
    who = _worker_user()
    config = NGINX_CONF.format(work=work, site=site, user=f"user {who[0]} {who[1]};" if who else "")
    (work / "nginx.conf").write_text(config, encoding="utf-8")
    log = work / "error.log"
    command = [str(binary), "-p", str(work), "-e", str(log), "-c", str(work / "nginx.conf")]
    with _running("nginx", command, port, log) as server:
        yield server
