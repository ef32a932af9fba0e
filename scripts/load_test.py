#!/usr/bin/env python3
"""Load test: the portal under gunicorn on 127.0.0.1, N concurrent logged-in users for D seconds.

    .venv/bin/python scripts/load_test.py                      # 20 users, 60 s, port 8105
    .venv/bin/python scripts/load_test.py --users 5 --duration 10 --skip-setup

What it does, bounded in time (setup, then the run, then a hard stop):
1. prepares a PostgreSQL database (create if missing, migrate, `seed_portal --demo-accounts`) and the
   static files (whitenoise manifest storage, as `make serve`);
2. starts gunicorn on 127.0.0.1 only (scripts/gunicorn.conf.py, DEBUG off) and waits for /health/;
3. logs in as each demo role and crawls the pages linked from home (same site, GET only), so dashboards,
   lists, PDF and spreadsheet downloads that exist at run time are picked up; EXTRA_PATHS adds pages
   no link reaches; SKIP drops what must not be hammered;
4. runs the users (threads, each with its own session), each requesting its role's pages in turn;
5. prints requests, errors, throughput and latency percentiles overall and per page; stops gunicorn.
Standard library only. Exit status 1 when any request failed (status >= 400 or a network error).
"""

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import statistics
import subprocess  # nosec B404
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

# bandit B404 answered: subprocess starts only our own programs (manage.py, gunicorn, createdb), never a shell.
BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"  # never anything else
# bandit B105 answered: the published password of `seed_portal --demo-accounts`, on a local test database.
PASSWORD = "demo-ntm-2024"  # nosec B105

# Who the simulated users are, in turn: officials record, the steering committee reads, the district compares.
ROLES = ["canbo.quanggiao", "bcd.quanggiao", "vpdp.quangxuong"]
# Pages no link reaches but worth measuring (paths; add freely). Missing ones (404) are dropped at crawl time.
EXTRA_PATHS = ["/", "/units/", "/audit/", "/accounts/login/"]
# Never requested: leaving the session, the admin, language switching, uploads (sizes vary).
SKIP = re.compile(r"^/(accounts/logout|admin/|i18n/|media/)")
CRAWL_LIMIT = 60  # pages per role
PAGE_PARAM = re.compile(r"[?&]page=\d+")


# A small HTTP client with cookies; redirects are not followed while measuring.


class Session:
    def __init__(self, port: int, timeout: float = 30):
        self.port, self.timeout, self.cookies = port, timeout, {}

    def request(self, method: str, path: str, body: dict | None = None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        headers = {"Host": f"{HOST}:{self.port}", "User-Agent": "ntm-load-test"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), content
        finally:
            connection.close()

    def login(self, username: str):
        _status, _headers, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not token:
            raise RuntimeError("login page without a CSRF token")
        status, headers, _ = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": PASSWORD},
        )
        if status != 302:
            raise RuntimeError(f"login as {username} failed with HTTP {status}")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def crawl(port: int, username: str) -> list[str]:
    """Pages this user reaches from home by links, answered 200 (redirects followed to their target)."""
    session = Session(port)
    session.login(username)
    queue, seen, found = list(EXTRA_PATHS), set(), []
    while queue and len(found) < CRAWL_LIMIT:
        path = queue.pop(0)
        key = PAGE_PARAM.sub("", path)  # one page of each paginated list is enough
        if key in seen or SKIP.match(path):
            continue
        seen.add(key)
        status, headers, content = session.request("GET", path)
        if status in (301, 302) and headers.get("Location"):
            target = urlsplit(urljoin(path, headers["Location"]))
            if not target.netloc or target.netloc == f"{HOST}:{port}":
                queue.insert(0, target.path + (f"?{target.query}" if target.query else ""))
            found.append(path)  # the redirect itself is a page users hit (home sends each role to its place)
            continue
        if status != 200:
            continue
        found.append(path)
        if "text/html" not in headers.get("Content-Type", ""):
            continue  # a PDF or a spreadsheet: measured, not parsed
        parser = Links()
        parser.feed(content.decode("utf-8", "replace"))
        for href in parser.hrefs:
            target = urlsplit(urldefrag(urljoin(path, href))[0])
            if target.scheme not in ("", "http") or (target.netloc and target.netloc != f"{HOST}:{port}"):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return found


# The run


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, seconds: float, error: str | None):
        with self.lock:
            self.latencies.setdefault(path, []).append(seconds)
            if error:
                self.errors.append(error)


def user_loop(port: int, username: str, pages: list[str], offset: int, deadline: float, result: Result):
    session = Session(port)
    try:
        session.login(username)
    except (OSError, RuntimeError) as error:
        result.add("(login)", 0.0, f"{username}: {error}")
        return
    index = offset
    while time.monotonic() < deadline:
        path = pages[index % len(pages)]
        index += 1
        started = time.perf_counter()
        try:
            status, _headers, _content = session.request("GET", path)
            error = f"{status} {path}" if status >= 400 else None
        except OSError as failure:
            error = f"{type(failure).__name__} {path}"
        result.add(path, time.perf_counter() - started, error)


def percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def report(result: Result, elapsed: float, users: int) -> dict:
    every = [value for values in result.latencies.values() for value in values]
    summary = {
        "users": users,
        "seconds": round(elapsed, 1),
        "requests": len(every),
        "errors": len(result.errors),
        "throughput_rps": round(len(every) / elapsed, 1) if elapsed else 0,
        "p50_ms": round(percentile(every, 0.50) * 1000) if every else None,
        "p95_ms": round(percentile(every, 0.95) * 1000) if every else None,
        "p99_ms": round(percentile(every, 0.99) * 1000) if every else None,
        "max_ms": round(max(every) * 1000) if every else None,
        "pages": {
            path: {
                "requests": len(values),
                "p50_ms": round(percentile(values, 0.50) * 1000),
                "p95_ms": round(percentile(values, 0.95) * 1000),
            }
            for path, values in sorted(result.latencies.items())
        },
        "first_errors": result.errors[:10],
    }
    print(
        f"\n{summary['users']} users, {summary['seconds']} s: {summary['requests']} requests, "
        f"{summary['errors']} errors, {summary['throughput_rps']} req/s; latency p50 {summary['p50_ms']} ms, "
        f"p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms, max {summary['max_ms']} ms"
    )
    print(f"\n{'page':<60} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7}")
    for path, figures in summary["pages"].items():
        print(f"{path[:60]:<60} {figures['requests']:>8} {figures['p50_ms']:>7} {figures['p95_ms']:>7}")
    for error in summary["first_errors"]:
        print(f"error: {error}")
    return summary


# Setup and the server


def environment(args, static_root: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.database_url,
        DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        STATIC_ROOT=static_root,
        STATICFILES_STORAGE="core.storage.CompressedManifestStorage",
        GUNICORN_BIND=f"{HOST}:{args.port}",
        WEB_CONCURRENCY=str(args.workers),
        GUNICORN_ACCESS_LOG="/dev/null",
        LOG_LEVEL="ERROR",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def run(arguments: list[str], **options) -> subprocess.CompletedProcess:
    """Every helper program this script runs: fixed argument lists, never a shell."""
    return subprocess.run(arguments, cwd=BASE_DIR, **options)  # noqa: S603  # nosec B603


def prepare(env: dict, database_url: str, timeout: float):
    address = urlsplit(database_url)
    created = run(
        [
            "/usr/bin/env",
            "createdb",
            "-h",
            address.hostname,
            "-U",
            address.username or "postgres",
            address.path.lstrip("/"),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if created.returncode != 0 and "already exists" not in created.stderr:
        raise RuntimeError(created.stderr)
    for command in (["migrate", "--noinput", "-v0"], ["seed_portal", "--demo-accounts"]):
        print(f"setup: manage.py {' '.join(command)}", flush=True)
        run([str(PYTHON), "manage.py", *command], env=env, check=True, timeout=timeout, stdout=subprocess.DEVNULL)


def start_server(env: dict, port: int, timeout: float) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603  # nosec B603
        [str(GUNICORN), "-c", "scripts/gunicorn.conf.py", "ntm_portal.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {server.stderr.read().decode()[-2000:]}")
        try:
            if Session(port, timeout=2).request("GET", "/health/")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise RuntimeError("gunicorn did not answer /health/ in time")


def stop_server(server: subprocess.Popen):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # its own process group: gunicorn and its workers only
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_TEST_PORT", "8105")))
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1, help="gunicorn workers")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOAD_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ntm_security_dev"),
    )
    parser.add_argument("--skip-setup", action="store_true", help="database already migrated and seeded")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--exclude", help="regular expression of paths not to request (e.g. 'pdf|zip')")
    args = parser.parse_args()
    if urlsplit(args.database_url).hostname not in (HOST, "localhost"):
        parser.error("the load test only runs against a local database")

    with tempfile.TemporaryDirectory(prefix="ntm-static-") as static_root:
        env = environment(args, static_root)
        if not args.skip_setup:
            prepare(env, args.database_url, timeout=300)
        print("setup: manage.py collectstatic (whitenoise manifest, as `make serve`)", flush=True)
        run([str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True, timeout=300)
        server = start_server(env, args.port, timeout=60)
        try:
            pages = {username: crawl(args.port, username) for username in ROLES}
            if args.exclude:
                pages = {
                    user: [path for path in paths if not re.search(args.exclude, path)] for user, paths in pages.items()
                }
            for username, paths in pages.items():
                print(f"crawl: {username}: {len(paths)} pages", flush=True)
            result = Result()
            started = time.monotonic()
            deadline = started + args.duration
            threads = [
                threading.Thread(
                    target=user_loop,
                    args=(args.port, ROLES[n % len(ROLES)], pages[ROLES[n % len(ROLES)]], n, deadline, result),
                    daemon=True,
                )
                for n in range(args.users)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=max(0.0, deadline - time.monotonic()) + 60)  # a stuck request cannot hang us
            summary = report(result, time.monotonic() - started, args.users)
            summary["workers"] = args.workers
        finally:
            stop_server(server)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
