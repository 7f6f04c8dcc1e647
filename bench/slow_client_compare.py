#!/usr/bin/env python3
"""Slow and non-reading clients against `bmcwsman-serve --sim serve`: wrk's Identify latency
with and without attackers, side by side in one run.

    bench/slow_client_compare.py [BMCWSMAN_SERVE] [--duration S] [--rounds N] [--json FILE]

Each round runs `wrk -t2 -c16 -dSs --latency` (Identify over HTTP keep-alive, Basic) twice
against the same agent: once alone, once while an attacker process holds
  - 256 connections from 127.0.0.2 trickling an Identify request one byte every 0.3 s (its
    headers never finish within the agent's deadline: each is cut off with 408 and the
    attacker connects again), and
  - 256 connections from 127.0.0.3 that each send eight optimized Enumerates of every
    sensor back to back (answers of about 100 KB) with a 4 KB receive buffer and never read
    (cut off at the send deadline, then connected again).
Rounds alternate (alone, attacked); the agent runs with --max-connections 1024 (the 512
attackers and wrk's 16 fit; the per-source limit, 256, is the default). Reported per round:
req/s, p50/p99 of both runs, the p99 ratio attacked/alone (target <= 2), wrk's non-200
answers and socket errors (target: none), and what the attackers saw (connections cut off).

Everything listens on and connects to 127.0.0.x only; the agent and the attackers are
stopped at the end, on errors and on Ctrl-C.
"""
import argparse
import json
import multiprocessing
import os
import selectors
import signal
import socket
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wsman_wrk_compare as wc  # noqa: E402

P99_RATIO_TARGET = 2.0


def request_bytes(body):
    return (f"POST /wsman HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {wc.CONTENT_TYPE}\r\n"
            f"Authorization: {wc.AUTH}\r\nContent-Length: {len(body.encode())}\r\n\r\n").encode() + body.encode()


def attackers(port, tricklers, deaf, stop_event, counts):
    """Runs in its own process until stop_event: keeps `tricklers` + `deaf` connections open."""
    sel = selectors.DefaultSelector()
    trickle = request_bytes(wc.IDENTIFY)
    big = request_bytes(wc.ENUMERATE_ALL) * 8
    conns = {}  # socket -> [kind, bytes sent]

    def connect(kind):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.2" if kind == "trickle" else "127.0.0.3", 0))
        if kind == "deaf":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        conns[s] = [kind, 0]
        sel.register(s, selectors.EVENT_WRITE if kind == "deaf" else selectors.EVENT_READ)
        counts[kind + "_connects"] += 1

    def drop(s):
        kind = conns.pop(s)[0]
        sel.unregister(s)
        s.close()
        counts[kind + "_cut_off"] += 1
        connect(kind)

    for _ in range(tricklers):
        connect("trickle")
    for _ in range(deaf):
        connect("deaf")
    next_tick = next_check = time.monotonic()
    done_sending = set()
    while not stop_event.is_set():
        now = time.monotonic()
        if now >= next_tick:  # every trickler sends its next byte
            next_tick = now + 0.3
            for s, state in list(conns.items()):
                if state[0] == "trickle":
                    try:
                        s.send(trickle[state[1]:state[1] + 1])
                        state[1] = (state[1] + 1) % len(trickle)
                    except (BlockingIOError, InterruptedError):
                        pass
                    except OSError:
                        drop(s)
        for key, events in sel.select(timeout=0.05):
            s = key.fileobj
            if s not in conns:
                continue
            kind, sent = conns[s]
            if kind == "trickle":  # readable: the 408 and the close
                try:
                    data = s.recv(4096)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""
                if not data:
                    drop(s)
            elif sent < len(big):  # deaf: send the requests, never read
                try:
                    conns[s][1] += s.send(big[sent:])
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    drop(s)
                if s in conns and conns[s][1] >= len(big):
                    sel.unregister(s)  # never read: only its TCP state is looked at below
                    done_sending.add(s)
        if now >= next_check:  # a non-reader the agent has closed (CLOSE_WAIT) connects again
            next_check = now + 1.0
            for s in list(done_sending):
                state = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0]
                if state in (7, 8):  # TCP_CLOSE, TCP_CLOSE_WAIT
                    done_sending.discard(s)
                    sel.register(s, selectors.EVENT_READ)  # drop() unregisters it
                    drop(s)
    for s in list(conns):
        s.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("serve", nargs="?", default=os.path.join(wc.ROOT, "build", "agent", "bmcwsman-serve"))
    ap.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    ap.add_argument("--rounds", type=int, default=3, help="alone/attacked pairs (default 3)")
    ap.add_argument("--tricklers", type=int, default=256)
    ap.add_argument("--deaf", type=int, default=256)
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--wrk", default="wrk")
    args = ap.parse_args()
    args.threads, args.connections, args.nginx = 2, 16, "/usr/sbin/nginx"
    signal.signal(signal.SIGINT, wc.on_signal)
    signal.signal(signal.SIGTERM, wc.on_signal)
    workdir = tempfile.mkdtemp(prefix="bmcwsman-slowclients-")
    agent = None
    attack = None
    stop_event = multiprocessing.Event()
    rounds = []
    failed = False
    try:
        agent = wc.Agent(os.path.abspath(args.serve), workdir, ["--max-connections", "1024"])
        body = os.path.join(workdir, "identify.xml")
        with open(body, "w") as f:
            f.write(wc.IDENTIFY)
        url = f"http://127.0.0.1:{agent.http_port}/wsman"
        print(f"agent {args.serve}, wrk -t2 -c16 -d{args.duration}s Identify; attackers: {args.tricklers} "
              f"tricklers (1 byte / 0.3 s) + {args.deaf} non-readers", flush=True)
        for r in range(args.rounds):
            alone = wc.run_wrk(args.wrk, url, body, wc.AUTH, args)
            manager = multiprocessing.Manager()
            counts = manager.dict({k: 0 for k in ("trickle_connects", "trickle_cut_off", "deaf_connects",
                                                  "deaf_cut_off")})
            stop_event.clear()
            attack = multiprocessing.Process(target=attackers, args=(agent.http_port, args.tricklers, args.deaf,
                                                                     stop_event, counts))
            attack.start()
            time.sleep(3)  # every attacker connected and stalled
            attacked = wc.run_wrk(args.wrk, url, body, wc.AUTH, args)
            stop_event.set()
            attack.join(30)
            attack = None
            seen = dict(counts)
            manager.shutdown()
            ratio = attacked["p99_ms"] / alone["p99_ms"] if alone["p99_ms"] and attacked["p99_ms"] else None
            errors = sum(v for v in attacked.get("socket_errors", {}).values())
            ok = (ratio is not None and ratio <= P99_RATIO_TARGET and not attacked["failed"] and
                  attacked["non200"] == 0 and errors == 0)
            failed = failed or not ok
            rounds.append({"alone": wc.without_output(alone), "attacked": wc.without_output(attacked),
                           "p99_ratio": ratio, "attackers": seen, "met": ok})
            print(f"round {r + 1}: alone {wc.fmt_rate(alone['requests_per_s'])} req/s p50 "
                  f"{wc.fmt_ms(alone['p50_ms'])} p99 {wc.fmt_ms(alone['p99_ms'])}; attacked "
                  f"{wc.fmt_rate(attacked['requests_per_s'])} req/s p50 {wc.fmt_ms(attacked['p50_ms'])} p99 "
                  f"{wc.fmt_ms(attacked['p99_ms'])}; p99 ratio {ratio:.2f} (target <= {P99_RATIO_TARGET}); "
                  f"non-200 {attacked['non200']}, socket errors {errors}; attackers {seen}; "
                  f"{'met' if ok else 'MISSED'}", flush=True)
        ratios = [x["p99_ratio"] for x in rounds if x["p99_ratio"] is not None]
        if ratios:
            print(f"p99 ratio attacked/alone: median {statistics.median(ratios):.2f}, all "
                  f"{', '.join(f'{x:.2f}' for x in ratios)}")
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"machine": wc.machine_facts(args), "rounds": rounds,
                           "agent_log_tail": agent.stderr_lines[-20:]}, f, indent=1)
    except wc.Stop as e:
        print(f"stopped by {e}", file=sys.stderr)
        failed = True
    finally:
        stop_event.set()
        if attack is not None:
            attack.join(10)
            if attack.is_alive():
                attack.kill()
        if agent is not None:
            agent.stop()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
