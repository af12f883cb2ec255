"""A site made to be hard to lay out, for the screen tests: long version labels (one with
hyphens, one longer than a phone is wide), long summaries and titles, a long word, a wide table, a
long line of code, nested headings, a heading that holds a link, and a policy without sections.
Its second version is new when built, so it has a notice email too."""
import pathlib

from notify_site import run

CONFIG = """title: Example Widgets — Legal
organization: Example Widgets International Holdings, Incorporated
base_url: https://policies.example.com/
users: users.csv
email:
  from: Example Widgets <privacy@example.com>
  unsubscribe_mailto: unsubscribe@example.com
"""

POLICY = """title: Terms of Service for Customers in the European Economic Area, Switzerland and the United Kingdom
description: The terms on which Example Widgets International Holdings, Incorporated provides its services to customers in the European Economic Area, Switzerland and the United Kingdom, and how they change.
"""

SUMMARY = ("Explains in much more detail how we handle Datenschutzgrundverordnungsdurchführungsbestimmungen, "
           "adds the address https://example.com/a/very/long/path/that/does/not/break/anywhere/by/itself/at/all "
           "for complaints, moves the section on payment to its own heading, and says for how long we keep "
           "invoices, which the tax law of each member state sets for itself.")


def body(extra: str) -> str:
    return f"""# Terms of Service for Customers in the European Economic Area, Switzerland and the United Kingdom

These terms apply to every customer who has an account with us and lives in the European Economic Area, Switzerland or the United Kingdom.

## 1. Who we are and how to reach us when something about these terms is unclear to you

We are Example Widgets International Holdings, Incorporated. Write to https://example.com/a/very/long/path/that/does/not/break/anywhere/by/itself/at/all for anything.

### 1.1 Our registered office

Somewhere, Some Street 1.

### 1.2 Our representative in the Union

Someone Else, Other Street 2.

## 2. Payment

| Plan | Price per month | Price per year | Currency | Billing period | Cancellation notice | Refund policy |
|---|---|---|---|---|---|---|
| Basic | 10 | 100 | EUR | monthly or yearly | thirty days before the end of the period | pro rata for the unused months |
| Professional | 20 | 200 | EUR | monthly or yearly | thirty days before the end of the period | pro rata for the unused months |

```
curl -X POST https://api.example.com/v1/customers/cancel?customer=0123456789abcdef0123456789abcdef&reason=moving-to-another-provider
```

## 3. See [our partners](https://example.com/partners) for the services they provide

- First level
  - Second level, Datenschutzgrundverordnungsdurchführungsbestimmungen
    - Third level

{extra}
"""


VERSIONS = [
    ("2024-05", "2024-05-01", "2024-05-01", None, ""),
    ("2024-05-01-revised-for-the-european-economic-area-and-switzerland", "2024-07-01", "2024-08-15", SUMMARY,
     "## 4. How long we keep invoices\n\nTen years, or as long as the tax law of a member state requires.\n"),
    ("v3.0.0-release-candidate-2", "2024-09-01", "2030-01-01", SUMMARY + " " + SUMMARY,
     "## 4. How long we keep invoices\n\nTen years.\n\n## 5. Changes\n\nWe tell you by email.[^1]\n\n[^1]: Thirty days ahead.\n"),
]

NOTE = """---
version: "1"
effective: 2024-05-01
title: A short note without sections
---
We keep nothing.
"""

USERS = "email,name\nreader@example.com,Reader With A Long Name\n"


def version_file(label, published, effective, summary, extra) -> str:
    front = [f'version: "{label}"', f"published: {published}", f"effective: {effective}"]
    if summary:
        front.append(f'summary: "{summary}"')
    return "---\n" + "\n".join(front) + "\n---\n" + body(extra)


def make_site(root: pathlib.Path) -> pathlib.Path:
    """The site, built as of 2024-09-01 (its third version upcoming); its outbox has the notice of
    the second version."""
    policy = root / "policies" / "terms-of-service-for-customers-in-the-european-economic-area"
    policy.mkdir(parents=True)
    (root / "policies" / "note").mkdir()
    (root / "policysite.yml").write_text(CONFIG, encoding="utf-8")
    (root / "users.csv").write_text(USERS, encoding="utf-8")
    (policy / "policy.yml").write_text(POLICY, encoding="utf-8")
    (root / "policies" / "note" / "1.md").write_text(NOTE, encoding="utf-8")
    for number, (label, published, effective, summary, extra) in enumerate(VERSIONS):
        (policy / f"{number + 1}.md").write_text(version_file(label, published, effective, summary, extra), encoding="utf-8")
        run(root, "build", "--as-of", published)
    return root
