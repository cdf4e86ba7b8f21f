"""The public entry point: nginx in front of the web app and the Rasa processes.

`deploy/nginx/edi-site.conf.j2` is rendered with the settings below into `edi-site.conf` (for
a server's own nginx: /etc/nginx/sites-enabled/) and, for nginx as a process of its own
(`python -m bot run` with `EDI_NGINX=1`, and the deployment test), `nginx.conf` around it.
`python -m bot nginx-config DIR` writes both.

| variable | default | meaning |
| --- | --- | --- |
| `EDI_NGINX` | `false` | `python -m bot run` starts nginx in front (needs the `nginx` package) |
| `EDI_HTTPS_PORT` | `8443` | public HTTPS port (production: 443) |
| `EDI_HTTP_PORT` | – | plain HTTP port that only redirects to HTTPS (production: 80) |
| `EDI_NGINX_INTERNAL_PORT` | `8088` | loopback listener the web app's /chat uses to reach Rasa |
| `EDI_SERVER_NAME` | `localhost` | the public host name |
| `EDI_TLS_CERT` / `EDI_TLS_KEY` | self-signed in `var/tls/` | certificate chain and key (PEM) |
| `EDI_RASA_UPSTREAMS` | the local Rasa ports | `host:port,host:port` of the Rasa processes |
| `EDI_WEB_UPSTREAM` | the local web app | `host:port` of the web app |
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import jinja2

from bot.settings import REPO_DIR, Settings

TEMPLATES = REPO_DIR / "deploy" / "nginx"
HOST_PORT = re.compile(r"^([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}\Z")
HOST_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.\-]{0,251}[A-Za-z0-9])?\Z")


class EntryPointError(SystemExit):
    """A setting of the entry point that cannot work; the message is for the operator."""


@dataclass(frozen=True)
class EntryPoint:
    https_port: int
    http_port: int | None
    internal_port: int
    server_name: str
    certificate: Path
    certificate_key: Path
    self_signed: bool
    rasa_servers: tuple[str, ...]
    web_server: str
    bind: str  # the address nginx's listeners bind to (EDI_HOST)

    @property
    def public_url(self) -> str:
        port = "" if self.https_port == 443 else f":{self.https_port}"
        return f"https://{self.server_name}{port}"

    @property
    def internal_url(self) -> str:
        return f"http://{self.bind}:{self.internal_port}"


def _host_ports(env, name: str, default: list[str]) -> tuple[str, ...]:
    value = env.get(name, "").strip()
    parts = [part.strip() for part in value.split(",") if part.strip()] if value else default
    for part in parts:
        if not HOST_PORT.match(part):
            raise EntryPointError(
                f"{name}: «{part}» er ikke vert:port (for eksempel 10.0.0.5:5005)."
            )
    return tuple(parts)


def _port(env, name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise EntryPointError(f"{name} må være et portnummer (1–65535), ikke «{value}».")
    return int(value)


def load_entry_point(settings: Settings) -> EntryPoint:
    """The entry point's settings: the environment, with the settings' extra_env on top."""
    env = {**os.environ, **settings.extra_env}
    server_name = env.get("EDI_SERVER_NAME", "").strip() or "localhost"
    if not HOST_NAME.match(server_name):
        raise EntryPointError(f"EDI_SERVER_NAME: «{server_name}» er ikke et vertsnavn.")
    cert, key = (env.get(n, "").strip() for n in ("EDI_TLS_CERT", "EDI_TLS_KEY"))
    if bool(cert) != bool(key):
        raise EntryPointError("Sett både EDI_TLS_CERT og EDI_TLS_KEY, eller ingen av dem.")
    tls = settings.var_dir / "tls"
    host = settings.host
    return EntryPoint(
        https_port=_port(env, "EDI_HTTPS_PORT", 8443),
        http_port=_port(env, "EDI_HTTP_PORT", 0) if env.get("EDI_HTTP_PORT", "").strip() else None,
        internal_port=_port(env, "EDI_NGINX_INTERNAL_PORT", 8088),
        server_name=server_name,
        certificate=Path(cert) if cert else tls / "edi-selfsigned.crt",
        certificate_key=Path(key) if key else tls / "edi-selfsigned.key",
        self_signed=not cert,
        rasa_servers=_host_ports(
            env, "EDI_RASA_UPSTREAMS", [f"{host}:{port}" for port in _rasa_ports(settings)]
        ),
        web_server=_host_ports(env, "EDI_WEB_UPSTREAM", [f"{host}:{settings.web_port}"])[0],
        bind=host,
    )


def _rasa_ports(settings: Settings) -> list[int]:
    return [settings.rasa_port + index for index in range(settings.rasa_processes)]


def _listen(bind: str, port: int) -> str:
    return f"{bind}:{port}" if bind not in ("0.0.0.0", "", "*") else str(port)  # noqa: S104  # nosec B104


def render(entry: EntryPoint, prefix: Path, log_dir: Path) -> dict[str, str]:
    """The two files: `edi-site.conf` (http context) and `nginx.conf` (a whole nginx)."""
    # Not the web app's environment (bot/web/rendering.py): nginx configuration is plain text
    # (no HTML autoescape) and an undefined value must stop the render (StrictUndefined).
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - nginx configuration, not HTML  # nosec B701
    )
    values = {
        "rasa_servers": entry.rasa_servers,
        "web_server": entry.web_server,
        "server_name": entry.server_name,
        "https_listen": _listen(entry.bind, entry.https_port),
        "http_listen": _listen(entry.bind, entry.http_port) if entry.http_port else "",
        "https_port_suffix": "" if entry.https_port == 443 else f":{entry.https_port}",
        "internal_listen": _listen(entry.bind, entry.internal_port),
        "certificate": str(entry.certificate),
        "certificate_key": str(entry.certificate_key),
        "log_dir": str(log_dir),
        "prefix": str(prefix),
    }
    return {
        name: environment.get_template(f"{name}.j2").render(**values)
        for name in ("edi-site.conf", "nginx.conf")
    }


def ensure_self_signed(entry: EntryPoint) -> None:
    """A self-signed certificate for local use (made once, for the server name, localhost and
    127.0.0.1); a real one comes through EDI_TLS_CERT/EDI_TLS_KEY."""
    if not entry.self_signed or (entry.certificate.is_file() and entry.certificate_key.is_file()):
        return
    openssl = shutil.which("openssl")
    if not openssl:
        raise EntryPointError("openssl mangler, så det kan ikke lages et testsertifikat.")
    entry.certificate.parent.mkdir(parents=True, exist_ok=True)
    names = dict.fromkeys([f"DNS:{entry.server_name}", "DNS:localhost", "IP:127.0.0.1"])
    result = subprocess.run(  # nosec B603
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365", "-subj",
         f"/CN={entry.server_name}", "-addext", "subjectAltName=" + ",".join(names),
         "-keyout", str(entry.certificate_key), "-out", str(entry.certificate)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise EntryPointError(f"openssl kunne ikke lage testsertifikatet: {result.stderr[-300:]}")
    entry.certificate_key.chmod(0o600)


def write_config(entry: EntryPoint, prefix: Path, log_dir: Path) -> Path:
    """Render into `prefix` (and make its temp and log folders); returns nginx.conf."""
    for folder in (prefix / "tmp", log_dir):
        folder.mkdir(parents=True, exist_ok=True)
    for name, text in render(entry, prefix, log_dir).items():
        (prefix / name).write_text(text, encoding="utf-8")
    return prefix / "nginx.conf"


def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def nginx_command(prefix: Path, log_dir: Path) -> list[str]:
    binary = nginx_binary()
    if binary is None:
        raise EntryPointError(
            "nginx er ikke installert. Installer med scripts/install-nginx.sh "
            "(apt-get install nginx), eller kjør uten EDI_NGINX."
        )
    # -e: the error log before the configuration is read (else the compiled-in path).
    error_log = str(log_dir / "nginx-error.log")
    config = str(prefix / "nginx.conf")
    return [binary, "-p", str(prefix), "-e", error_log, "-c", config, "-g", "daemon off;"]


def check_config(prefix: Path, log_dir: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on a rendered configuration."""
    command = nginx_command(prefix, log_dir)[:-2] + ["-t", "-q"]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)  # nosec B603


def process_env(settings: Settings, entry: EntryPoint) -> dict[str, str]:
    """What the processes behind nginx must know: where the browser reaches everything (the
    public URL, also for socket.io), that the web app reaches Rasa through nginx, and whose
    X-Forwarded-For to believe (the web app: EDI_TRUSTED_PROXIES; Rasa: Sanic's
    PROXIES_COUNT). An operator's own EDI_PUBLIC_URL/EDI_RASA_PUBLIC_URL are kept."""
    public = settings.public_url or entry.public_url
    return {
        "EDI_PUBLIC_URL": public,
        "EDI_RASA_PUBLIC_URL": settings.rasa_public_url or public,
        "EDI_RASA_URL": entry.internal_url,
        "EDI_TRUSTED_PROXIES": ",".join(settings.trusted_proxies) or entry.bind,
        "SANIC_PROXIES_COUNT": "1",
    }
