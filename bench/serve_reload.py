#!/usr/bin/env python3
"""How long `policysite serve` takes to serve an edit: from saving an edited version file to the
moment the policy's page, fetched from the server, holds the edit.

Starts `policysite serve` on the site, waits for its first build, then --edits times: appends a
line with a fresh token to the current version of a policy (a different policy each time), and
fetches that policy's page every 5 ms until the token is in it. Prints each latency and their
median, minimum and maximum. The file is put back as it was at the end.

This is what a browser's reload would show at the earliest: the page served by `serve` also asks
the server once a second whether a build happened (the reload script), which a reader adds on top.
Usage: serve_reload.py --binary PATH --root SITE [--as-of DAY] [--edits 10] [--port 8765]
"""
import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def current_version(folder):
    """The version file with the latest effective day (front matter), as policysite would pick."""
    best = None
    for name in os.listdir(folder):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("effective:"):
                    day = line.split(":", 1)[1].strip()
                    if best is None or day > best[0]:
                        best = (day, name)
                    break
    return os.path.join(folder, best[1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--as-of", default="2026-01-01")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    policies = sorted(os.listdir(os.path.join(args.root, "policies")))
    # A server still on the port (a `serve` of an earlier run removing its folder) would answer in
    # this one's place, and the edits would never show.
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", args.port)) == 0:
            sys.exit(f"port {args.port} is in use: stop what listens there, or pass --port")
    server = subprocess.Popen([args.binary, "serve", "--root", args.root, "--port", str(args.port), "--as-of", args.as_of],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{args.port}/"
    restored = {}
    try:
        started = time.monotonic()
        while fetch(base + "__policysite/status") is None:
            if server.poll() is not None:
                sys.exit("serve exited: " + server.stdout.read())
            time.sleep(0.1)
        print(f"  first build served after {time.monotonic() - started:.2f} s")
        latencies = []
        for number in range(args.edits):
            policy = policies[(number * 7) % len(policies)]
            path = current_version(os.path.join(args.root, "policies", policy))
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            restored.setdefault(path, text)
            token = f"bench-edit-{os.getpid()}-{number}"
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text + f"\n\nEdited by the benchmark: {token}.\n")
            saved = time.monotonic()
            while True:
                page = fetch(base + policy + "/")
                if page is not None and token in page:
                    break
                if time.monotonic() - saved > 60:
                    sys.exit(f"the edit of {path} was not served within 60 s")
                time.sleep(0.005)
            latencies.append(time.monotonic() - saved)
            print(f"  edit {number + 1}: {policy}: {latencies[-1] * 1000:.0f} ms")
            time.sleep(0.5)  # let the watcher settle before the next edit
        print(f"  median {statistics.median(latencies) * 1000:.0f} ms, min {min(latencies) * 1000:.0f} ms, "
              f"max {max(latencies) * 1000:.0f} ms ({len(latencies)} edits)")
    finally:
        for path, text in restored.items():
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
