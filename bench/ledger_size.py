#!/usr/bin/env python3
# Usage: bench/ledger_size.py LEDGER_FILE ROWS   (a new file; on tmpfs: /dev/shm/ledger-size.sqlite)
"""The ledger's schema (DeliveryLedger's migrations v1 and v2) with N realistic rows: file size per
row after import and after every row is sent, and single-row commits per second (WAL, NORMAL)."""
import os, sqlite3, sys, time, hashlib
path, n = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL")
db.executescript("""
CREATE TABLE notice (id TEXT PRIMARY KEY, recipients INTEGER NOT NULL, imported_at TEXT NOT NULL);
CREATE TABLE delivery (notice TEXT NOT NULL REFERENCES notice(id), line INTEGER NOT NULL, email TEXT NOT NULL,
  name TEXT NOT NULL, locale TEXT NOT NULL, unsubscribe_url TEXT NOT NULL, message_id TEXT, state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, run INTEGER, detail TEXT, updated_at TEXT, PRIMARY KEY (notice, line));
CREATE INDEX delivery_open ON delivery(notice, line) WHERE state IN ('pending', 'in-flight', 'deferred');
CREATE TABLE run (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL);
ALTER TABLE delivery ADD COLUMN next_attempt_at TEXT;
""")
db.execute("BEGIN"); db.execute("INSERT INTO notice VALUES ('privacy/2', 0, '2024-04-02T00:00:00Z')")
for i in range(n):
    token = hashlib.sha256(str(i).encode()).hexdigest()[:43]
    db.execute("INSERT INTO delivery (notice, line, email, name, locale, unsubscribe_url, state) VALUES (?,?,?,?,?,?,'pending')",
               ("privacy/2", i + 2, f"user{i}@example.com", f"User Number {i}", "", f"https://app.example.com/u?t={token}"))
db.execute("COMMIT"); db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
imported = os.path.getsize(path)
m = min(n, 100000)
start = time.monotonic()
for i in range(m):
    db.execute("BEGIN IMMEDIATE")
    db.execute("UPDATE delivery SET state='sent', message_id=?, updated_at=?, attempts=1, run=1 WHERE notice=? AND line=?",
               (f"<policysite.{hashlib.md5(str(i).encode()).hexdigest()}@example.com>", "2024-04-02T10:00:00Z", "privacy/2", i + 2))
    db.execute("COMMIT")
rate = m / (time.monotonic() - start)
db.execute("BEGIN")
db.execute("UPDATE delivery SET state='sent', message_id='<policysite.' || hex(randomblob(16)) || '@example.com>', updated_at='2024-04-02T10:00:00Z', attempts=1, run=1")
db.execute("COMMIT"); db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
sent = os.path.getsize(path)
print(f"{n} rows: {imported / n:.0f} bytes a row imported, {sent / n:.0f} bytes a row sent ({sent / 1e6:.0f} MB); "
      f"{rate:.0f} single-row commits/s over {m} commits (Python sqlite3, WAL, synchronous NORMAL)")
