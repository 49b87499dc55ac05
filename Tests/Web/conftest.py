# The web tests: qctl web's pages driven in a real browser, and its token and CSRF checks tried
# from outside one.
#
# Run them with `make test-web` (against the release build, built first) or
# `make test-web QCTL_BINARY=/path/to/qctl`; by hand, after `make test-deps`:
#
#     QCTL_BINARY=$PWD/.build/release/qctl .build/web-venv/bin/python -m pytest Tests/Web -q
#
# They need: qctl with qctl-web beside it ($QCTL_BINARY); Debian's chromium and chromium-driver
# (/usr/bin/chromium, /usr/bin/chromedriver; $QCTL_CHROMIUM and $QCTL_CHROMEDRIVER name others);
# and the virtualenv .build/web-venv with the packages of requirements.txt (Selenium, pytest,
# prometheus_client). `make test-deps` installs all three when missing. Nothing is skipped: a
# missing binary, browser or driver fails the tests that need it, saying what is missing.
#
# Chromium runs headless with --no-sandbox (the tests may run as root, where its sandbox refuses
# to start) and --disable-dev-shm-usage. A test fails when the page logged an error in the
# browser console (a SEVERE entry: console.error, an uncaught exception, a failed request), and
# when a process it started outlives it: pytest is made a child subreaper, so every process the
# test left behind, orphans included, is found and killed at its end.
#
# Fixtures (all per test):
#   qctl_binary  Path of qctl ($QCTL_BINARY), checked to exist with qctl-web beside it.
#   workdir      Workdir: a temporary folder with a qcluster.yaml (2 workers, guard_cycle 0.1)
#                and an initialised broker; .run("stats", "--json") runs qctl there.
#   cluster      Cluster: `qctl start` running in workdir, awaited until `qctl stats --json`
#                shows it Idle or Working; stopped with SIGTERM (SIGKILL past 30 s) afterwards.
#   web          WebServer: `qctl web --listen 127.0.0.1:0` in workdir; .base_url, .login_url,
#                .token, and .get/.post/.login_cookie for requests from outside the browser.
#   browser      A Selenium Chrome WebDriver (headless Chromium), quit afterwards; the test fails
#                when its console has SEVERE entries left (console_log(driver).clear() drops the
#                ones a test expects).
# Helpers: wait_until, click_button, login, console_log, severe_entries, save_screenshot, csrf_token, and
# selenium's WebDriverWait (see login and the examples in its docstring).

import ctypes
import dataclasses
import errno
import html.parser
import http.client
import json
import os
import queue
import re
import signal
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

# What a look-up may meet while a page changes: an element of the page that went (stale), one
# of the next page that is not there yet, or chromedriver's own error for a document replaced
# under it ("unhandled inspector error", a bare WebDriverException). wait_until(...,
# ignoring=PAGE_CHANGING) tries again, and names the last of them if time runs out.
PAGE_CHANGING = (StaleElementReferenceException, NoSuchElementException, WebDriverException)

CHROMIUM = os.environ.get("QCTL_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("QCTL_CHROMEDRIVER", "/usr/bin/chromedriver")
WINDOW_SIZE = (1280, 900)

# Environment variables that would point qctl at another configuration, broker or key.
QCTL_ENVIRONMENT = ("QCTL_CONFIG", "QCTL_BROKER_URL", "QCTL_SECRET_KEY", "Q_CLUSTER_NAME")

QCLUSTER_YAML = """\
broker:
  path: .qctl/broker.lmdb
cluster:
  name: default
  workers: 2
  timeout: 30
  retry: 60
  guard_cycle: 0.1
"""


# Waiting ---------------------------------------------------------------------------------------

def poll_with_deadline(predicate, timeout, interval=0.05, ignoring=()):
    """Calls predicate until it returns a true value or timeout seconds pass; returns
    (value, last ignored error), value false when time ran out. The one place tests wait."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value, last_error
        except ignoring as error:
            last_error = error
        if time.monotonic() >= deadline:
            return None, last_error
        time.sleep(interval)


def wait_until(predicate, timeout=10.0, message="condition not met", interval=0.05, ignoring=()):
    """Calls predicate until it returns a true value, and returns that value; fails the test
    with message when timeout seconds pass first. Exceptions of the types in ignoring count as
    not yet; others propagate. For the browser, WebDriverWait does the same:

        WebDriverWait(browser, 10).until(EC.title_contains("qctl"))
        WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.ID, "queue")))
        WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "state").text == "paused")
    """
    value, last_error = poll_with_deadline(predicate, timeout, interval, ignoring)
    if not value:
        detail = f" (last error: {last_error!r})" if last_error is not None else ""
        pytest.fail(f"{message}: not within {timeout:g} s{detail}", pytrace=False)
    return value


# Processes -------------------------------------------------------------------------------------

def make_gate(path):
    """A gate a task waits at without polling: a named pipe the task reads (cat GATE), whose
    open blocks until the test opens the other end (open_gate)."""
    os.mkfifo(path, 0o600)


def open_gate(path, timeout=10.0):
    """Lets the task waiting at the gate go on: opens the pipe for writing once the task has it
    open for reading (until then the open fails with ENXIO), and closes it."""
    def opened():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            return True
        except OSError as error:
            if error.errno != errno.ENXIO:
                raise
            return False
    wait_until(opened, timeout, f"no task opened the gate {path}")


def _become_subreaper():
    """Makes orphaned descendants children of this process instead of init, so that the ones a
    test leaves behind (a cluster's sentinel runs in a process group of its own) can be found."""
    PR_SET_CHILD_SUBREAPER = 36
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def pytest_configure(config):
    _become_subreaper()


def descendants(root=None):
    """{pid: (state, command line)} of every process below root (default: this one)."""
    root = os.getpid() if root is None else root
    children = {}
    info = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            cmdline = Path(entry.path, "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        pid, state, ppid = int(entry.name), fields[0], int(fields[1])
        command = cmdline.replace(b"\0", b" ").decode(errors="replace").strip()
        if not command:
            command = "[" + stat.split("(", 1)[1].rsplit(")", 1)[0] + "]"
        children.setdefault(ppid, []).append(pid)
        info[pid] = (state, command)
    found = {}
    pending = list(children.get(root, []))
    while pending:
        pid = pending.pop()
        found[pid] = info[pid]
        pending.extend(children.get(pid, []))
    return found


def _reap():
    """Collects the exit status of this process's children that ended (orphans included)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def stray_processes():
    """The live processes below this one (zombies are reaped, not listed)."""
    _reap()
    return {pid: command for pid, (state, command) in descendants().items() if state != "Z"}


@pytest.fixture(autouse=True)
def no_stray_processes():
    """Fails a test that leaves a process behind (after its fixtures stopped theirs: this one is
    set up first and so torn down last), once they were given 10 s to end; kills them first."""
    yield
    poll_with_deadline(lambda: not stray_processes(), 10)
    stray = stray_processes()
    if stray:
        for pid in stray:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        wait_until(lambda: not stray_processes(), 10, "the stray processes did not die of SIGKILL")
        listing = "\n".join(f"  {pid} {command}" for pid, command in sorted(stray.items()))
        pytest.fail(f"processes outlived the test (now killed):\n{listing}", pytrace=False)


def start_process_group(args, cwd, env, stdout, stderr):
    """Starts args in a session and process group of its own (whose id is its pid)."""
    return subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=stdout,
                            stderr=stderr, start_new_session=True)


def stop_process_group(process, grace=30.0):
    """SIGTERM to the process's group, up to grace seconds for the process to exit, then SIGKILL
    to the group; then SIGKILL to what is left of the group. Returns the exit status."""
    def signal_group(number):
        try:
            os.killpg(process.pid, number)
        except ProcessLookupError:
            pass
    if process.poll() is None:
        signal_group(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            signal_group(signal.SIGKILL)
            process.wait()
    signal_group(signal.SIGKILL)
    return process.returncode


# qctl ------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def qctl_binary():
    """Path of the qctl under test, $QCTL_BINARY; fails when it is not set, not an executable,
    or has no qctl-web beside it (qctl web runs that)."""
    value = os.environ.get("QCTL_BINARY")
    if not value:
        pytest.fail("QCTL_BINARY is not set: name the qctl to test (make test-web sets it)",
                    pytrace=False)
    path = Path(value).resolve()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"QCTL_BINARY={value}: no executable there (make release builds one)",
                    pytrace=False)
    web = path.with_name("qctl-web")
    if not (web.is_file() and os.access(web, os.X_OK)):
        pytest.fail(f"no executable qctl-web beside {path}: qctl web runs it from there",
                    pytrace=False)
    return path


@dataclasses.dataclass
class Workdir:
    """A folder with a qcluster.yaml; run() runs qctl in it."""
    path: Path
    binary: Path
    env: dict

    @property
    def config(self):
        return self.path / "qcluster.yaml"

    def run(self, *args, check=False, timeout=30, input=None):
        """Runs `qctl ARGS` here; returns the CompletedProcess (stdout and stderr as text).
        check=True fails the test, with both outputs, when the exit status is not 0."""
        result = subprocess.run([str(self.binary), *args], cwd=self.path, env=self.env,
                                input=input, capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            pytest.fail(f"qctl {' '.join(args)} exited {result.returncode}\n"
                        f"stdout: {result.stdout}\nstderr: {result.stderr}", pytrace=False)
        return result

    def json(self, *args):
        """The JSON that `qctl ARGS` prints (ARGS should include --json)."""
        return json.loads(self.run(*args, check=True).stdout)


@pytest.fixture
def workdir(tmp_path, qctl_binary):
    """A Workdir in a fresh temporary folder: qcluster.yaml (the default cluster with 2 workers
    and a guard_cycle of 0.1 s, the LMDB broker in .qctl/) and a broker made by `qctl broker
    init`, in an environment without the QCTL_ variables of the caller's."""
    path = tmp_path / "work"
    path.mkdir()
    (path / "qcluster.yaml").write_text(QCLUSTER_YAML)
    env = {name: value for name, value in os.environ.items() if name not in QCTL_ENVIRONMENT}
    work = Workdir(path=path, binary=qctl_binary, env=env)
    work.run("broker", "init", check=True)
    return work


@dataclasses.dataclass
class Cluster:
    """A running `qctl start`: its process, and its log (stdout and stderr) in log_path."""
    process: subprocess.Popen
    workdir: Workdir
    log_path: Path

    def stats(self):
        """`qctl stats --json`: one object per cluster on the broker."""
        return self.workdir.json("stats", "--json")

    def log(self):
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def cluster(workdir):
    """Cluster: `qctl start` in workdir (a process group of its own), awaited (20 s at most)
    until `qctl stats --json` shows a cluster Idle or Working; afterwards stopped with SIGTERM
    (SIGKILL past 30 s). Its log is in workdir.path / "cluster.log"."""
    log_path = workdir.path / "cluster.log"
    with open(log_path, "wb") as log:
        process = start_process_group([str(workdir.binary), "start"], workdir.path, workdir.env,
                                      log, subprocess.STDOUT)
    running = Cluster(process=process, workdir=workdir, log_path=log_path)
    try:
        def started():
            if process.poll() is not None:
                pytest.fail(f"qctl start exited {process.returncode} before running:\n"
                            f"{running.log()}", pytrace=False)
            return any(c.get("status") in ("Idle", "Working") for c in running.stats())
        wait_until(started, 20, f"qctl start did not show as running in qctl stats "
                                f"(log: {log_path})")
        yield running
    finally:
        status = stop_process_group(process)
        if status not in (0, -signal.SIGTERM):
            print(f"qctl start exited {status}; its log:\n{running.log()}")


# qctl web --------------------------------------------------------------------------------------

@dataclasses.dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def cookies(self):
        """{name: value} of the response's Set-Cookie headers."""
        found = {}
        for header in self.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            found[name.strip()] = value.strip()
        return found


@dataclasses.dataclass
class WebServer:
    """A running `qctl web`: the URL it printed (login_url), its base_url (http://HOST:PORT)
    and token; get/post send requests from outside the browser, never following redirects."""
    process: subprocess.Popen
    base_url: str
    login_url: str
    token: str
    stderr_path: Path
    stdout_lines: list

    def request(self, method, path, body=None, headers=None, cookies=None):
        url = urllib.parse.urlsplit(self.base_url)
        headers = dict(headers or {})
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return Response(response.status, response.headers,
                            response.read().decode(errors="replace"))
        finally:
            connection.close()

    def get(self, path, cookies=None, headers=None):
        return self.request("GET", path, headers=headers, cookies=cookies)

    def post(self, path, form, cookies=None, headers=None):
        """POSTs form ({name: value}) as application/x-www-form-urlencoded."""
        headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, body=urllib.parse.urlencode(form), headers=headers,
                            cookies=cookies)

    def login_cookie(self):
        """The cookies GET /login?token=… sets ({name: value}); fails unless it answers with a
        redirect to / that sets an HttpOnly cookie."""
        response = self.get(self.login_url[len(self.base_url):])
        assert response.status in (302, 303), f"login answered {response.status}"
        assert urllib.parse.urlsplit(response.headers["Location"]).path == "/", \
            f"login redirected to {response.headers['Location']}"
        set_cookies = response.headers.get_all("Set-Cookie") or []
        assert any("httponly" in h.lower() for h in set_cookies), \
            f"login set no HttpOnly cookie: {set_cookies}"
        return response.cookies()

    def stderr(self):
        return self.stderr_path.read_text(errors="replace")


LOGIN_URL = re.compile(r"http://[^\s/]+/login\?token=[^\s]+")


@pytest.fixture
def web(workdir):
    """WebServer: `qctl web --listen 127.0.0.1:0` in workdir (a process group of its own), once
    it printed its http://…/login?token=… line (20 s at most; else the test fails with its
    stderr); stopped afterwards as the cluster is. Its later stdout goes on being read into
    stdout_lines, its stderr is in workdir.path / "web.stderr"."""
    stderr_path = workdir.path / "web.stderr"
    with open(stderr_path, "wb") as stderr:
        process = start_process_group([str(workdir.binary), "web", "--listen", "127.0.0.1:0"],
                                      workdir.path, workdir.env, subprocess.PIPE, stderr)
    lines = []
    arrived = queue.Queue()

    def read_stdout():
        for raw in process.stdout:
            line = raw.decode(errors="replace").rstrip("\n")
            lines.append(line)
            arrived.put(line)
        arrived.put(None)

    reader = threading.Thread(target=read_stdout, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 20
        login_url = None
        while login_url is None:
            remaining = deadline - time.monotonic()
            try:
                line = arrived.get(timeout=max(remaining, 0))
            except queue.Empty:
                line = ""
            if line is None or remaining <= 0:
                why = (f"exited {process.wait()}" if line is None
                       else "printed no http://…/login?token=… line within 20 s")
                pytest.fail(f"qctl web {why}\nstdout: {lines}\n"
                            f"stderr: {stderr_path.read_text(errors='replace')}", pytrace=False)
            if match := LOGIN_URL.search(line):
                login_url = match.group(0)
        parts = urllib.parse.urlsplit(login_url)
        token = urllib.parse.parse_qs(parts.query)["token"][0]
        yield WebServer(process=process, base_url=f"{parts.scheme}://{parts.netloc}",
                        login_url=login_url, token=token, stderr_path=stderr_path,
                        stdout_lines=lines)
    finally:
        stop_process_group(process)
        reader.join(10)
        process.stdout.close()


class _CsrfFinder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.values = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") == "csrf":
            self.values.append(attributes.get("value") or "")


def csrf_token(page):
    """The value of the first hidden input named csrf in the HTML page; fails when none."""
    finder = _CsrfFinder()
    finder.feed(page)
    assert finder.values, "the page has no input named csrf"
    return finder.values[0]


# The browser -----------------------------------------------------------------------------------

class ConsoleLog:
    """The browser console's entries since the driver started. Chromedriver hands each entry
    out once (driver.get_log), so every reader goes through this log, which keeps them."""

    def __init__(self, driver):
        self.driver = driver
        self.entries = []

    def collect(self):
        """Every entry so far (dicts with level, message, source, timestamp)."""
        self.entries.extend(self.driver.get_log("browser"))
        return list(self.entries)

    def clear(self):
        """Forgets the entries so far, such as the errors a test provoked on purpose."""
        self.collect()
        self.entries.clear()


def console_log(driver):
    """The ConsoleLog of a driver made by the browser fixture."""
    return driver.qctl_console


def severe_entries(entries):
    """The entries of level SEVERE: console.error, uncaught exceptions, failed loads."""
    return [entry for entry in entries if entry.get("level") == "SEVERE"]


def format_entries(entries):
    return "\n".join(f"  {e.get('level')} {e.get('source', '')}: {e.get('message')}"
                     for e in entries)


def chrome_options():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=%d,%d" % WINDOW_SIZE, "--no-first-run",
                     "--no-default-browser-check", "--disable-extensions",
                     "--disable-background-networking", "--disable-sync",
                     "--password-store=basic"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return options


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browser(request, tmp_path):
    """A Selenium Chrome WebDriver: Debian's chromium, headless, 1280×900, driven by Debian's
    chromedriver (its log in tmp_path / "chromedriver.log"). Afterwards: when the test failed,
    a screenshot and the page's HTML go to tmp_path (failure.png, failure.html); the test fails
    when the console holds SEVERE entries; the driver is quit in any case."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            pytest.fail(f"no {path}: install Debian's {package} (make test-deps does)",
                        pytrace=False)
    service = Service(executable_path=CHROMEDRIVER, log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=chrome_options())
    driver.qctl_console = ConsoleLog(driver)
    try:
        yield driver
        call = getattr(request.node, "report_call", None)
        if call is not None and call.failed:
            save_screenshot(driver, tmp_path / "failure.png")
            (tmp_path / "failure.html").write_text(driver.page_source)
            print(f"the page at {driver.current_url} when the test failed: {tmp_path}/failure.*")
        errors = severe_entries(driver.qctl_console.collect())
        if errors:
            pytest.fail(f"the browser console has errors:\n{format_entries(errors)}",
                        pytrace=False)
    finally:
        driver.quit()


def click_button(driver, label):
    """Clicks the button labelled `label`, once the page it is on is there."""
    def clicked():
        driver.find_element(By.XPATH, f'//button[text()="{label}"]').click()
        return True
    wait_until(clicked, 10, f"no {label} button", ignoring=PAGE_CHANGING)


def login(driver, web, timeout=10):
    """Opens web.login_url in the browser and waits until it lands on /."""
    driver.get(web.login_url)
    WebDriverWait(driver, timeout).until(
        lambda d: urllib.parse.urlsplit(d.current_url).path == "/",
        f"login did not land on / (at {driver.current_url})")
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def save_screenshot(driver, path, full_height=False):
    """Saves a PNG of the window to path (its folder made when missing). full_height first
    makes the window as tall as the page, so that the picture shows all of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if full_height:
        height = driver.execute_script(
            "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
        driver.set_window_size(WINDOW_SIZE[0], max(height, WINDOW_SIZE[1]))
    if not driver.save_screenshot(str(path)):
        pytest.fail(f"the screenshot to {path} failed", pytrace=False)
    return path
