#!/usr/bin/env python3
"""Generate a synthetic, deterministic policysite corpus for benchmarking.

    python3 bench/generate_corpus.py --policies 200 --versions 50 --out DIR [--seed 1] [--hugo HUGODIR]

DIR receives a complete policysite site root (see SPEC.md sections 1-3):

    DIR/policysite.yml
    DIR/policies/<policy>/policy.yml
    DIR/policies/<policy>/v<label>.md        one file per version

Each policy's first version is a privacy-policy/terms-like document of 2,000-6,000 words
(headings, paragraphs, lists, an occasional GFM table, emphasis, links, footnotes). Every later
version applies a few small edits to the one before (reworded sentences, added/removed paragraphs
and list items, now and then a new or renamed section), like real policy histories do.

With --hugo HUGODIR the same content is also written as a minimal Hugo project, with
content/<policy>/versions/<v>/index.md per version (front matter converted, body identical).

Output is a pure function of (--policies, --versions, --seed): every policy draws from its own
random stream seeded by (seed, policy index), so policy k is identical whatever --policies is,
and its first n versions are identical whatever --versions is (>= n).
Only the Python standard library is used.
"""

import argparse
import datetime as dt
import os
import random
import re
import sys
import time

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

COMPANIES = [
    "Northwind Analytics", "Bluefin Payments", "Contoso Cloud", "Fabrikam Health", "Tailspin Travel",
    "Wingtip Games", "Litware Security", "Adatum Learning", "Proseware Media", "Woodgrove Bank",
    "Alpine Ski House", "Coho Vineyard", "Lamna Healthcare", "Margie's Travel", "Trey Research",
    "Humongous Insurance", "Graphic Design Institute", "Relecloud", "Wide World Importers",
    "Fourth Coffee", "Lucerne Publishing", "Southridge Video", "Consolidated Messenger",
    "Blue Yonder Airlines", "City Power and Light", "Datum Corporation", "Plimus Commerce",
    "Planet Mirror", "Greenleaf Grocers", "Orbital Maps", "Harbor Freightworks", "Quillstone Legal",
    "Sunpeak Energy", "Riverbend Clinics", "Nimbus Mail", "Pixelcraft Studio", "Ironclad Storage",
    "Meridian Telecom", "Brightpath Tutors", "Kestrel Robotics",
]

# (folder slug, title, short noun used inside sentences)
KINDS = [
    ("privacy-policy", "Privacy Policy", "Privacy Policy"),
    ("terms-of-service", "Terms of Service", "Agreement"),
    ("cookie-policy", "Cookie Policy", "Cookie Policy"),
    ("acceptable-use-policy", "Acceptable Use Policy", "Policy"),
    ("data-processing-addendum", "Data Processing Addendum", "Addendum"),
    ("refund-policy", "Refund Policy", "Policy"),
    ("community-guidelines", "Community Guidelines", "Guidelines"),
    ("employee-privacy-notice", "Employee Privacy Notice", "Notice"),
]

# Section titles in a plausible document order; each entry lists alternative names used when a
# later version renames the section.
SECTIONS = [
    ["Introduction", "About This Policy", "Overview"],
    ["Definitions", "Key Terms", "Terms We Use"],
    ["Scope", "Who This Policy Applies To", "Applicability"],
    ["Information We Collect", "Personal Data We Collect", "What We Collect"],
    ["How We Collect Information", "Sources of Personal Data", "Where Your Information Comes From"],
    ["How We Use Information", "Purposes of Processing", "Why We Use Your Data"],
    ["Legal Bases for Processing", "Our Legal Grounds", "Lawful Bases"],
    ["Cookies and Similar Technologies", "Cookies and Tracking", "Cookies, Pixels and Local Storage"],
    ["Analytics and Advertising", "Interest-Based Advertising", "Measurement and Ads"],
    ["How We Share Information", "Disclosures to Third Parties", "Who We Share Data With"],
    ["International Data Transfers", "Transfers Outside Your Country", "Cross-Border Transfers"],
    ["Data Retention", "How Long We Keep Information", "Retention Periods"],
    ["Security", "How We Protect Your Information", "Information Security"],
    ["Your Rights and Choices", "Your Privacy Rights", "Your Choices"],
    ["Children's Privacy", "Minors", "Information About Children"],
    ["Account Registration", "Your Account", "Creating an Account"],
    ["User Content", "Content You Submit", "Your Content"],
    ["Acceptable Use", "Prohibited Conduct", "Rules of Conduct"],
    ["Fees and Payments", "Billing", "Payment Terms"],
    ["Refunds and Cancellations", "Cancellation", "Refund Requests"],
    ["Third-Party Services", "Links to Other Websites", "Third-Party Links and Integrations"],
    ["Intellectual Property", "Ownership", "Proprietary Rights"],
    ["Disclaimer of Warranties", "No Warranties", "Warranty Disclaimer"],
    ["Limitation of Liability", "Liability", "Limits on Our Liability"],
    ["Indemnification", "Your Indemnity", "Indemnity"],
    ["Termination", "Suspension and Termination", "Ending This Agreement"],
    ["Dispute Resolution", "Arbitration", "Resolving Disputes"],
    ["Governing Law", "Applicable Law", "Choice of Law"],
    ["California Privacy Rights", "Notice to California Residents", "CCPA Disclosures"],
    ["European Privacy Rights", "Notice to EEA and UK Residents", "GDPR Disclosures"],
    ["Do Not Track Signals", "Browser Signals", "Global Privacy Control"],
    ["Communications", "Emails and Notifications", "Marketing Communications"],
    ["Changes to This Policy", "Updates to This Policy", "How We Announce Changes"],
    ["Contact Us", "How to Contact Us", "Questions and Contact Information"],
]

SUBSECTIONS = [
    "Information You Provide to Us", "Information We Collect Automatically",
    "Information From Third Parties", "Device and Usage Information", "Location Information",
    "Service Providers", "Legal Requirements", "Business Transfers", "With Your Consent",
    "Marketing Communications", "Transactional Messages", "Essential Cookies", "Functional Cookies",
    "Performance Cookies", "Advertising Cookies", "Access and Portability", "Correction and Deletion",
    "Objection and Restriction", "Withdrawing Consent", "Authorized Agents", "Verification of Requests",
    "Standard Contractual Clauses", "Data Privacy Framework", "Retention Criteria",
    "Deletion and Anonymization", "Reporting a Security Incident", "Subscriptions", "Free Trials",
    "Taxes", "Chargebacks", "Exceptions", "Informal Resolution", "Class Action Waiver",
    "Small Claims", "Notice of Claims", "Payment Card Data", "Sensitive Personal Data",
    "Automated Decision-Making", "Employment Applicants", "Business Contacts",
]

ACTIONS = [
    "create an account", "contact customer support", "make a purchase", "participate in a survey",
    "use our mobile applications", "subscribe to our newsletter", "attend one of our events",
    "apply for a job with us", "connect a third-party account", "upload content to the Services",
    "enter a promotion or sweepstakes", "browse our websites", "install our browser extension",
    "request a product demonstration", "post in our community forums",
]

DATA = [
    "your name and email address", "billing and payment information", "device identifiers",
    "IP addresses", "usage data", "approximate location information",
    "information about your browser and operating system", "the content of messages you send to us",
    "account credentials", "purchase history", "preferences and settings", "log files",
    "cookie identifiers", "information you provide in support requests",
    "professional information such as your job title", "postal address and telephone number",
    "photographs and other content you upload", "demographic information",
    "information about your contacts, if you choose to share it", "crash reports and diagnostics",
]

DATA_TITLES = [
    "Contact information", "Account information", "Payment information", "Device information",
    "Usage information", "Location information", "Communications", "Transaction history",
    "Profile information", "Support records", "Marketing preferences", "Technical logs",
    "Inferences", "Professional information", "Content you upload",
]

PURPOSES = [
    "provide, operate and maintain the Services", "process transactions and send related information",
    "respond to your comments and questions", "detect, investigate and prevent fraud and other illegal activities",
    "personalize your experience", "develop new products and features", "comply with our legal obligations",
    "enforce our terms and policies", "send you technical notices and security alerts",
    "measure the effectiveness of our marketing", "understand how our Services are used",
    "debug and repair errors", "verify your identity", "provide customer support",
    "carry out research and analysis", "protect the rights, property and safety of our users",
]

PARTIES = [
    "our service providers", "payment processors", "cloud hosting providers", "analytics partners",
    "professional advisers such as lawyers and auditors", "our affiliates and subsidiaries",
    "law enforcement authorities", "a successor entity in connection with a merger or acquisition",
    "advertising partners", "customer support vendors", "fraud prevention agencies",
    "other users, where you choose to make information public",
]

PERIODS = [
    "as long as your account is active", "up to 24 months after your last interaction with us",
    "seven years for tax and accounting purposes", "90 days", "30 days after you close your account",
    "the duration of the contract and a reasonable period afterwards",
    "no longer than necessary for the purposes described in this section", "13 months",
    "the period required by applicable law",
]

RIGHTS = [
    "access the personal data we hold about you", "request correction of inaccurate information",
    "request deletion of your personal data", "object to our processing of your personal data",
    "restrict the processing of your personal data", "receive a copy of your data in a portable format",
    "withdraw your consent at any time", "lodge a complaint with a supervisory authority",
    "opt out of the sale or sharing of personal information",
    "not be subject to a decision based solely on automated processing",
]

LAWS = [
    "the General Data Protection Regulation", "the California Consumer Privacy Act",
    "the UK Data Protection Act 2018", "applicable data protection law",
    "the Personal Information Protection and Electronic Documents Act",
    "the Brazilian General Data Protection Law", "the laws of the State of Delaware",
    "the Children's Online Privacy Protection Act", "the ePrivacy Directive", "applicable consumer protection law",
]

BASES = [
    "your consent", "the performance of a contract with you", "our legitimate interests",
    "compliance with a legal obligation", "the protection of vital interests",
]

MEASURES = [
    "encryption in transit and at rest", "role-based access controls", "regular security assessments",
    "employee training", "multi-factor authentication", "network monitoring",
    "secure software development practices", "independent audits", "data minimization",
]

LINKS = [
    ("our Cookie Policy", "/legal/cookies"), ("the Terms of Service", "/legal/terms"),
    ("our Security Overview", "/security"), ("the Help Center", "/help"),
    ("our Data Processing Addendum", "/legal/dpa"), ("the account settings page", "/settings/privacy"),
    ("our list of subprocessors", "/legal/subprocessors"), ("the privacy request form", "/privacy/request"),
    ("our transparency report", "/transparency"), ("the Network Advertising Initiative", None),
]

# Sentence templates. Slots are filled from the lists above; {LINK} becomes a Markdown link,
# {URL} a bare https URL (autolinked), {EMAIL} a bare email address.
TEMPLATES = [
    "We collect {data} when you {action}.",
    "{Short} uses {data} to {purpose}.",
    "We may share {data} with {party} who process it on our behalf and under our instructions.",
    "We retain {data} for {period}, unless a longer retention period is required or permitted by law.",
    "You have the right to {right}.",
    "Where required by {law}, we rely on {basis} to process {data}.",
    "For more information, please see {LINK}.",
    "If you have questions about this {doc}, you can contact us at {EMAIL}.",
    "You can read the current version of this {doc} at any time at {URL}.",
    "We will **never** sell {data} to {party}.",
    "*Please read this section carefully*, as it affects your legal rights.",
    "Nothing in this {doc} limits any rights you may have under {law}.",
    "Our safeguards include {measure} and {measure2}.",
    "In some cases we may also receive {data} from {party}.",
    "We use {data} to {purpose} and to {purpose2}.",
    "When you {action}, we ask for {data}, and we use it only to {purpose}.",
    "We require {party} to protect {data} with safeguards at least as strict as our own.",
    "If we rely on {basis}, you may object at any time, and we will stop unless we have *compelling legitimate grounds*.",
    "You may exercise these rights free of charge, and we will respond within {days} days.",
    "Some of these rights are subject to exceptions under {law}.",
    "We do not knowingly collect {data} from children under the age of {age}.",
    "If you believe that we have collected information from a child, please contact us promptly.",
    "{Co} is the controller of {data} processed in connection with the Services.",
    "We may update this {doc} from time to time, and we will notify you of any material changes.",
    "Your continued use of the Services after a change takes effect means that you accept the revised {doc}.",
    "You are responsible for maintaining the confidentiality of your account credentials.",
    "You must not use the Services in any way that violates {law} or infringes the rights of others.",
    "To the maximum extent permitted by law, {Short} will not be liable for indirect, incidental or consequential damages.",
    "The Services are provided **as is** and **as available**, without warranties of any kind.",
    "Any dispute arising out of this {doc} will be governed by {law}.",
    "Fees are billed in advance and are non-refundable except as stated in {LINK}.",
    "We may suspend or terminate your access if you breach this {doc} or if required to do so by law.",
    "Transfers of {data} outside your country are protected by appropriate safeguards, such as standard contractual clauses.",
    "You can manage your preferences on {LINK} or by following the unsubscribe link in any message.",
    "Most browsers accept cookies by default, but you can usually change your browser settings to refuse them.",
    "Disabling cookies may prevent some features of the Services from working as intended.",
    "We review these retention periods at least once a year.",
    "When we no longer need {data}, we delete or anonymize it.",
    "If you are a resident of {region}, you may have additional rights described below.",
    "We will not discriminate against you for exercising any of these rights.",
    "Requests made through an authorized agent must be accompanied by proof of authorization.",
    "We may need to verify your identity before we can act on your request.",
    "No method of transmission over the Internet is completely secure, and we cannot guarantee absolute security.",
    "If we learn of a security incident affecting {data}, we will notify you as required by {law}.",
    "You retain ownership of any content you submit, but you grant us a licence to host and display it.",
    "This licence ends when you delete the content, except where it has been shared with others.",
    "We may use aggregated or de-identified information for any lawful purpose.",
    "Where we act as a processor for our business customers, their own privacy notices apply.",
    "Our {doc} applies to information collected through our websites, applications and other online services.",
    "It does not apply to information collected offline or by third parties that we do not control.",
]

REGIONS = ["the European Economic Area", "the United Kingdom", "California", "Virginia", "Brazil",
           "Canada", "Switzerland", "Colorado", "Japan", "Australia"]

STEPS = [
    "Sign in to your account.", "Open **Settings** and select *Privacy*.",
    "Choose the data you want to export or delete.", "Confirm your request by following the link we email to you.",
    "Wait for our confirmation, which usually arrives within a few days.",
    "Contact support if you do not receive a response within {days} days.",
    "Describe the nature of your request in as much detail as possible.",
    "Provide any information we need to verify your identity.",
]

TASKS = [
    "you have signed in to the account concerned", "your request names the policy and version concerned",
    "you have attached proof of authorization, if you act for someone else",
    "your contact details are up to date", "you have read the relevant section of this policy",
]

# Word-level rewordings applied by later versions ("change a few words").
REWORDINGS = {
    "may": "might", "might": "may", "promptly": "without undue delay", "without undue delay": "promptly",
    "personal data": "personal information", "personal information": "personal data",
    "information": "data", "protect": "safeguard",
    "safeguards": "protections", "delete": "erase", "erase": "delete", "use": "process",
    "share": "disclose", "disclose": "share", "collect": "obtain", "request": "ask",
    "usually": "typically", "typically": "usually", "at any time": "whenever you wish",
    "carefully": "closely", "appropriate": "suitable", "regular": "periodic",
    "required": "mandated", "contact us": "write to us", "third parties": "other companies",
    "as required by": "in accordance with", "described below": "set out below",
}
REWORD_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, REWORDINGS), key=len, reverse=True)) + r")\b")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

WORD_RE = re.compile(r"[A-Za-z0-9]")


def count_words(text):
    """Words = whitespace-separated tokens holding a letter or digit (Markdown markers don't count)."""
    return sum(1 for tok in text.split() if WORD_RE.search(tok))


def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def url_segment(label):
    """Version label -> URL segment, as SPEC.md section 1 defines it."""
    return re.sub(r"[^a-z0-9.]+", "-", label.lower()).strip("-")


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def long_date(d):
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


# --------------------------------------------------------------------------------------------
# Documents
#
# A document is a list of immutable blocks (kind, payload, markdown, words). A new version is a
# shallow copy of the previous list in which a few blocks are replaced, so producing 50 versions
# costs little more than producing one.
# --------------------------------------------------------------------------------------------


class Policy:
    """One policy's vocabulary context plus a random stream."""

    def __init__(self, index, seed):
        self.rng = random.Random(f"policysite-bench/{seed}/{index}")
        r = self.rng
        self.company = r.choice(COMPANIES)
        self.short = self.company.split()[0]
        self.kind_slug, self.kind_title, self.doc = r.choice(KINDS)
        self.title = f"{self.company} {self.kind_title}"
        self.domain = slugify(self.company).replace("-", "") + ".example"
        self.footnotes = 0

    # -- text ---------------------------------------------------------------------------------

    def link(self):
        text, path = self.rng.choice(LINKS)
        url = f"https://{self.domain}{path}" if path else "https://optout.networkadvertising.org/"
        return f"[{text}]({url})"

    def sentence(self, template=None):
        r = self.rng
        t = template or r.choice(TEMPLATES)
        m1, m2 = r.sample(MEASURES, 2)
        p1, p2 = r.sample(PURPOSES, 2)
        return t.format(
            data=r.choice(DATA), action=r.choice(ACTIONS), purpose=p1, purpose2=p2,
            party=r.choice(PARTIES), period=r.choice(PERIODS), right=r.choice(RIGHTS),
            law=r.choice(LAWS), basis=r.choice(BASES), measure=m1, measure2=m2,
            doc=self.doc, Short=self.short, Co=self.company, region=r.choice(REGIONS),
            days=r.choice([10, 15, 30, 45]), age=r.choice([13, 16]),
            LINK=self.link(), URL=f"https://{self.domain}/legal/{self.kind_slug}",
            EMAIL=f"privacy@{self.domain}",
        )

    # -- blocks -------------------------------------------------------------------------------

    @staticmethod
    def block(kind, payload, md):
        return (kind, payload, md, count_words(md))

    def heading(self, level, title):
        return self.block(f"h{level}", title, "#" * level + " " + title)

    def para_from(self, sentences, footnote=None):
        md = " ".join(sentences)
        if footnote:
            label, note = footnote
            md += f"[^{label}]\n\n[^{label}]: {note}"
        return self.block("p", (tuple(sentences), footnote), md)

    def paragraph(self):
        r = self.rng
        sentences = [self.sentence(t) for t in r.sample(TEMPLATES, r.randint(2, 6))]
        footnote = None
        if r.random() < 0.03:
            self.footnotes += 1
            footnote = (f"n{self.footnotes}", self.sentence())
        return self.para_from(sentences, footnote)

    def list_from(self, kind, items):
        if kind == "ol":
            md = "\n".join(f"{i}. {it}" for i, it in enumerate(items, 1))
        elif kind == "task":
            md = "\n".join(f"- [{'x' if i % 2 == 0 else ' '}] {it}" for i, it in enumerate(items))
        else:
            md = "\n".join(f"- {it}" for it in items)
        return self.block(kind, tuple(items), md)

    def list_item(self, kind):
        r = self.rng
        if kind == "ol":
            return r.choice(STEPS).format(days=r.choice([10, 30]))
        if kind == "task":
            return r.choice(TASKS)
        style = r.random()
        if style < 0.4:
            return f"**{r.choice(DATA_TITLES)}**, such as {r.choice(DATA)}."
        if style < 0.7:
            return f"To {r.choice(PURPOSES)}."
        if style < 0.85:
            return f"With {r.choice(PARTIES)}, to {r.choice(PURPOSES)}."
        return self.sentence()

    def a_list(self):
        r = self.rng
        x = r.random()
        kind = "ol" if x < 0.25 else ("task" if x < 0.28 else "ul")
        return self.list_from(kind, [self.list_item(kind) for _ in range(r.randint(3, 8))])

    def table(self):
        r = self.rng
        rows = []
        for title in r.sample(DATA_TITLES, r.randint(3, 6)):
            rows.append((title, r.choice(PURPOSES).capitalize(), r.choice(BASES).capitalize(),
                         r.choice(PERIODS).capitalize()))
        md = ["| Category of data | Purpose | Legal basis | Retention |", "|---|---|---|:---|"]
        md += ["| " + " | ".join(row) + " |" for row in rows]
        return self.block("table", tuple(rows), "\n".join(md))

    def section_body(self, budget, with_subsections):
        """Blocks for one section of about `budget` words, optionally split by ### subsections."""
        r = self.rng
        subs = r.sample(SUBSECTIONS, r.randint(2, 4)) if with_subsections else []
        target = budget // (len(subs) + 1)
        blocks = []
        for part in range(len(subs) + 1):
            if part > 0:
                blocks.append(self.heading(3, subs[part - 1]))
            got = 0
            while got == 0 or got + 40 < target:  # blocks are ~80 words: stop about as near as we get
                x = r.random()
                b = self.a_list() if x < 0.18 else (self.table() if x < 0.2 else self.paragraph())
                if b[0] != "p" and (not blocks or blocks[-1][0] != "p"):
                    b = self.paragraph()  # a section opens with prose; lists/tables sit between paragraphs
                blocks.append(b)
                got += b[3]
        return blocks

    def effective_line(self, effective):
        return self.block("date", effective, f"*Effective {long_date(effective)}*")

    def first_version(self, effective):
        r = self.rng
        target_words = r.randint(2100, 5900)  # lands within 2,000-6,000 words
        nsec = r.randint(8, 20)
        idx = sorted(r.sample(range(len(SECTIONS)), nsec))
        blocks = [self.heading(1, self.title), self.effective_line(effective), self.paragraph()]
        words = sum(b[3] for b in blocks)
        self.used_titles = set()
        for n, i in enumerate(idx):
            title = SECTIONS[i][0]
            self.used_titles.add(title)
            blocks.append(self.heading(2, title))
            # Share what is left of the word target among the sections still to come, so that
            # overshooting in one section is made up for in the next ones.
            budget = max(60, (target_words - words) // (nsec - n))
            body = self.section_body(budget, r.random() < 0.3)
            blocks.extend(body)
            words += sum(b[3] for b in body) + 1
        return blocks

    # -- edits --------------------------------------------------------------------------------

    def section_of(self, blocks, i):
        while i > 0 and blocks[i][0] != "h2":
            i -= 1
        return blocks[i][1] if blocks[i][0] == "h2" else "the introduction"

    def next_version(self, prev, effective, material):
        """Return (blocks, list of (verb, section)) for a version with a few small edits.

        An editorial (non-material) version only rewords; a material one may also add or remove
        paragraphs and list items and add or rename sections.
        """
        r = self.rng
        b = list(prev)
        log = []
        b[1] = self.effective_line(effective)

        def indices(kind):
            return [i for i, x in enumerate(b) if x[0] == kind]

        # Reword a few sentences in a few paragraphs.
        for _ in range(r.randint(2, 5)):
            i = r.choice(indices("p"))
            sentences, fn = b[i][1]
            sentences = list(sentences)
            j = r.randrange(len(sentences))
            hits = list(REWORD_RE.finditer(sentences[j]))
            if hits and r.random() < 0.6:
                m = r.choice(hits)
                s = sentences[j]
                sentences[j] = s[:m.start()] + REWORDINGS[m.group(1)] + s[m.end():]
                log.append(("Clarifies wording in", self.section_of(b, i)))
            else:
                sentences[j] = self.sentence()
                log.append(("Revises", self.section_of(b, i)))
            b[i] = self.para_from(sentences, fn)

        if not material:
            return b, log

        # Sometimes add or remove a paragraph.
        x = r.random()
        if x < 0.35:
            i = r.choice(indices("p"))
            b.insert(i + 1, self.paragraph())
            log.append(("Adds a paragraph to", self.section_of(b, i)))
        elif x < 0.6:
            ps = [i for i in indices("p") if i > 2 and b[i - 1][0] == "p"]  # never empty a section
            if ps:
                i = r.choice(ps)
                log.append(("Removes a paragraph from", self.section_of(b, i)))
                del b[i]

        # Sometimes add or remove a list item.
        lists = [i for i, x in enumerate(b) if x[0] in ("ul", "ol", "task")]
        if lists and r.random() < 0.3:
            i = r.choice(lists)
            kind, items = b[i][0], list(b[i][1])
            if r.random() < 0.55 or len(items) <= 2:
                items.insert(r.randint(0, len(items)), self.list_item(kind))
                log.append(("Adds a list item to", self.section_of(b, i)))
            else:
                del items[r.randrange(len(items))]
                log.append(("Removes a list item from", self.section_of(b, i)))
            b[i] = self.list_from(kind, items)

        # Occasionally add a section (before the last one) or rename one.
        if r.random() < 0.08:
            free = [s[0] for s in SECTIONS if s[0] not in self.used_titles]
            if free:
                title = r.choice(free)
                self.used_titles.add(title)
                new = [self.heading(2, title)] + self.section_body(r.randint(100, 300), False)
                last = indices("h2")[-1]
                b[last:last] = new
                log.append(("Adds the section", title))
        elif r.random() < 0.06:
            i = r.choice(indices("h2"))
            old = b[i][1]
            alts = next((s for s in SECTIONS if old in s), [old])
            choices = [a for a in alts if a != old and a not in self.used_titles]
            if choices:
                new = r.choice(choices)
                self.used_titles.add(new)
                b[i] = self.heading(2, new)
                log.append((f"Renames {old} to", new))
        return b, log


def summarize(log, material):
    if not log:
        return "Initial version."
    seen, parts = set(), []
    # Structural changes first: they are what a reader of the history wants to see.
    log = sorted(log, key=lambda e: not e[0].startswith(("Adds", "Removes", "Renames")))
    for verb, section in log:
        if (verb, section) not in seen:
            seen.add((verb, section))
            parts.append(f"{verb} {section}")
    text = "; ".join(parts[:3]) + ("; and other small changes" if len(parts) > 3 else "")
    text = text[0].upper() + text[1:] + "."
    return text if material else "Editorial: " + text[0].lower() + text[1:]


# --------------------------------------------------------------------------------------------
# Hugo project
# --------------------------------------------------------------------------------------------

HUGO_CONFIG = """\
# Minimal Hugo project generated by bench/generate_corpus.py: same content as the policysite corpus.
baseURL = "https://policies.example.com/"
title = "Benchmark Policies"
languageCode = "en"
# Do comparable work: no taxonomies, feeds, sitemap, robots.txt or 404 page.
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
# Effective dates run into the future; render every version like policysite --as-of 2100-01-01.
buildFuture = true
buildExpired = true
buildDrafts = false
enableGitInfo = false
disableHugoGeneratorInject = true

[markup]
  defaultMarkdownHandler = "goldmark"
  [markup.goldmark.renderer]
    unsafe = false
  [markup.goldmark.parser]
    autoHeadingID = true
  [markup.goldmark.extensions]
    table = true
    strikethrough = true
    linkify = true
    taskList = true
    footnote = true
    # GFM has neither; keep them off so goldmark does what cmark-gfm does.
    definitionList = false
    typographer = false
"""

HUGO_SINGLE = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ .Site.BaseURL }}">{{ .Site.Title }}</a></header>
<main>
<p class="meta">Effective {{ .Date.Format "2006-01-02" }}</p>
{{ .Content }}
</main>
</body>
</html>
"""

HUGO_LIST = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ .Site.BaseURL }}">{{ .Site.Title }}</a></header>
<main>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ .Date.Format "2006-01-02" }})</li>
{{ end }}</ul>
</main>
</body>
</html>
"""

HUGO_INDEX = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body>
<main>
<h1>{{ .Site.Title }}</h1>
<ul>
{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
</main>
</body>
</html>
"""


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_hugo_skeleton(root):
    os.makedirs(os.path.join(root, "layouts", "_default"))
    os.makedirs(os.path.join(root, "content"))
    write(os.path.join(root, "config.toml"), HUGO_CONFIG)
    write(os.path.join(root, "layouts", "_default", "single.html"), HUGO_SINGLE)
    write(os.path.join(root, "layouts", "_default", "list.html"), HUGO_LIST)
    write(os.path.join(root, "layouts", "index.html"), HUGO_INDEX)
    write(os.path.join(root, "content", "_index.md"), '---\ntitle: "Benchmark Policies"\n---\n')


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def ensure_empty_dir(path, flag):
    if os.path.exists(path) and (not os.path.isdir(path) or os.listdir(path)):
        sys.exit(f"generate_corpus.py: {flag} {path} exists and is not an empty folder; remove it first")
    os.makedirs(path, exist_ok=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--policies", type=int, default=200, help="number of policies (default 200)")
    ap.add_argument("--versions", type=int, default=50, help="versions per policy (default 50)")
    ap.add_argument("--out", required=True, help="site root to create (must be empty or absent)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--hugo", help="also write the same content as a Hugo project into this folder")
    args = ap.parse_args()
    if args.policies < 1 or args.versions < 1:
        ap.error("--policies and --versions must be >= 1")

    t0 = time.monotonic()
    ensure_empty_dir(args.out, "--out")
    if args.hugo:
        ensure_empty_dir(args.hugo, "--hugo")
        write_hugo_skeleton(args.hugo)

    write(os.path.join(args.out, "policysite.yml"),
          'title: "Benchmark Policies"\nbase_url: "https://policies.example.com/"\n')
    os.makedirs(os.path.join(args.out, "policies"))

    files = nbytes = words = 0
    names = set()
    for pi in range(args.policies):
        pol = Policy(pi, args.seed)
        r = pol.rng
        name = f"{slugify(pol.company)}-{pol.kind_slug}"
        if name in names:
            name = f"{name}-{pi + 1}"
        names.add(name)
        pdir = os.path.join(args.out, "policies", name)
        os.makedirs(pdir)
        description = f"How {pol.company} handles the matters covered by its {pol.kind_title.lower()}."
        write(os.path.join(pdir, "policy.yml"),
              f"title: {yaml_str(pol.title)}\ndescription: {yaml_str(description)}\norder: {pi + 1}\n")
        if args.hugo:
            hdir = os.path.join(args.hugo, "content", name)
            os.makedirs(os.path.join(hdir, "versions"))
            write(os.path.join(hdir, "_index.md"), f"---\ntitle: {yaml_str(pol.title)}\n---\n{description}\n")
            write(os.path.join(hdir, "versions", "_index.md"),
                  f"---\ntitle: {yaml_str(pol.title + ' history')}\n---\n")

        effective = dt.date(2008, 1, 1) + dt.timedelta(days=r.randrange(0, 5 * 365))
        major, minor = 1, 0
        blocks, log = None, []
        for vi in range(args.versions):
            if vi == 0:
                blocks = pol.first_version(effective)
                material = True
            else:
                effective += dt.timedelta(days=r.randint(60, 120))
                material = r.random() < 0.8
                if material and r.random() < 0.08:
                    major, minor = major + 1, 0
                else:
                    minor += 1
                blocks, log = pol.next_version(blocks, effective, material)
            published = effective - dt.timedelta(days=r.randint(30, 45))
            label = f"{major}.{minor}"
            body = "\n\n".join(b[2] for b in blocks) + "\n"
            summary = summarize(log, material)
            front = (f'---\nversion: "{label}"\neffective: {effective.isoformat()}\n'
                     f"published: {published.isoformat()}\nsummary: {yaml_str(summary)}\n"
                     f"material: {'true' if material else 'false'}\n---\n")
            text = front + body
            write(os.path.join(pdir, f"v{label}.md"), text)
            files += 1
            nbytes += len(text.encode("utf-8"))
            words += sum(b[3] for b in blocks)
            if args.hugo:
                vdir = os.path.join(args.hugo, "content", name, "versions", url_segment(label))
                os.makedirs(vdir)
                write(os.path.join(vdir, "index.md"),
                      f"---\ntitle: {yaml_str(pol.title + ' ' + label)}\ndate: {effective.isoformat()}\n---\n"
                      + body)

    secs = time.monotonic() - t0
    print(f"policies: {args.policies}  versions/policy: {args.versions}  version files: {files}  "
          f"bytes: {nbytes} ({nbytes / 1e6:.1f} MB, {nbytes / files / 1e3:.1f} KB/file)  "
          f"words: {words} ({words // files}/file)  generated in {secs:.1f} s")


if __name__ == "__main__":
    main()
