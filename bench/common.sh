# Shared by the benchmark scripts (sourced, not run): the binary to measure, the site that
# notify's benchmarks send from, and the SMTP sink they send to.

# POLICYSITE_BIN, or this checkout's release build, built now.
resolve_policysite_bin() {
  if [[ -z ${POLICYSITE_BIN:-} ]]; then
    (cd "$REPO" && swift build -c release --product policysite >/dev/null)
    POLICYSITE_BIN=$(cd "$REPO" && swift build -c release --show-bin-path)/policysite
  fi
}

# A site with one new version and N users, built so that outbox/privacy/2/ is ready to send.
make_notice_site() {  # site users
  local site=$1 users=$2
  mkdir -p "$site/policies/privacy"
  printf 'title: Benchmark\nbase_url: https://policies.example.com/\nusers: users.csv\nemail:\n  from: Benchmark <privacy@example.com>\n  unsubscribe_url: https://app.example.com/u?t={token}\n  unsubscribe_mailto: unsubscribe@example.com\n' >"$site/policysite.yml"
  python3 -c "import sys; print('email,name\r'); [print(f'user{i}@example.com,User Number {i}\r') for i in range($users)]" >"$site/users.csv"
  printf -- '---\nversion: "1"\neffective: 2024-01-01\n---\n# Privacy\n\n## Data\n\nWe keep little.\n' >"$site/policies/privacy/1.md"
  "$POLICYSITE_BIN" build --root "$site" --as-of 2024-02-01 >/dev/null
  printf -- '---\nversion: "2"\neffective: 2024-06-01\npublished: 2024-04-01\nsummary: We keep less.\n---\n# Privacy\n\n## Data\n\nWe keep very little.\n\n## Retention\n\nThirty days.\n' >"$site/policies/privacy/2.md"
  "$POLICYSITE_BIN" build --root "$site" --as-of 2024-04-02 >/dev/null
}

# A discarding SMTP server on a free loopback port (PORT, its process SINK, stopped at exit), and
# msmtp set up to send to it (HOME holds its .msmtprc).
start_smtp_sink() {  # work-folder
  local work=$1
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 "$REPO/Tests/python/smtp_sink.py" --port "$PORT" >"$work/sink.log" 2>&1 &
  SINK=$!
  trap 'kill $SINK 2>/dev/null || true' EXIT
  mkdir -p "$work/home"
  printf 'account default\nhost 127.0.0.1\nport %s\nauth off\ntls off\ndomain localhost\nfrom privacy@example.com\n' "$PORT" >"$work/home/.msmtprc"
  chmod 600 "$work/home/.msmtprc"
  export HOME=$work/home
  sleep 1
}
