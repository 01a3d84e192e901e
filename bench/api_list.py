"""The contractor API's orders list under load, side by side with a bare baseline, on gunicorn and PostgreSQL.

Seeds a contractor with a few hundred orders (among a few thousand of other contractors) in the throw-away
database, starts two gunicorn servers on loopback with ``bench.settings`` (2 sync workers each, like the
Procfile) and loads them in turn, round after round, so that both see the same machine noise:

* **api** — ``GET /api/v1/orders/?page_size=100`` with ``Authorization: Bearer …``: token lookup, throttle,
  filters, cursor pagination, ``OrderSerializer``, DRF's JSON renderer.
* **baseline** — ``GET /bench/baseline/orders/?contractor=<id>&page_size=100`` (``bench.baseline``): the same
  rows in the same JSON, from one raw SQL query and orjson, with nothing else.

Prints requests per second and p50/p99 latency (medians of the rounds), the API/baseline throughput ratio,
and the SQL queries the API spends on one page (counted in-process with a test client).
The goal: the API at least half the baseline's throughput, at most 4 queries per page.
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.citygen import generate
from greenspaces.models import District
from maintenance import services
from maintenance.choices import (
    AlertState,
    CapMsgType,
    CapStatus,
    OrderSource,
    OrderStatus,
    Priority,
    WarningLevel,
    WarningType,
)
from maintenance.models import ContractArea, Contractor, MaintenanceOrder, ResponseRule, WeatherAlert

HOST = "127.0.0.1"
PAGE_SIZE = 100
API_PATH = f"/api/v1/orders/?page_size={PAGE_SIZE}"
BASELINE_PATH = "/bench/baseline/orders/?contractor={contractor_id}&page_size=" + str(PAGE_SIZE)

# Load: rounds alternate api, baseline, api, baseline, … and the figures are the medians of the rounds.
ROUNDS = 3
ROUND_SECONDS = 10
WARMUP_SECONDS = 3
WRK_THREADS = 2
CONNECTIONS = 8
WORKERS = 2  # the machine has 2 cores
SERVER_START_TIMEOUT = 30.0
# The Python fallback load generator stops at whichever comes first: ROUND_SECONDS or this many requests.
MAX_REQUESTS_PER_ROUND = 200_000

# Data: 2 warnings over 2,000 green spaces shared by 5 contractors → 4,000 weather orders, 800 of them the
# benchmarked contractor's, plus a few irrigation orders (no warning, irrigation advice) on top of its list
# so the page mixes both shapes of order.
GREEN_SPACES = 2_000
CONTRACTORS = 5
IRRIGATION_ORDERS = 25
# The API throttles each token (API_THROTTLE_RATE, 600/min by default) and the load must not turn into 429s.
# Rather than switch the throttle off (it is part of what a request costs), the load rotates over many tokens
# of the same contractor: 128 tokens × 600/min = 1,280 requests/s sustained, far above what 2 workers serve.
TOKENS = 128

ROOT = Path(__file__).resolve().parent.parent
# WhiteNoise warns at start-up when collectstatic has not run; the bench serves no static files.
NO_STATIC_FILES_WARNING = "No directory at"


@dataclass
class Dataset:
    """What was seeded: the contractor whose orders are listed, and bearer tokens for it."""

    contractor_id: int
    tokens: list[str]
    orders_total: int
    orders_contractor: int


@dataclass
class Measurement:
    """One load round against one server."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Server:
    """A gunicorn subprocess serving ``bench.settings`` on a loopback port, and the path it is loaded on."""

    name: str
    path: str
    port: int
    process: subprocess.Popen
    log: Path


# --- Data ------------------------------------------------------------------------------------


def _alert(identifier: str, district: District, warning_type: str) -> WeatherAlert:
    """An active, dispatchable warning over one district, as the CAP ingestion would store it."""
    now = timezone.now()
    alert = WeatherAlert.objects.create(
        sender="bench@example.cn",
        identifier=identifier,
        sent=now,
        status=CapStatus.ACTUAL,
        msg_type=CapMsgType.ALERT,
        scope="Public",
        warning_type=warning_type,
        level=WarningLevel.ORANGE,
        state=AlertState.ACTIVE,
        headline=f"阳泉市气象台发布{identifier}橙色预警",
        onset=now,
        expires=now + datetime.timedelta(hours=24),
        source="file",
        raw_xml="<alert/>",
    )
    alert.districts.set([district])
    return alert


def seed() -> Dataset:
    """Create the green spaces, contracts, orders and tokens; everything committed, for the servers to read.

    Uses warning types of its own (gale, heat) and a district of its own, so it does not mix with what the
    fan-out benchmark leaves behind in the same database.
    """
    district = District.objects.create(code="990100", name="接口基准区")
    generate(green_spaces=GREEN_SPACES, contractors=CONTRACTORS, prefix="api", districts=[district])
    contractor = Contractor.objects.get(name="api养护公司0")
    for warning_type, name in ((WarningType.GALE, "大风"), (WarningType.HEAT, "高温")):
        ResponseRule.objects.create(
            name=f"bench-api-{warning_type}", warning_type=warning_type, min_level=WarningLevel.BLUE,
            task_zh=f"{name}后巡查绿地，处理倒伏树木和损坏设施", task_en="Patrol the green space after the warning",
            priority=Priority.HIGH,
        )  # fmt: skip
        alert = _alert(f"{name}-bench-api", district, warning_type)
        # The fan-out asks Celery (on commit) to deliver the new orders' webhooks. This is a throw-away
        # database: keep those tasks out of the real broker queue (var/celery with no REDIS_URL).
        with mock.patch("maintenance.tasks.enqueue", return_value=False), transaction.atomic():
            services.orders_fan_out(alert=alert)

    now = timezone.now()
    space_ids = list(
        ContractArea.objects.filter(contract__contractor=contractor)
        .order_by("green_space_id")
        .values_list("green_space_id", flat=True)[:IRRIGATION_ORDERS]
    )
    MaintenanceOrder.objects.bulk_create(
        [
            MaintenanceOrder(
                source=OrderSource.IRRIGATION, green_space_id=space_id, contractor=contractor,
                title="灌溉建议", task_zh="按建议水量灌溉", task_en="Irrigate as advised", priority=Priority.NORMAL,
                status=OrderStatus.ISSUED, ack_due_at=now + datetime.timedelta(hours=6),
                complete_due_at=now + datetime.timedelta(hours=30), irrigation_date=timezone.localdate(now),
                irrigation_depth_mm=Decimal("12.5"), irrigation_volume_m3=Decimal("84.0"),
                irrigation_from_cistern_m3=Decimal("20.0"), created_at=now, updated_at=now,
            )
            for space_id in space_ids
        ]
    )  # fmt: skip
    tokens = [services.api_token_create(contractor=contractor, name=f"bench-{n}")[1] for n in range(TOKENS)]
    return Dataset(
        contractor_id=contractor.pk,
        tokens=tokens,
        orders_total=MaintenanceOrder.objects.count(),
        orders_contractor=MaintenanceOrder.objects.filter(contractor=contractor).count(),
    )


# --- Queries per page (in-process) -------------------------------------------------------------


def count_queries(dataset: Dataset) -> tuple[int, int, list[str]]:
    """SQL queries of one API page with the test client: (first request of a token, steady state, their SQL).

    A token's first request in a minute also writes its ``last_used_at``; every other request is the steady
    state, which is what the goal is about. A token of its own, so the load rounds do not affect it.
    """
    contractor = Contractor.objects.get(pk=dataset.contractor_id)
    raw = services.api_token_create(contractor=contractor, name="bench-queries")[1]
    headers = {"Authorization": f"Bearer {raw}"}
    client = Client()
    # The throttle's history goes to the cache: a local-memory one here, not the portal's files under var/.
    with (
        override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}),
        warnings.catch_warnings(),
    ):
        warnings.filterwarnings("ignore", NO_STATIC_FILES_WARNING, UserWarning)
        with CaptureQueriesContext(connection) as first:
            response = client.get(API_PATH, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"API answered {response.status_code}: {response.content[:300]!r}")
        with CaptureQueriesContext(connection) as steady:
            response = client.get(API_PATH, headers=headers)
    if len(response.json()["results"]) != PAGE_SIZE:
        raise RuntimeError("the API page is not full: seed more orders")
    return len(first), len(steady), [query["sql"] for query in steady.captured_queries]


# --- Servers ---------------------------------------------------------------------------------


def _database_url() -> str:
    """DATABASE_URL for the servers: the one this run was given, pointing at the throw-away database."""
    parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(parts._replace(path="/" + urllib.parse.quote(connection.settings_dict["NAME"])))


def _free_port() -> int:
    """A loopback port nothing listens on right now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(name: str, path: str, workdir: Path) -> Server:
    """Start gunicorn with ``bench.settings`` against the throw-away database; returns once it answers."""
    port = _free_port()
    log = workdir / f"{name}-gunicorn.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": HOST,
        # Production settings would redirect plain HTTP to HTTPS; the bench measures the application itself.
        "DJANGO_ENV": "development",
        # The throttle's file cache (when there is no REDIS_URL) and anything else under var/ go to the
        # run's temporary directory, not the portal's var/.
        "VAR_DIR": str(workdir / f"{name}-var"),
        "PYTHONWARNINGS": f"ignore:{NO_STATIC_FILES_WARNING}:UserWarning",
    }
    command = [
        sys.executable, "-m", "gunicorn", "greening.wsgi:application",
        "--bind", f"{HOST}:{port}", "--workers", str(WORKERS),
        # gunicorn ≥ 24 opens a control socket at ~/.gunicorn/gunicorn.ctl by default: one per user, shared
        # with any other gunicorn on the machine (a running portal). The bench servers need none.
        "--no-control-socket",
        "--error-logfile", str(log), "--log-level", "warning",
    ]  # fmt: skip
    # A session of its own, so the whole server (master and workers) can be stopped as one group.
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    server = Server(name=name, path=path, port=port, process=process, log=log)
    try:
        _wait_until_up(server)
    except BaseException:
        stop_server(server)
        raise
    return server


def _wait_until_up(server: Server) -> None:
    """Poll the server until it answers HTTP at all (any status), or fail with its log."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    url = f"http://{HOST}:{server.port}/healthz"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answered (healthz may say 503 without a broker): the server is up
        except OSError:
            time.sleep(0.2)
    log = server.log.read_text(errors="replace")[-2000:] if server.log.exists() else ""
    raise RuntimeError(f"gunicorn ({server.name}) did not answer within {SERVER_START_TIMEOUT:.0f} s\n{log}")


def stop_server(server: Server) -> None:
    """Stop gunicorn gracefully (SIGTERM to the master), then by force if it lingers."""
    if server.process.poll() is not None:
        return
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        # Only the process group this bench started: the master and its workers.
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=5)


def _get_json(server: Server, path: str, token: str) -> dict:
    request = urllib.request.Request(f"http://{HOST}:{server.port}{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def compare_pages(api: Server, baseline: Server, dataset: Dataset) -> str:
    """Check both servers answer with the same page; returns a one-line verdict for the report."""
    token = dataset.tokens[0]
    api_page = _get_json(api, api.path, token)
    base_page = _get_json(baseline, baseline.path, token)
    api_rows, base_rows = api_page["results"], base_page["results"]
    if [row["id"] for row in api_rows] != [row["id"] for row in base_rows]:
        raise RuntimeError("the baseline does not list the same orders as the API")
    if len(api_rows) != PAGE_SIZE:
        raise RuntimeError(f"the API page has {len(api_rows)} orders, not {PAGE_SIZE}")
    cursor = urllib.parse.parse_qs(urllib.parse.urlsplit(api_page["next"] or "").query).get("cursor")
    base_cursor = urllib.parse.parse_qs(urllib.parse.urlsplit(base_page["next"] or "").query).get("cursor")
    different = sorted(
        {f"{key}" for a, b in zip(api_rows, base_rows, strict=True) for key in a if a[key] != b.get(key)}
        | ({"next (cursor)"} if cursor != base_cursor else set())
    )
    if different:
        return f"same {len(api_rows)} orders; fields that differ: {', '.join(different)}"
    return f"same {len(api_rows)} orders, identical JSON values"


# --- Load ------------------------------------------------------------------------------------

WRK_SCRIPT = """\
-- Written by bench/api_list.py: rotate bearer tokens over the requests, print one parseable result line.
local tokens = {%(tokens)s}
local path = "%(path)s"
local threads = {}
local requests = {}
local counter = 0

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  -- Pre-formatted requests, one per token; each thread starts at its own place in the rotation.
  local host = wrk.headers["Host"]
  for i, token in ipairs(tokens) do
    requests[i] = wrk.format("GET", path, {["Host"] = host, ["Authorization"] = "Bearer " .. token})
  end
  counter = offset * 37
end

function request()
  counter = counter + 1
  return requests[counter %% #requests + 1]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH_RESULT %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50.0), latency:percentile(99.0), e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def _wrk_script(workdir: Path, name: str, path: str, tokens: list[str]) -> Path:
    script = workdir / f"{name}.lua"
    script.write_text(WRK_SCRIPT % {"tokens": ", ".join(f'"{token}"' for token in tokens), "path": path})
    return script


def load_wrk(wrk: str, server: Server, script: Path, seconds: int) -> Measurement:
    """One wrk run: requests, duration and latency percentiles come from the script's ``done`` line."""
    command = [
        wrk, f"--threads={WRK_THREADS}", f"--connections={CONNECTIONS}", f"--duration={seconds}s", "--timeout=10s",
        "--latency", f"--script={script}", f"http://{HOST}:{server.port}{server.path}",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    line = next((line for line in result.stdout.splitlines() if line.startswith("BENCH_RESULT ")), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    requests, duration_us, p50_us, p99_us, non_2xx, socket_errors = (int(v) for v in line.split()[1:])
    return Measurement(requests, duration_us / 1e6, p50_us / 1e3, p99_us / 1e3, non_2xx, socket_errors)


def load_python(server: Server, tokens: list[str], seconds: int) -> Measurement:
    """Fallback without wrk: CONNECTIONS threads with keep-alive http.client connections, bounded in time and count.

    Its client shares the 2 cores (and the GIL) with the servers, so it saturates them less well than wrk does.
    """
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(CONNECTIONS)]
    failures = {"non_2xx": 0, "socket": 0}
    issued = iter(range(MAX_REQUESTS_PER_ROUND))
    lock = threading.Lock()

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(HOST, server.port, timeout=10)
        mine = latencies[index]
        n = index * 37
        try:
            while time.perf_counter() < deadline:
                with lock:
                    if next(issued, None) is None:
                        return
                n += 1
                headers = {"Authorization": f"Bearer {tokens[n % len(tokens)]}"}
                started = time.perf_counter()
                try:
                    conn.request("GET", server.path, headers=headers)
                    response = conn.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    conn.close()  # http.client reconnects on the next request
                    with lock:
                        failures["socket"] += 1
                    continue
                mine.append(time.perf_counter() - started)
                if not 200 <= response.status < 400:
                    with lock:
                        failures["non_2xx"] += 1
        finally:
            conn.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=client, args=(index,), daemon=True) for index in range(CONNECTIONS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=seconds + 30)
    elapsed = time.perf_counter() - started
    every = sorted(value for values in latencies for value in values)
    if not every:
        raise RuntimeError(f"no request to {server.name} succeeded")
    p50 = every[len(every) // 2]
    p99 = every[min(len(every) - 1, int(len(every) * 0.99))]
    return Measurement(len(every), elapsed, p50 * 1e3, p99 * 1e3, failures["non_2xx"], failures["socket"])


# --- The run ---------------------------------------------------------------------------------


def run() -> dict | None:
    """Seed, count the queries, start both servers, load them in alternate rounds; None when not on PostgreSQL."""
    if connection.vendor != "postgresql" or not os.environ.get("DATABASE_URL"):
        print("api_list: skipped, it needs PostgreSQL (DATABASE_URL=postgres://…), which the servers share")
        return None
    dataset = seed()
    first_queries, queries, sql = count_queries(dataset)
    # The servers' own connections must not find this process in the middle of a transaction.
    connection.close()

    wrk = shutil.which("wrk")
    workdir = Path(tempfile.mkdtemp(prefix="bench-api-list-"))
    servers: list[Server] = []
    rounds: dict[str, list[Measurement]] = {"api": [], "baseline": []}
    try:
        servers.append(start_server("api", API_PATH, workdir))
        servers.append(start_server("baseline", BASELINE_PATH.format(contractor_id=dataset.contractor_id), workdir))
        verdict = compare_pages(servers[0], servers[1], dataset)
        scripts = {s.name: _wrk_script(workdir, s.name, s.path, dataset.tokens) for s in servers} if wrk else {}

        def measure(server: Server, seconds: int) -> Measurement:
            if wrk:
                return load_wrk(wrk, server, scripts[server.name], seconds)
            return load_python(server, dataset.tokens, seconds)

        # Warm-up: every worker imports lazily, opens its database connection and fills its caches.
        for server in servers:
            measure(server, WARMUP_SECONDS)
        for number in range(ROUNDS):
            for server in servers:
                rounds[server.name].append(measure(server, ROUND_SECONDS))
                latest = rounds[server.name][-1]
                print(f"  round {number + 1}/{ROUNDS} {server.name:<8} {latest.rps:8.1f} req/s", flush=True)
    finally:
        for server in servers:
            stop_server(server)
        shutil.rmtree(workdir, ignore_errors=True)

    return {
        "dataset": dataset,
        "loader": f"wrk ({WRK_THREADS} threads, {CONNECTIONS} connections)" if wrk else "python (http.client)",
        "rounds": rounds,
        "queries_first": first_queries,
        "queries": queries,
        "sql": sql,
        "verdict": verdict,
    }


def _median(measurements: list[Measurement], field: str) -> float:
    return statistics.median(getattr(m, field) for m in measurements)


def report(results: dict | None) -> None:
    """Print the table: rps, p50, p99 per server (medians of the rounds), the ratio and the queries per page."""
    if results is None:
        return
    dataset: Dataset = results["dataset"]
    rounds: dict[str, list[Measurement]] = results["rounds"]
    print(
        f"orders list on {connection.vendor} + gunicorn ({WORKERS} sync workers), {results['loader']}, "
        f"{ROUNDS} alternating rounds of {ROUND_SECONDS} s, medians; "
        f"{dataset.orders_contractor} of {dataset.orders_total} orders are the caller's, page of {PAGE_SIZE}:"
    )
    print(f"  {'server':<10}{'rps':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>9}")
    for name, measurements in rounds.items():
        errors = sum(m.non_2xx + m.socket_errors for m in measurements)
        print(
            f"  {name:<10}{_median(measurements, 'rps'):>10.1f}{_median(measurements, 'p50_ms'):>10.1f}"
            f"{_median(measurements, 'p99_ms'):>10.1f}{errors:>9}"
        )
    ratio = _median(rounds["api"], "rps") / _median(rounds["baseline"], "rps")
    per_round = ", ".join(
        f"{a.rps / b.rps:.2f}" for a, b in zip(rounds["api"], rounds["baseline"], strict=True) if b.rps
    )
    print(f"  API / baseline throughput: {ratio:.2f} (goal ≥ 0.5; per round: {per_round})")
    print(
        f"  SQL queries per API page: {results['queries']} "
        f"({results['queries_first']} on a token's first request in a minute, which notes last_used_at; goal ≤ 4)"
    )
    for statement in results["sql"]:
        print(f"    {' '.join(statement.split())[:110]}…")
    print(f"  responses: {results['verdict']}")
    if any(m.non_2xx for ms in rounds.values() for m in ms):
        print("  WARNING: some responses were not 2xx (throttled? see TOKENS); the figures are not comparable")
