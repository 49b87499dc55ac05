"""The harness itself, against a stand-in for qctl web until the real one exists: this file is
also that stand-in (run as a script: `web --listen HOST:PORT`), an http.server with the same
interface (the login URL on its first stdout line, the token login that sets an HttpOnly
cookie and redirects to /, forms with a hidden csrf input). The qctl under test is a wrapper
that runs the stand-in for `qctl web` and $QCTL_BINARY for everything else."""

import os
import secrets
import signal
import stat
import subprocess
import sys
import time
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (console_log, csrf_token, format_entries, login, save_screenshot,
                      severe_entries, stray_processes, wait_until)


# The stand-in server ---------------------------------------------------------------------------

def page(title, body, script=""):
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<link rel="icon" href="data:,">{script}</head>
<body><h1 id="title">{title}</h1>{body}</body></html>"""


def serve(listen):
    host, _, port = listen.rpartition(":")
    token = secrets.token_urlsafe(24)
    session = secrets.token_urlsafe(24)
    csrf = secrets.token_urlsafe(24)
    state = {"paused": False}

    class Handler(BaseHTTPRequestHandler):
        def send(self, status, body="", headers=()):
            data = body.encode()
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def logged_in(self):
            cookies = dict(c.strip().partition("=")[::2]
                           for c in self.headers.get("Cookie", "").split(";") if "=" in c)
            return secrets.compare_digest(cookies.get("qctl_session", ""), session)

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/login":
                given = urllib.parse.parse_qs(url.query).get("token", [""])[0]
                if not secrets.compare_digest(given, token):
                    return self.send(HTTPStatus.FORBIDDEN, page("Forbidden", "bad token"))
                return self.send(HTTPStatus.SEE_OTHER, headers=[
                    ("Location", "/"),
                    ("Set-Cookie", f"qctl_session={session}; Path=/; HttpOnly; SameSite=Strict")])
            if not self.logged_in():
                return self.send(HTTPStatus.UNAUTHORIZED, page("Log in", "open the login URL"))
            if url.path == "/":
                queue = "paused" if state["paused"] else "open"
                return self.send(HTTPStatus.OK, page("qctl stand-in", f"""
<p>Queue <span id="queue">{queue}</span></p>
<form method="post" action="/pause"><input type="hidden" name="csrf" value="{csrf}">
<button id="pause" type="submit">Pause</button></form>"""))
            if url.path == "/broken":
                return self.send(HTTPStatus.OK, page(
                    "broken", "<p>logs an error</p>",
                    "<script>console.error('stand-in console error')</script>"))
            return self.send(HTTPStatus.NOT_FOUND, page("Not found", url.path))

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            if not self.logged_in():
                return self.send(HTTPStatus.UNAUTHORIZED, page("Log in", ""))
            if not secrets.compare_digest(form.get("csrf", [""])[0], csrf):
                return self.send(HTTPStatus.FORBIDDEN, page("Forbidden", "bad csrf"))
            if self.path == "/pause":
                state["paused"] = True
                return self.send(HTTPStatus.SEE_OTHER, headers=[("Location", "/")])
            return self.send(HTTPStatus.NOT_FOUND, page("Not found", self.path))

    server = ThreadingHTTPServer((host, int(port)), Handler)
    print(f"http://{host}:{server.server_address[1]}/login?token={token}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


@pytest.fixture(scope="session")
def qctl_binary(tmp_path_factory):
    """A qctl whose `web` runs the stand-in, beside a qctl-web (as the real qctl's)."""
    real = os.environ.get("QCTL_BINARY")
    if not real or not os.access(real, os.X_OK):
        pytest.fail(f"QCTL_BINARY={real}: no executable qctl there", pytrace=False)
    folder = tmp_path_factory.mktemp("bin")
    scripts = {
        "qctl": f'#!/bin/sh\nif [ "$1" = web ]; then shift; exec "$(dirname "$0")/qctl-web" "$@"; fi\n'
                f'exec "{Path(real).resolve()}" "$@"\n',
        "qctl-web": f'#!/bin/sh\nexec "{sys.executable}" "{Path(__file__).resolve()}" web "$@"\n',
    }
    for name, text in scripts.items():
        path = folder / name
        path.write_text(text)
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return folder / "qctl"


# The tests -------------------------------------------------------------------------------------

def test_a_clean_page_leaves_no_console_errors(web, browser):
    started = time.monotonic()
    login(browser, web)
    WebDriverWait(browser, 10).until(EC.title_is("qctl stand-in"))
    assert browser.find_element(By.ID, "queue").text == "open"
    browser.find_element(By.ID, "pause").click()
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.ID, "queue").text == "paused")
    assert severe_entries(console_log(browser).collect()) == []
    print(f"login and one form: {time.monotonic() - started:.2f} s")


def test_the_console_check_catches_an_error_across_pages(web, browser):
    login(browser, web)
    browser.get(web.base_url + "/broken")
    WebDriverWait(browser, 10).until(EC.title_is("broken"))
    browser.get(web.base_url + "/")  # another page: the error must not be lost
    WebDriverWait(browser, 10).until(EC.title_is("qctl stand-in"))
    errors = severe_entries(console_log(browser).collect())
    assert len(errors) == 1, format_entries(errors)
    assert "stand-in console error" in errors[0]["message"]
    console_log(browser).clear()  # provoked on purpose: not a failure of this test
    assert severe_entries(console_log(browser).collect()) == []


def test_a_missing_resource_is_a_console_error(web, browser):
    login(browser, web)
    browser.execute_script("""
        const image = document.createElement('img'); image.src = '/missing.png';
        document.body.appendChild(image);""")
    errors = wait_until(lambda: severe_entries(console_log(browser).collect()), 10,
                        "no console error for a 404")
    assert "404" in errors[0]["message"], format_entries(errors)
    console_log(browser).clear()


def test_a_screenshot_is_a_png(web, browser, tmp_path):
    login(browser, web)
    path = save_screenshot(browser, tmp_path / "shots" / "page.png", full_height=True)
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), data[:16]
    width = int.from_bytes(data[16:20], "big")
    assert width == 1280, width


def test_token_and_csrf_from_outside_the_browser(web):
    assert web.get("/login?token=wrong").status == 403
    assert web.get("/").status == 401
    cookies = web.login_cookie()
    home = web.get("/", cookies=cookies)
    assert home.status == 200
    csrf = csrf_token(home.body)
    assert web.post("/pause", {"csrf": "wrong"}, cookies=cookies).status == 403
    assert web.post("/pause", {}, cookies=cookies).status == 403
    assert web.post("/pause", {"csrf": csrf}).status == 401
    assert web.post("/pause", {"csrf": csrf}, cookies=cookies).status == 303
    assert 'id="queue">paused' in web.get("/", cookies=cookies).body


def test_the_cluster_runs_a_task(cluster, workdir):
    [stats] = cluster.stats()
    assert stats["status"] in ("Idle", "Working") and len(stats["workers"]) == 2
    task = workdir.run("enqueue", "--", "echo", "hello", check=True).stdout.strip()
    result = workdir.run("result", task, "--wait", "20s", "--json", check=True)
    assert '"hello\\n"' in result.stdout or "hello" in result.stdout, result.stdout


def test_orphans_are_found_and_can_be_killed():
    # sh starts sleep in the background and exits: the orphaned sleep comes to pytest (a child
    # subreaper), where the end-of-test check would find it.
    pid = int(subprocess.run(["sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $!"],
                             capture_output=True, text=True, check=True).stdout)
    assert pid in stray_processes()
    assert os.getppid() != pid and Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[1] \
        == str(os.getpid())
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: pid not in stray_processes(), 10, "the orphan did not go away")


if __name__ == "__main__":
    if sys.argv[1:3] != ["web", "--listen"] or len(sys.argv) != 4:
        sys.exit("usage: test_harness_smoke.py web --listen HOST:PORT")
    serve(sys.argv[3])
