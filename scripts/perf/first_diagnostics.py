#!/usr/bin/env python3
"""Whole-process figures: time to first published diagnostics and peak RSS of `ipcls server`
against `typescript-language-server --stdio` (TypeScript 5) on the same workspace, plus the wall
time and peak RSS of `ipcls check`.

Python 3.11, standard library only. The comparison servers are installed from the npm registry
into a cache folder (default `target/perf-tools/`) with the versions pinned in
`scripts/perf/package.json` and `package-lock.json`; nothing else touches the network.

What is measured, per server and per run (wall time from just before spawn):
  * ipcls: `first_file_ms`, the first `textDocument/publishDiagnostics` for the opened file;
    `first_any_ms`, the first publish for any file; whether the `log:topc...` typo (no listener)
    is among the opened file's diagnostics.
  * tsls: `first_file_ms`, its first publish for the opened file (may be an empty list, e.g. the
    syntactic pass); `first_nonempty_ms`, the first non-empty publish for the file; `settled_ms`,
    the last publish for the file before a quiet window (`--quiet`, default 3 s) with none. The
    table's figure for tsls is the first non-empty publish, or the settled one if every publish
    was empty (a clean file).
  * peak RSS: `VmHWM` of the server process plus every descendant (tsls runs tsserver in child
    node processes), read from /proc just before `shutdown`. Summing high-water marks of several
    processes is an upper bound of their joint peak.
Each measurement runs `--runs` times (default 3) and the median is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "target": "ES2022",
        "module": "ESNext",
        "moduleResolution": "Bundler",
        "lib": ["ES2022", "DOM"],
    },
    "include": ["src"],
}


def die(msg: str, code: int = 2) -> None:
    print(f"first_diagnostics.py: {msg}", file=sys.stderr)
    sys.exit(code)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- setup


def ensure_tools(tools: Path) -> Path:
    """Installs the pinned tsls + typescript into `tools` if missing; returns the tsls binary."""
    for exe in ("node", "npm"):
        if shutil.which(exe) is None:
            die(f"`{exe}` not found on PATH; install Node.js >= 20 (with npm) to run the comparison")
    tsls = tools / "node_modules" / ".bin" / "typescript-language-server"
    tsserver = tools / "node_modules" / "typescript" / "lib" / "tsserver.js"
    pinned = (HERE / "package-lock.json").read_bytes()
    lock = tools / "package-lock.json"
    if tsls.exists() and tsserver.exists() and lock.exists() and lock.read_bytes() == pinned:
        return tsls
    tools.mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "package.json", tools / "package.json")
    shutil.copy(HERE / "package-lock.json", lock)
    log(f"npm install into {tools}")
    r = subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=tools)
    if r.returncode != 0 or not tsls.exists():
        die(f"npm install failed in {tools} (exit {r.returncode})")
    return tsls


def ensure_workspace(genws: Path, root: Path, n: int) -> Path:
    """Generates `root` with `genws` if needed (same seed, so reuse is safe); adds a tsconfig."""
    big = root / "src" / "renderer" / "big.ts"
    done = root / ".genws-done"
    if not done.exists():
        if root.exists():
            shutil.rmtree(root)
        log(f"genws {root} {n}")
        out = subprocess.run([str(genws), str(root), str(n)], capture_output=True, text=True)
        if out.returncode != 0:
            die(f"genws failed: {out.stderr.strip()}")
        big = Path(out.stdout.strip())
        done.write_text(str(big))
    else:
        big = Path(done.read_text().strip())
    tsconfig = root / "tsconfig.json"
    if not tsconfig.exists():
        tsconfig.write_text(json.dumps(TSCONFIG, indent=2) + "\n")
    return big


# ---------------------------------------------------------------- processes


def children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces or parentheses: split after the last ')'.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def descendants(pid: int) -> list[int]:
    kids = children_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def vm_hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_hwm(pid: int) -> tuple[int, list[tuple[int, str, int]]]:
    parts = []
    for p in descendants(pid):
        try:
            name = Path(f"/proc/{p}/comm").read_text().strip()
        except OSError:
            continue
        parts.append((p, name, vm_hwm_kb(p)))
    return sum(k for _, _, k in parts), parts


def become_subreaper() -> None:
    """Orphaned grandchildren (tsserver, when tsls exits first) are re-parented to this script, so
    that they are found, killed and reaped here instead of outliving the run (Linux prctl)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def reap_orphans() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


class HwmSampler:
    """Samples the VmHWM of the server and its descendants every `period` seconds, keeping each
    process's last value, so that a child that dies before shutdown (tsserver out of heap) still
    counts in the peak."""

    def __init__(self, pid: int, period: float = 0.5):
        self.pid, self.period = pid, period
        self.seen: dict[int, tuple[str, int]] = {}
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def sample(self) -> None:
        _, parts = tree_hwm(self.pid)
        with self.lock:
            for p, name, kb in parts:
                if kb and kb >= self.seen.get(p, ("", 0))[1]:
                    self.seen[p] = (name, kb)

    def _run(self) -> None:
        while not self.stop.wait(self.period):
            self.sample()

    def finish(self) -> tuple[int, list[tuple[int, str, int]], list[int]]:
        """(sum of peaks in KB, per process, pids alive now)."""
        self.stop.set()
        self.thread.join()
        self.sample()
        alive = descendants(self.pid)
        with self.lock:
            parts = [(p, n, k) for p, (n, k) in self.seen.items()]
        return sum(k for _, _, k in parts), parts, alive


def kill_tree(pids: list[int]) -> None:
    for p in pids:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


# ---------------------------------------------------------------- LSP client


class Lsp:
    def __init__(self, argv: list[str], cwd: Path, stderr_path: Path):
        self.t0 = time.monotonic()
        self.err = open(stderr_path, "wb")
        self.proc = subprocess.Popen(
            argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err, start_new_session=True
        )
        self.q: queue.Queue = queue.Queue()
        self.next_id = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._reader, daemon=True).start()

    def ms(self) -> float:
        return (time.monotonic() - self.t0) * 1000.0

    def _reader(self) -> None:
        out = self.proc.stdout
        assert out is not None
        try:
            while True:
                length = None
                while True:
                    line = out.readline()
                    if not line:
                        self.q.put(None)
                        return
                    line = line.strip()
                    if not line:
                        break
                    k, _, v = line.partition(b":")
                    if k.lower() == b"content-length":
                        length = int(v)
                body = out.read(length or 0)
                self.q.put((self.ms(), json.loads(body)))
        except Exception:  # noqa: BLE001 - the stream closed under us
            self.q.put(None)

    def send(self, msg: dict) -> None:
        msg["jsonrpc"] = "2.0"
        body = json.dumps(msg).encode()
        with self.lock:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError):
                pass

    def request(self, method: str, params) -> int:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method: str, params) -> None:
        self.send({"method": method, "params": params})

    def answer(self, msg: dict) -> None:
        """Answers server-to-client requests as VS Code would (enough to unblock the server)."""
        method = msg.get("method")
        result = None
        if method == "workspace/configuration":
            result = [None for _ in msg.get("params", {}).get("items", [])]
        elif method == "workspace/workspaceFolders":
            result = []
        self.send({"id": msg["id"], "result": result})

    def recv(self, timeout: float):
        """The next message that is not a server request (those are answered here)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return "timeout"
            try:
                item = self.q.get(timeout=left)
            except queue.Empty:
                return "timeout"
            if item is None:
                return None
            t, msg = item
            if "method" in msg and "id" in msg:
                self.answer(msg)
                continue
            return t, msg

    def close(self, pids: list[int]) -> None:
        """shutdown + exit; kills the whole tree when the server does not go in time."""
        rid = self.request("shutdown", None)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            got = self.recv(deadline - time.monotonic())
            if got in (None, "timeout"):
                break
            if got[1].get("id") == rid:
                break
        self.notify("exit", None)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        # Children of the server (tsserver) must not outlive it either.
        pids = list(dict.fromkeys(pids + descendants(self.proc.pid)))
        time.sleep(0.2)
        kill_tree([p for p in pids if Path(f"/proc/{p}").exists()])
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        # Orphans re-parented to this script (see become_subreaper) that are still running.
        kill_tree([p for p in descendants(os.getpid()) if p != os.getpid()])
        time.sleep(0.1)
        reap_orphans()
        self.err.close()


def initialize_params(root: Path, tsserver: Path | None) -> dict:
    uri = root.resolve().as_uri()
    params = {
        "processId": os.getpid(),
        "clientInfo": {"name": "ipcls-perf", "version": "1"},
        "rootUri": uri,
        "rootPath": str(root.resolve()),
        "workspaceFolders": [{"uri": uri, "name": root.name}],
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "window": {"workDoneProgress": True, "showMessage": {}},
            "workspace": {"configuration": True, "workspaceFolders": True, "didChangeWatchedFiles": {"dynamicRegistration": True}},
            "textDocument": {
                "synchronization": {"dynamicRegistration": True, "didSave": True},
                "publishDiagnostics": {
                    "relatedInformation": True,
                    "versionSupport": True,
                    "tagSupport": {"valueSet": [1, 2]},
                    "codeDescriptionSupport": True,
                    "dataSupport": True,
                },
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "completion": {"completionItem": {"snippetSupport": True}},
            },
        },
        "trace": "off",
    }
    if tsserver is not None:
        # Automatic type acquisition would fetch `types-registry` from npm at run time: off, so
        # that the run needs no network (VS Code turns it on by default; it is off for TS
        # projects with a tsconfig anyway, but the typings installer process still starts).
        params["initializationOptions"] = {
            "tsserver": {"path": str(tsserver)},
            "disableAutomaticTypingAcquisition": True,
        }
    return params


def measure_server(
    kind: str,
    argv: list[str],
    root: Path,
    open_file: Path,
    timeout: float,
    quiet: float,
    logdir: Path,
    tsserver: Path | None,
    tag: str = "",
) -> dict:
    file_uri = open_file.resolve().as_uri()
    res: dict = {"server": kind, "timed_out": False, "error": None}
    lsp = Lsp(argv, root, logdir / f"{kind}{tag}.stderr")
    sampler = HwmSampler(lsp.proc.pid)
    # The server's window/logMessage and showMessage lines, for post-mortems (tsserver crashes).
    msglog = open(logdir / f"{kind}{tag}.messages.log", "w")
    deadline = time.monotonic() + timeout
    pids: list[int] = [lsp.proc.pid]
    try:
        rid = lsp.request("initialize", initialize_params(root, tsserver))
        init_ms = None
        while init_ms is None:
            got = lsp.recv(deadline - time.monotonic())
            if got in (None, "timeout"):
                res["timed_out"] = got == "timeout"
                res["error"] = "no initialize response" if got is None else None
                return res
            if got[1].get("id") == rid:
                init_ms = got[0]
        res["initialize_ms"] = round(init_ms, 1)
        lsp.notify("initialized", {})
        lsp.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": file_uri, "languageId": "typescript", "version": 1, "text": open_file.read_text()}},
        )
        first_any = first_file = first_nonempty = last_file = progress_end = None
        file_publishes = 0
        typo = False
        while True:
            # Stop rules: ipcls answers with its first publish for the file (or, for a clean file,
            # 2 s after indexing ends); tsls once the file's publishes settle.
            if kind == "ipcls":
                if first_file is not None:
                    break
                wait = 2.0 if progress_end is not None else deadline - time.monotonic()
            else:
                wait = quiet if last_file is not None else deadline - time.monotonic()
            wait = min(wait, deadline - time.monotonic())
            got = lsp.recv(max(wait, 0))
            if got is None:
                res["error"] = "server exited"
                break
            if got == "timeout":
                if time.monotonic() >= deadline:
                    res["timed_out"] = True
                break
            t, msg = got
            if msg.get("method") == "$/progress":
                v = msg.get("params", {}).get("value", {})
                if v.get("kind") == "end":
                    progress_end = t
            if msg.get("method") in ("window/logMessage", "window/showMessage"):
                msglog.write(f"{t:10.0f} ms {msg['method']}: {msg['params'].get('message', '')}\n")
                if msg["method"] == "window/showMessage" and msg["params"].get("type") == 1:
                    res.setdefault("server_errors", []).append(msg["params"].get("message", "")[:300])
            if msg.get("method") == "window/logMessage" and "[tsserver] Exited" in msg["params"].get("message", ""):
                # tsserver died (at 50,000 files: V8 out of heap, SIGABRT); tsls publishes nothing
                # more for the file, so stop here rather than wait for the timeout.
                res["tsserver_exited_ms"] = round(t, 1)
                res["error"] = "tsserver exited: " + msg["params"]["message"].split("[tsserver]")[-1].strip()
                break
            if msg.get("method") == "$/typescriptVersion":
                res["typescript"] = msg.get("params")
            if msg.get("method") != "textDocument/publishDiagnostics":
                continue
            p = msg["params"]
            first_any = first_any if first_any is not None else t
            if p["uri"] != file_uri:
                continue
            file_publishes += 1
            first_file = first_file if first_file is not None else t
            last_file = t
            if p["diagnostics"] and first_nonempty is None:
                first_nonempty = t
                res["first_nonempty_count"] = len(p["diagnostics"])
            if any("log:topc" in d.get("message", "") for d in p["diagnostics"]):
                typo = True
            res["last_count"] = len(p["diagnostics"])
        res.update(
            first_any_ms=first_any and round(first_any, 1),
            first_file_ms=first_file and round(first_file, 1),
            first_nonempty_ms=first_nonempty and round(first_nonempty, 1),
            settled_ms=last_file and round(last_file, 1),
            progress_end_ms=progress_end and round(progress_end, 1),
            file_publishes=file_publishes,
        )
        if kind == "ipcls":
            res["typo_no_listener"] = typo
            res["figure_ms"] = res["first_file_ms"]
        else:
            res["figure_ms"] = res["first_nonempty_ms"] or (None if res["timed_out"] else res["settled_ms"])
        if res["timed_out"]:
            res["figure_ms"] = None
        # Peak RSS just before shutdown: the server and all its children (tsserver for tsls),
        # each process's VmHWM, including children sampled earlier that have died since.
        kb, parts, pids = sampler.finish()
        res["peak_rss_mb"] = round(kb / 1024, 1)
        res["processes"] = [
            {"pid": p, "name": n, "vm_hwm_mb": round(k / 1024, 1), "alive_at_end": p in pids} for p, n, k in parts
        ]
        return res
    finally:
        sampler.stop.set()
        msglog.close()
        lsp.close(pids)
        res["wall_total_ms"] = round(lsp.ms(), 1)


def measure_check(ipcls: Path, root: Path, timeout: float) -> dict:
    if not Path("/usr/bin/time").exists():
        return {"error": "/usr/bin/time missing"}
    try:
        r = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", str(ipcls), "check", str(root)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"timed_out": True}
    secs, kb = r.stderr.strip().splitlines()[-1].split()[-2:]
    return {"wall_ms": round(float(secs) * 1000, 1), "peak_rss_mb": round(int(kb) / 1024, 1), "exit": r.returncode}


# ---------------------------------------------------------------- report


def med(xs: list) -> float | None:
    xs = [x for x in xs if x is not None]
    return round(statistics.median(xs), 1) if xs else None


def fmt_ms(x, runs: list[dict]) -> str:
    if x is None:
        crashed = [r["tsserver_exited_ms"] for r in runs if r.get("tsserver_exited_ms")]
        if crashed:
            return f"none: tsserver crashed after {statistics.median(crashed) / 1000:.0f} s"
        return "timed out" if any(r.get("timed_out") for r in runs) else "none"
    return f"{x:,.0f}"


def summarize(label: str, files: int | None, rel: str, runs: dict[str, list[dict]], checks: list[dict]) -> dict:
    s: dict = {"workspace": label, "files": files, "open": rel, "servers": {}, "check": {}}
    for kind, rs in runs.items():
        s["servers"][kind] = {
            "figure_ms": med([r.get("figure_ms") for r in rs]),
            "first_any_ms": med([r.get("first_any_ms") for r in rs]),
            "first_file_ms": med([r.get("first_file_ms") for r in rs]),
            "first_nonempty_ms": med([r.get("first_nonempty_ms") for r in rs]),
            "settled_ms": med([r.get("settled_ms") for r in rs]),
            "peak_rss_mb": med([r.get("peak_rss_mb") for r in rs]),
            "timed_out_runs": sum(1 for r in rs if r.get("timed_out")),
            "typo_no_listener": [r.get("typo_no_listener") for r in rs] if kind == "ipcls" else None,
            "runs": rs,
        }
    if checks:
        s["check"] = {
            "wall_ms": med([c.get("wall_ms") for c in checks]),
            "peak_rss_mb": med([c.get("peak_rss_mb") for c in checks]),
            "runs": checks,
        }
    return s


def table(summaries: list[dict], timeout_s: float | None = None) -> str:
    rows = [
        "| workspace | server | first diagnostics for the file (ms) | peak RSS (MB) | ratio tsls/ipcls (time) | ratio tsls/ipcls (RSS) |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for s in summaries:
        sv = s["servers"]
        ip, ts = sv.get("ipcls"), sv.get("tsls")
        label = f"{s['files']:,} files" if s["files"] else s["workspace"]
        for kind in ("ipcls", "tsls"):
            v = sv.get(kind)
            if not v:
                continue
            t = fmt_ms(v["figure_ms"], v["runs"])
            if kind == "ipcls":
                t += f" (any file: {fmt_ms(v['first_any_ms'], v['runs'])})"
            elif v["first_file_ms"] is not None:
                t += f" (first publish {fmt_ms(v['first_file_ms'], v['runs'])})"
            rt = rr = ""
            if kind == "tsls" and ip and ip["figure_ms"] and v["figure_ms"]:
                rt = f"{v['figure_ms'] / ip['figure_ms']:.1f}"
            elif kind == "tsls" and ip and ip["figure_ms"] and any(r.get("tsserver_exited_ms") for r in v["runs"]):
                rt = "∞"
            elif kind == "tsls" and ip and ip["figure_ms"] and v["timed_out_runs"] and timeout_s:
                rt = "> " + f"{timeout_s * 1000 / ip['figure_ms']:.0f}"
            if kind == "tsls" and ip and ip["peak_rss_mb"] and v["peak_rss_mb"]:
                rr = f"{v['peak_rss_mb'] / ip['peak_rss_mb']:.1f}"
            rss = f"{v['peak_rss_mb']:,.0f}" if v["peak_rss_mb"] is not None else "-"
            rows.append(f"| {label} | {'ipcls server' if kind == 'ipcls' else 'tsls + tsserver'} | {t} | {rss} | {rt} | {rr} |")
        c = s.get("check") or {}
        if c.get("wall_ms") is not None:
            rows.append(f"| {label} | `ipcls check` (whole run) | {c['wall_ms']:,.0f} | {c['peak_rss_mb']:,.0f} | | |")
    return "\n".join(rows)


# ---------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="generated workspace sizes (default 1000,10000)")
    ap.add_argument("--workspace", type=Path, help="measure an existing checkout instead of generated ones")
    ap.add_argument("--open", dest="open_rel", help="with --workspace: the file to open, relative to it")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=300, help="seconds per server run (default 300)")
    ap.add_argument("--quiet", type=float, default=3.0, help="tsls settles after this many quiet seconds")
    ap.add_argument("--servers", default="ipcls,tsls")
    ap.add_argument("--ipcls", type=Path, default=REPO / "target" / "release" / "ipcls")
    ap.add_argument("--genws", type=Path, default=REPO / "target" / "release" / "examples" / "genws")
    ap.add_argument("--tools", type=Path, default=REPO / "target" / "perf-tools")
    ap.add_argument("--work", type=Path, default=REPO / "target" / "perf-ws", help="where generated workspaces go")
    ap.add_argument("--json", type=Path, default=REPO / "target" / "perf" / "first_diagnostics.json")
    ap.add_argument("--report", type=Path, help="only print the table of an earlier run's JSON")
    a = ap.parse_args()
    if a.report:
        d = json.loads(a.report.read_text())
        print(table(d["results"], d["meta"].get("timeout_s")))
        return

    servers = [s.strip() for s in a.servers.split(",") if s.strip()]
    become_subreaper()
    if not a.ipcls.exists():
        die(f"{a.ipcls} missing: run `cargo build --release` (or pass --ipcls)")
    tsls = ensure_tools(a.tools) if "tsls" in servers else None
    tsserver = a.tools / "node_modules" / "typescript" / "lib" / "tsserver.js"

    targets: list[tuple[str, int | None, Path, Path]] = []
    if a.workspace:
        if not a.open_rel:
            die("--workspace needs --open REL_FILE")
        root = a.workspace.resolve()
        f = root / a.open_rel
        if not f.is_file():
            die(f"{f} is not a file")
        targets.append((root.name, None, root, f))
    else:
        if not a.genws.exists():
            die(f"{a.genws} missing: run `cargo build --release --example genws` (or pass --genws)")
        for n in [int(x) for x in a.sizes.split(",") if x.strip()]:
            root = (a.work / f"ws-{n}").resolve()
            targets.append((f"generated-{n}", n, root, ensure_workspace(a.genws, root, n)))

    logdir = a.json.parent / "logs"
    logdir.mkdir(parents=True, exist_ok=True)
    summaries = []
    for label, n, root, f in targets:
        rel = str(f.relative_to(root))
        runs: dict[str, list[dict]] = {s: [] for s in servers}
        checks: list[dict] = []
        given_up: set[str] = set()
        for i in range(a.runs):
            for kind in servers:
                # A server that timed out at this size stays timed out: do not spend the other runs.
                if kind in given_up:
                    runs[kind].append({"server": kind, "timed_out": True, "skipped": True})
                    continue
                argv = [str(a.ipcls), "server"] if kind == "ipcls" else [str(tsls), "--stdio"]
                tag = f"-{label}-run{i + 1}"
                r = measure_server(kind, argv, root, f, a.timeout, a.quiet, logdir, tsserver if kind == "tsls" else None, tag)
                runs[kind].append(r)
                log(
                    f"{label} run {i + 1} {kind}: file {r.get('first_file_ms')} ms, non-empty {r.get('first_nonempty_ms')},"
                    f" settled {r.get('settled_ms')}, any {r.get('first_any_ms')}, rss {r.get('peak_rss_mb')} MB"
                    + (" TIMED OUT" if r.get("timed_out") else "")
                    + (f" error {r['error']}" if r.get("error") else "")
                )
                if r.get("timed_out"):
                    given_up.add(kind)
            checks.append(measure_check(a.ipcls, root, a.timeout))
            log(f"{label} run {i + 1} ipcls check: {checks[-1]}")
        summaries.append(summarize(label, n, rel, runs, checks))

    a.json.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpus": os.cpu_count(),
        "loadavg_end": os.getloadavg(),
        "node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip() if shutil.which("node") else None,
        "runs": a.runs,
        "timeout_s": a.timeout,
        "quiet_s": a.quiet,
    }
    a.json.write_text(json.dumps({"meta": meta, "results": summaries}, indent=2) + "\n")
    print(table(summaries, a.timeout))
    print(f"\n(median of {a.runs} runs; JSON: {a.json}; load average at the end {meta['loadavg_end']})")


if __name__ == "__main__":
    main()
