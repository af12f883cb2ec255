#!/usr/bin/env python3
"""Write a benchmark site of real legal text, deterministically from --seed.

The text is real: the licences Debian ships in /usr/share/common-licenses (GPL, LGPL, GFDL, MPL,
Apache: long terms with numbered sections, definitions and lists) and the archived policies in
this repository's policies/ folder. Each becomes Markdown: a title, a `##` heading for each
numbered or upper-case section line, paragraphs, and list items for the lettered or bulleted
ones; each policy also gets a table of the kind real policies carry (what is kept, why, for how
long). Versions are made by edits to the text before: a few words replaced in a few paragraphs,
now and then a paragraph added or removed, a table row changed, a section renamed.

Usage: bench/generate_real_corpus.py --out DIR [--policies 40] [--versions 50] [--seed 1]
"""
import argparse
import datetime
import os
import random
import re
import sys

LICENCES = "/usr/share/common-licenses"
SOURCES = ["GPL-3", "GFDL-1.3", "LGPL-2.1", "MPL-2.0", "GPL-2", "Apache-2.0", "MPL-1.1", "LGPL-2", "GFDL-1.2", "GPL-1", "LGPL-3", "CC0-1.0"]
REPO_POLICIES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "policies")

REPLACEMENTS = [("may", "can"), ("shall", "will"), ("software", "service"), ("Program", "Service"), ("work", "content"),
                ("distribute", "share"), ("license", "agreement"), ("License", "Agreement"), ("copy", "reproduce"),
                ("modify", "change"), ("terms", "conditions"), ("rights", "entitlements"), ("free", "open"),
                ("party", "person"), ("notice", "statement"), ("code", "material")]
ADDED = ["We review this section every year and publish any change thirty days before it takes effect.",
         "Where the law of your country gives you more protection, that law applies instead of this section.",
         "You may ask us for a copy of the records we keep about you under this section at no charge.",
         "This paragraph does not limit any right you have under consumer protection law.",
         "Requests under this section are answered within one month of the day we receive them."]
TABLE_ROWS = [("Account details", "To provide the service", "While the account is open"),
              ("Payment records", "Tax and accounting law", "10 years"),
              ("Support messages", "To answer your requests", "2 years"),
              ("Server logs", "Security and abuse prevention", "90 days"),
              ("Marketing preferences", "Your consent", "Until you withdraw it"),
              ("Device identifiers", "Fraud detection", "13 months")]


def paragraphs_of(text):
    """Plain text into blocks: blank-line separated, each joined onto one line."""
    blocks = []
    for raw in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in raw.strip().splitlines() if line.strip()]
        if lines:
            blocks.append(" ".join(lines))
    return blocks


def to_markdown(title, text):
    """A licence's text as Markdown blocks: headings, paragraphs and list items."""
    blocks = [f"# {title}"]
    for block in paragraphs_of(text):
        block = block.replace("*", "").replace("_", " ").replace("<", "(").replace(">", ")").replace("#", "No. ")
        short = len(block) < 90 and not block.endswith(",")
        if short and (re.match(r"^(\d+|[IVX]+)\.\s+\S", block) or (block.isupper() and len(block) > 6)):
            blocks.append("## " + block.rstrip(".").title())
        elif re.match(r"^(\(?[a-z]\)|[a-z]\.|\d+\.\d+\.?)\s", block):
            blocks.append("- " + block)
        else:
            blocks.append(block)
    return blocks


def sources():
    """(title, text) of each real text there is on this machine."""
    found = []
    for name in SOURCES:
        path = os.path.join(LICENCES, name)
        if os.path.isfile(path):
            found.append((name.replace("-", " ") + " Terms", open(path, encoding="utf-8", errors="replace").read()))
    if os.path.isdir(REPO_POLICIES):
        for policy in sorted(os.listdir(REPO_POLICIES)):
            files = sorted(f for f in os.listdir(os.path.join(REPO_POLICIES, policy)) if f.endswith(".md"))
            if files:
                body = open(os.path.join(REPO_POLICIES, policy, files[-1]), encoding="utf-8").read()
                body = body.split("---", 2)[-1]
                found.append((policy.replace("-", " ").title() + " Policy", re.sub(r"^#+ ", "", body, flags=re.M)))
    if not found:
        sys.exit("generate_real_corpus.py: no real text found (install base-files, which ships /usr/share/common-licenses)")
    return found


def table(rows):
    lines = ["| Information | Why we keep it | How long |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def edit(blocks, rows, rng):
    """One version's edits to the one before; returns a one-line summary."""
    bodies = [i for i, b in enumerate(blocks) if not b.startswith("#") and len(b) > 60]
    for _ in range(rng.randint(1, 3)):
        if not bodies:
            break
        i = rng.choice(bodies)
        old, new = rng.choice(REPLACEMENTS)
        if re.search(rf"\b{old}\b", blocks[i]):
            blocks[i] = re.sub(rf"\b{old}\b", new, blocks[i], count=1)
        else:
            blocks[i] = blocks[i].rstrip(".") + ", " + rng.choice(["as stated above", "where applicable", "unless agreed otherwise"]) + "."
    roll = rng.random()
    if roll < 0.25 and bodies:
        blocks.insert(rng.choice(bodies) + 1, rng.choice(ADDED))
        return "A paragraph added."
    if roll < 0.4 and len(bodies) > 10:
        del blocks[rng.choice(bodies)]
        return "A paragraph removed."
    if roll < 0.55:
        k = rng.randrange(len(rows))
        a, b, c = rows[k]
        rows[k] = (a, b, rng.choice(["30 days", "1 year", "3 years", "6 years", "Until you close your account"]))
        return "A retention period changed."
    if roll < 0.6:
        headings = [i for i, b in enumerate(blocks) if b.startswith("## ")]
        if headings:
            i = rng.choice(headings)
            blocks[i] = blocks[i] + " and Related Matters"
            return "A section renamed."
    return "Wording clarified."


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--policies", type=int, default=40)
    parser.add_argument("--versions", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if os.path.exists(args.out) and os.listdir(args.out):
        sys.exit(f"generate_real_corpus.py: {args.out} is not empty")
    texts = sources()
    os.makedirs(os.path.join(args.out, "policies"), exist_ok=True)
    with open(os.path.join(args.out, "policysite.yml"), "w") as f:
        f.write('title: "Real Text Policies"\nbase_url: "https://policies.example.com/"\n')
    files = words = size = 0
    for p in range(args.policies):
        rng = random.Random(args.seed * 1_000_003 + p)
        title, text = texts[p % len(texts)]
        if p >= len(texts):
            title = f"{title} ({p // len(texts) + 1})"
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        folder = os.path.join(args.out, "policies", slug)
        os.makedirs(folder)
        with open(os.path.join(folder, "policy.yml"), "w") as f:
            f.write(f'title: "{title}"\n')
        blocks = to_markdown(title, text)
        # The table goes after the first section's opening paragraph.
        at = next((i + 2 for i, b in enumerate(blocks) if b.startswith("## ")), 1)
        rows = list(TABLE_ROWS)
        day = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        summary = "Initial version."
        for v in range(args.versions):
            if v:
                summary = edit(blocks, rows, rng)
                day += datetime.timedelta(days=rng.randint(40, 100))
            body = "\n\n".join(blocks[:at] + [table(rows)] + blocks[at:]) + "\n"
            # Published 30 days ahead, the notice a material change needs, and after the version
            # before took effect.
            published = day - datetime.timedelta(days=30)
            front = (f'---\nversion: "{v + 1}"\neffective: {day.isoformat()}\npublished: {published.isoformat()}\n'
                     f'summary: "{summary}"\nmaterial: {"true" if v % 3 == 0 else "false"}\n---\n')
            with open(os.path.join(folder, f"{v + 1}.md"), "w", encoding="utf-8") as f:
                f.write(front + body)
            files += 1
            words += len(body.split())
            size += len(body.encode())
    print(f"{args.policies} policies x {args.versions} versions of real text: {files} files, {size / 1e6:.1f} MB, {words / 1e6:.2f} million words")


if __name__ == "__main__":
    main()
