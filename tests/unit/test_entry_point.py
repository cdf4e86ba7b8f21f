"""The nginx entry point's configuration (bot/ops/entry_point.py, deploy/nginx/): rendered from the
settings for the local run and for production, valid for `nginx -t`, and refusing settings
that cannot work with a clear message. The running topology is tested in
tests/integration/test_scale_out.py."""

from __future__ import annotations

import dataclasses
import os

import pytest

from bot.cli import main
from bot.ops import entry_point
from bot.settings import Settings


def _settings(tmp_path, **env) -> Settings:
    return dataclasses.replace(
        Settings(), var_dir=tmp_path / "var", rasa_processes=3, rasa_port=5005, extra_env=env
    )


def test_the_local_configuration_names_every_rasa_process(tmp_path):
    entry = entry_point.load_entry_point(_settings(tmp_path))
    site = entry_point.render(entry, tmp_path, tmp_path / "logs")["edi-site.conf"]
    for port in (5005, 5006, 5007):
        assert site.count(f"server 127.0.0.1:{port} ") == 3  # REST, websocket, polling
    assert "listen 127.0.0.1:8443 ssl;" in site
    assert "listen 127.0.0.1:8088;" in site  # the web app's way to Rasa
    assert "return 301" not in site  # no plain-HTTP redirect unless EDI_HTTP_PORT is set
    assert "hash $remote_addr consistent;" in site and "least_conn;" in site
    assert entry.public_url == "https://localhost:8443"
    assert entry.certificate == tmp_path / "var" / "tls" / "edi-selfsigned.crt"


def test_the_production_configuration(tmp_path):
    settings = _settings(
        tmp_path,
        EDI_SERVER_NAME="chat.kommune.example",
        EDI_HTTPS_PORT="443",
        EDI_HTTP_PORT="80",
        EDI_TLS_CERT="/etc/ssl/edi/fullchain.pem",
        EDI_TLS_KEY="/etc/ssl/edi/privkey.pem",
        EDI_RASA_UPSTREAMS="10.0.0.11:5005,10.0.0.12:5005",
        EDI_WEB_UPSTREAM="10.0.0.10:8080",
    )
    entry = entry_point.load_entry_point(dataclasses.replace(settings, host="0.0.0.0"))  # noqa: S104
    site = entry_point.render(entry, tmp_path, tmp_path / "logs")["edi-site.conf"]
    assert "listen 443 ssl;" in site and "listen 80;" in site
    assert "return 301 https://$host$request_uri;" in site
    assert "server 10.0.0.12:5005 max_fails=1" in site and "server 10.0.0.10:8080" in site
    assert "ssl_certificate     /etc/ssl/edi/fullchain.pem;" in site
    assert "127.0.0.1" not in site
    assert entry.public_url == "https://chat.kommune.example"
    assert not entry.self_signed


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EDI_HTTPS_PORT": "443x"}, "EDI_HTTPS_PORT må være et portnummer"),
        ({"EDI_HTTPS_PORT": "70000"}, "EDI_HTTPS_PORT må være et portnummer"),
        ({"EDI_RASA_UPSTREAMS": "10.0.0.11"}, "er ikke vert:port"),
        ({"EDI_WEB_UPSTREAM": "web;evil:80"}, "er ikke vert:port"),
        ({"EDI_SERVER_NAME": "chat.kommune.no;"}, "er ikke et vertsnavn"),
        ({"EDI_TLS_CERT": "/etc/ssl/a.pem"}, "Sett både EDI_TLS_CERT og EDI_TLS_KEY"),
    ],
)
def test_settings_that_cannot_work_are_refused_clearly(tmp_path, env, message):
    with pytest.raises(entry_point.EntryPointError, match=message):
        entry_point.load_entry_point(_settings(tmp_path, **env))


def test_the_processes_behind_nginx_are_told_where_they_are_reached(tmp_path):
    settings = _settings(tmp_path, EDI_NGINX_INTERNAL_PORT="9001")
    env = entry_point.process_env(settings, entry_point.load_entry_point(settings))
    assert env["EDI_PUBLIC_URL"] == env["EDI_RASA_PUBLIC_URL"] == "https://localhost:8443"
    assert env["EDI_RASA_URL"] == "http://127.0.0.1:9001"
    assert env["EDI_TRUSTED_PROXIES"] == "127.0.0.1"
    assert env["SANIC_PROXIES_COUNT"] == "1"


@pytest.mark.skipif(entry_point.nginx_binary() is None, reason="nginx er ikke installert")
def test_nginx_accepts_the_rendered_configuration(tmp_path, monkeypatch, capsys):
    for name, value in {
        "EDI_VAR_DIR": str(tmp_path / "var"),
        "EDI_RASA_PROCESSES": "2",
        "EDI_HTTP_PORT": "8081",
    }.items():
        monkeypatch.setenv(name, value)
    assert main(["nginx-config", str(tmp_path / "nginx"), "--check"]) == 0
    out = capsys.readouterr().out
    assert "nginx -t: konfigurasjonen er gyldig." in out
    key = tmp_path / "var" / "tls" / "edi-selfsigned.key"
    assert oct(os.stat(key).st_mode & 0o777) == "0o600"
    # a broken template line would be caught the same way
    site = tmp_path / "nginx" / "edi-site.conf"
    site.write_text(site.read_text().replace("least_conn;", "least_conn"))
    result = entry_point.check_config(tmp_path / "nginx", tmp_path / "nginx" / "logs")
    assert result.returncode != 0
