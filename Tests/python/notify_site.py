"""A site with a new version in its outbox, for the notify tests: non-ASCII names and titles,
quotes and line breaks in names, an unsubscribe link and address."""
import email
import email.policy
import os
import pathlib
import subprocess

from conftest import policysite_binary

TOKEN_KEY = "test-key-test-key-test-key-test-key-0123"

CONFIG = """title: Société Exemple
base_url: https://policies.example.com/
users: users.csv
email:
  from: Équipe « Confidentialité » <privacy@example.com>
  reply_to: Legal "Team" <legal@example.com>
  unsubscribe_url: https://app.example.com/policy-emails/unsubscribe?t={token}
  unsubscribe_mailto: unsubscribe@example.com
"""

VERSION_1 = """---
version: "1"
effective: 2024-01-01
title: Politique de confidentialité
---
# Politique de confidentialité

## Données

Nous gardons peu de données.
"""

VERSION_2 = """---
version: "2"
published: 2024-03-01
effective: 2024-04-15
title: Politique de confidentialité
summary: "Nous gardons encore moins de données, et disons combien de temps."
---
# Politique de confidentialité

## Données

Nous gardons très peu de données.

## Conservation

Trente jours.
"""


def make_site(root: pathlib.Path, users: str) -> pathlib.Path:
    (root / "policies" / "privacy").mkdir(parents=True)
    (root / "policysite.yml").write_text(CONFIG, encoding="utf-8")
    (root / "users.csv").write_text(users, encoding="utf-8", newline="")
    (root / "policies" / "privacy" / "1.md").write_text(VERSION_1, encoding="utf-8")
    run(root, "build", "--as-of", "2024-02-01")
    (root / "policies" / "privacy" / "2.md").write_text(VERSION_2, encoding="utf-8")
    run(root, "build", "--as-of", "2024-03-01")
    assert (root / "outbox" / "privacy" / "2" / "recipients.csv").exists()
    return root


def run(root: pathlib.Path, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    environment = dict(os.environ, POLICYSITE_TOKEN_KEY=TOKEN_KEY, **(env or {}))
    result = subprocess.run([str(policysite_binary()), *args, "--root", str(root)], capture_output=True, text=True, env=environment)
    if check:
        assert result.returncode == 0, result.stderr + result.stdout
    return result


def preview(root: pathlib.Path, folder: pathlib.Path) -> tuple[str, dict]:
    """`notify --preview` into `folder`: what it printed, and each message read back with Python's
    email package, by recipient address, as (message, text part, HTML part) with LF line ends."""
    output = run(root, "notify", "--preview", str(folder)).stdout
    messages = {}
    for path in folder.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        html = message.get_body(("html",)).get_content().replace("\r\n", "\n")
        messages[message["To"].addresses[0].addr_spec] = (message, text, html)
    return output, messages


def msmtp_home(folder: pathlib.Path, port: int) -> dict:
    """A HOME whose ~/.msmtprc sends to the loopback server: msmtp reads it when policysite runs it."""
    folder.mkdir(parents=True, exist_ok=True)
    rc = folder / ".msmtprc"
    rc.write_text(f"account default\nhost 127.0.0.1\nport {port}\nauth off\ntls off\ndomain localhost\n"
                  f"from privacy@example.com\n")
    rc.chmod(0o600)
    return {"HOME": str(folder)}
