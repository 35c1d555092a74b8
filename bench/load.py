"""Load: N concurrent searchers and one editor adding articles against `haiquan serve` on loopback.

    python bench/load.py [--clients 20] [--seconds 60]

Sets up a data directory with the bundled corpus and a model (under
bench/.cache/load/), starts `haiquan serve` in a subprocess on a free port, and
for a bounded time runs `clients - 1` searcher threads and one editor thread
posting new articles through the JSON API. Reports throughput, p50/p95 latency,
errors, and checks that every article the server accepted is in the archive
and findable by search. Writes bench/results/load.json.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CACHE, ROOT, percentile, print_table, write_result  # noqa: E402

QUERIES = ["hải quan", "buôn lậu", "buon lau", "cửa khẩu Hữu Nghị", '"thông quan"', "thuế nhập khẩu",
           "ma túy", "xe container", "thi đua khen thưởng", "thu tuc hai quan", "sầu riêng", "gian lận xuất xứ",
           "ngà voi", "Móng Cái", "Lao Bảo", "tờ khai", "vàng", "xăng dầu", "kiểm tra sau thông quan", "bằng khen"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(env, *args) -> str:
    out = subprocess.run([sys.executable, "-c", "from haiquan.cli import main; main()", *args], env=env,
                         capture_output=True, text=True, check=True)
    return out.stdout


def request(port, method, path, token, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {token}"}
    data = None
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers["Content-Type"] = "application/json"
    t = time.perf_counter()
    conn.request(method, path, body=data, headers=headers)
    resp = conn.getresponse()
    payload = resp.read()
    ms = (time.perf_counter() - t) * 1000
    conn.close()
    return resp.status, payload, ms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    args = ap.parse_args()
    base = CACHE / "load"
    if base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True)
    env = {**os.environ, "HAIQUAN_DATA": str(base / "data"), "HAIQUAN_MODELS": str(base / "models"),
           "PYTHONPATH": str(ROOT)}
    print("setting up (bundled corpus, model, index)…", flush=True)
    cli(env, "bootstrap")
    cli(env, "user", "add", "reader", "--role", "viewer", "--password", "reader-pass")
    cli(env, "user", "add", "writer", "--role", "editor", "--password", "writer-pass")
    reader = cli(env, "user", "token", "reader").strip()
    writer = cli(env, "user", "token", "writer").strip()
    port = free_port()
    server_log = open(base / "server.log", "w")
    server = subprocess.Popen([sys.executable, "-X", "faulthandler", "-c", "from haiquan.cli import main; main()",
                               "serve", "--port", str(port), "--threads", "8"], env=env, stdout=server_log,
                              stderr=server_log)
    for _ in range(300):
        try:
            if request(port, "GET", "/api/me", reader)[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    stop = time.monotonic() + args.seconds
    lock = threading.Lock()
    searches, writes, errors, accepted = [], [], [], []

    def searcher(k):
        rng = random.Random(k)
        while time.monotonic() < stop:
            q = rng.choice(QUERIES)
            path = "/api/search?" + urllib.parse.urlencode({"q": q, "page": rng.choice([1, 1, 1, 2])})
            try:
                status, _, ms = request(port, "GET", path, reader)
            except OSError as exc:
                with lock:
                    errors.append(f"search: {exc}")
                continue
            with lock:
                searches.append(ms)
                if status != 200:
                    errors.append(f"search {q!r}: HTTP {status}")

    def editor():
        n = 0
        while time.monotonic() < stop:
            n += 1
            marker = f"loadtest{n:05d}"
            body = {"id": f"load-{n:05d}", "title": f"Tin tải thử {marker} về thông quan hàng hóa",
                    "body": f"Bài số {n} ({marker}) kiểm tra ghi đồng thời: hải quan cửa khẩu làm thủ tục cho xe hàng."}
            try:
                status, payload, ms = request(port, "POST", "/api/articles", writer, body)
            except OSError as exc:
                with lock:
                    errors.append(f"write: {exc}")
                continue
            with lock:
                writes.append(ms)
                if status == 201:
                    accepted.append((body["id"], marker))
                else:
                    errors.append(f"write {n}: HTTP {status} {payload[:200]!r}")

    threads = [threading.Thread(target=searcher, args=(k,)) for k in range(args.clients - 1)]
    threads.append(threading.Thread(target=editor))
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    lost, unfindable = [], []
    for art_id, marker in accepted:
        if request(port, "GET", f"/api/articles/{art_id}", reader)[0] != 200:
            lost.append(art_id)
        status, payload, _ = request(port, "GET", "/api/search?" + urllib.parse.urlencode({"q": marker}), reader)
        if art_id not in [r["id"] for r in json.loads(payload)["results"]]:
            unfindable.append(art_id)
    server.terminate()
    server.wait(timeout=30)
    result = {
        "clients": args.clients, "seconds": elapsed,
        "searches": {"n": len(searches), "per_s": len(searches) / elapsed, "p50_ms": percentile(searches, 0.5),
                     "p95_ms": percentile(searches, 0.95)},
        "writes": {"n": len(writes), "per_s": len(writes) / elapsed, "p50_ms": percentile(writes, 0.5),
                   "p95_ms": percentile(writes, 0.95), "accepted": len(accepted)},
        "errors": len(errors), "error_samples": errors[:10], "lost": lost, "unfindable": unfindable,
    }
    print_table(["", "n", "per s", "p50 ms", "p95 ms"], [
        ("searches", len(searches), f"{result['searches']['per_s']:.1f}", f"{result['searches']['p50_ms']:.0f}",
         f"{result['searches']['p95_ms']:.0f}"),
        ("writes", len(writes), f"{result['writes']['per_s']:.1f}", f"{result['writes']['p50_ms']:.0f}",
         f"{result['writes']['p95_ms']:.0f}")])
    print(f"errors: {len(errors)}; accepted writes: {len(accepted)}; lost: {len(lost)}; not findable: {len(unfindable)}")
    print(f"wrote {write_result('load', result)}")


if __name__ == "__main__":
    main()
