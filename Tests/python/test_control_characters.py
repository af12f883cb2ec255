"""Control characters from Word and from crafted files (form feed, vertical tab, NUL, ESC, DEL, C1,
U+FFFE/U+FFFF): removed from the text, so that every feed and the sitemap parse with a strict XML
parser and every page with a strict HTML parser; refused in front matter and settings; and never
sent raw to the terminal."""
import pathlib
import subprocess

import html5lib
import pytest
from lxml import etree

from conftest import policysite_binary, sample_copy

# Every kind the build must keep out of what it writes: C0 but TAB/LF/CR, DEL, C1, and the two
# characters XML 1.0 forbids outside those.
CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9f", "\ufffe", "\uffff"]
RAW = {ord(c) for c in CONTROLS}


def dirty(text: str) -> str:
    """The text with every control character after its first word."""
    head, _, tail = text.partition(" ")
    return head + "".join(CONTROLS) + (" " + tail if tail else "")


def version(label: str, effective: str, body: str, extra: str = "") -> bytes:
    return f'---\nversion: "{label}"\neffective: {effective}\n{extra}---\n{body}'.encode("utf-8")


BODY_1 = """# Privacy Policy

## What we collect

We collect your name and address.
"""

BODY_2 = f"""# {dirty("Privacy Policy")}

## {dirty("What we collect")}

We collect {dirty("your name")} and address&#12;, and a reference&#x1B;[31m to ESC&#127;&#x85;.

| {dirty("Column")} | B |
|---|---|
| {dirty("cell")} | `code {dirty("span")}` |

- {dirty("an item")} with a [{dirty("link")}](https://example.com/{dirty("path")})

## {dirty("Retention")}

Thirty days.\f
"""


def run(*arguments: str, root: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(policysite_binary()), *arguments], cwd=root, capture_output=True)


@pytest.fixture
def site(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "dirty"
    (root / "policies" / "privacy").mkdir(parents=True)
    (root / "policysite.yml").write_text("title: Dirty Site\nbase_url: https://example.com/legal/\n")
    (root / "policies" / "privacy" / "1.0.md").write_bytes(version("1.0", "2024-01-01", BODY_1))
    (root / "policies" / "privacy" / "2.0.md").write_bytes(version("2.0", "2024-03-01", BODY_2, "summary: Less is kept.\nmaterial: false\n"))
    return root


def assert_no_raw_controls(data: bytes, where: str) -> None:
    found = sorted({ord(c) for c in data.decode("utf-8", errors="replace")} & RAW)
    assert not found, f"{where} holds {[hex(c) for c in found]}"


def test_the_built_site_parses_strictly(site):
    result = run("build", "--as-of", "2024-06-01", root=site)
    assert result.returncode == 0, result.stderr.decode()
    stderr = result.stderr.decode("utf-8")
    assert "policies/privacy/2.0.md:7: warning: removed " in stderr
    assert "control characters from the text, the first a NUL character (U+0000) on this line" in stderr
    assert "character reference" in stderr
    assert_no_raw_controls(result.stderr + result.stdout, "the terminal output")

    output = site / "site"
    xml_files = sorted(output.rglob("*.xml"))
    assert {p.relative_to(output).as_posix() for p in xml_files} >= {"feed.xml", "privacy/feed.xml", "sitemap.xml"}
    strict = etree.XMLParser(recover=False, resolve_entities=False)
    for path in xml_files:
        etree.parse(str(path), strict)  # raises on anything not well-formed

    feed = etree.parse(str(output / "privacy" / "feed.xml"), strict)
    titles = [t.text for t in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Privacy Policy, version 2.0" in titles

    pages = sorted(output.rglob("*.html"))
    assert len(pages) >= 6
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for page in pages:
        parser.parse(page.read_bytes(), transport_encoding="utf-8")  # strict: any parse error raises

    for path in output.rglob("*"):
        if path.is_file():
            assert_no_raw_controls(path.read_bytes(), str(path))
    assert "What we collect" in (output / "privacy" / "versions" / "2.0" / "index.html").read_text()


def test_front_matter_refuses_each(site):
    assert run("build", "--as-of", "2024-06-01", root=site).returncode == 0
    before = {p: p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()}
    lock = (site / "policysite.lock").read_bytes()
    for character in CONTROLS:
        (site / "policies" / "privacy" / "3.0.md").write_bytes(
            version("3.0", "2024-05-01", "# Privacy\n\nText.\n", f"title: Privacy{character}Policy\nmaterial: false\n"))
        # check is build's checks (CheckIsBuildTests); here it runs for a few, to keep the test short.
        for command in ("check", "build") if character in "\x0c\x1b\x85" else ("build",):
            result = run(command, "--as-of", "2024-06-01", root=site)
            assert result.returncode != 0
            stderr = result.stderr.decode("utf-8")
            assert "\npolicies/privacy/3.0.md:4: error: this line holds " in stderr, stderr
            assert f"(U+{ord(character):04X}); delete it" in stderr
            assert_no_raw_controls(result.stderr + result.stdout, f"{command}'s output")
    assert {p: p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()} == before
    assert (site / "policysite.lock").read_bytes() == lock


def test_settings_refuse_them(site):
    (site / "policysite.yml").write_text("title: Dirty\x0bSite\nbase_url: https://example.com/legal/\n")
    (site / "policies" / "privacy" / "policy.yml").write_text("title: Privacy\ndescription: \"Ours\\e[2J\"\n")
    result = run("build", "--as-of", "2024-06-01", root=site)
    assert result.returncode != 0
    stderr = result.stderr.decode("utf-8")
    assert "policysite.yml:1: error: this line holds a vertical tab (U+000B); delete it" in stderr
    assert "policies/privacy/policy.yml:2: error: 'description' holds an escape character (U+001B)" in stderr
    assert not (site / "site").exists()


def test_names_reach_the_terminal_escaped(site):
    (site / "policies" / "privacy" / "\x1b[2J\x1b]0;owned\x07.md").write_bytes(b"no front matter\n")
    (site / "policies" / "x\x1b[31mred").mkdir()
    (site / "policies" / "x\x1b[31mred" / "1.md").write_bytes(version("1", "2024-01-01", "# X\n"))
    for command in ("check", "build"):
        result = run(command, "--as-of", "2024-06-01", root=site)
        assert result.returncode != 0
        assert b"\x1b" not in result.stderr + result.stdout
        assert b"\x07" not in result.stderr + result.stdout
        stderr = result.stderr.decode("utf-8")
        # A name with a control character is refused by name (SourceAccess), escaped.
        assert "policies/privacy/\\u{1B}[2J\\u{1B}]0;owned\\u{7}.md: error: this name is not printable UTF-8 text" in stderr
        assert "policies/x\\u{1B}[31mred: error: this name is not printable UTF-8 text" in stderr


def test_a_root_with_an_escape_in_its_name_is_printed_escaped(site):
    root = site.rename(site.with_name("site\x1b[31m\x1b]0;owned\x07"))
    result = subprocess.run([str(policysite_binary()), "build", "--root", str(root), "--as-of", "2024-06-01"], capture_output=True)
    assert result.returncode == 0, result.stderr
    assert b"\x1b" not in result.stdout + result.stderr
    assert "site\\u{1B}[31m\\u{1B}]0;owned\\u{7}/site" in result.stdout.decode("utf-8")


# Characters that would let a name, a label or a path forge or reorder a line on the terminal: line
# feed and carriage return, the line and paragraph separators, the bidirectional controls.
LINE_AND_BIDI = ["\n", "\r", "\u2028", "\u2029", "\u200e", "\u200f", "\u061c",
                 *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]


def assert_one_line_each(data: bytes, where: str) -> None:
    """Every line ends with the only line feed it holds, and no line holds a carriage return, an
    escape, a line or paragraph separator or a bidirectional control."""
    text = data.decode("utf-8")
    assert text == "" or text.endswith("\n"), where
    found = sorted({c for c in text[:-1] if c in LINE_AND_BIDI and c != "\n"} | ({"\x1b"} & set(text)))
    assert not found, f"{where} holds {[hex(ord(c)) for c in found]}:\n{text}"


def test_line_breaks_in_names_cannot_forge_a_line(site):
    forged = "2.1\npolicysite.yml:1: error: FORGED\r"
    (site / "policies" / "privacy" / f"{forged}.md").write_bytes(b"no front matter\n")
    (site / "policies" / "a\u202eb\u2028c").mkdir()
    for command in ("check", "build"):
        result = run(command, "--as-of", "2024-06-01", root=site)
        assert result.returncode == 1
        assert_one_line_each(result.stdout, f"{command}'s output")
        assert_one_line_each(result.stderr, f"{command}'s errors")
        lines = result.stderr.decode("utf-8").splitlines()
        assert not [line for line in lines if line.startswith("policysite.yml")], lines
        for expected in ("policies/privacy/2.1\\u{A}policysite.yml:1: error: FORGED\\u{D}.md: error: this name is not printable",
                         "policies/a\\u{202E}b\\u{2028}c: error: the policy folder name 'a\\u{202E}b\\u{2028}c' must be"):
            assert [line for line in lines if line.startswith(expected)], lines


def test_a_label_and_an_output_path_reach_the_terminal_escaped(tmp_path):
    root = sample_copy(tmp_path / "sample")
    versions = root / "policies" / "plimus"
    text = (versions / "1.5.md").read_text()
    text = (text.replace('version: "1.5"', 'version: "1.6\u202ex\u2028y"').replace("2010-09-01", "2026-11-28")
            .replace("2010-07-15", "2026-11-28").replace("material: true", "material: false"))
    (versions / "1.6.md").write_text(text)
    result = run("build", "--as-of", "2026-12-01", "--output", "out\nput\rx\u202e", root=root)
    assert result.returncode == 0, result.stderr
    assert_one_line_each(result.stdout, "build's output")
    assert_one_line_each(result.stderr, "build's warnings")
    stdout = result.stdout.decode("utf-8")
    assert "into " + str(root) + "/out\\u{A}put\\u{D}x\\u{202E}\n" in stdout
    assert "Notice for plimus 1.6\\u{202E}x\\u{2028}y: " in stdout
    # Only the terminal: the page still shows the label as written.
    page = (root / "out\nput\rx\u202e" / "plimus" / "versions").iterdir()
    assert any("1.6\u202ex\u2028y" in (folder / "index.html").read_text() for folder in page)


def test_init_prints_its_folder_escaped(tmp_path):
    result = subprocess.run([str(policysite_binary()), "init", "i\x1bn\nit"], cwd=tmp_path, capture_output=True)
    assert result.returncode == 0, result.stderr
    assert_one_line_each(result.stdout, "init's output")
    assert result.stdout.decode("utf-8") == ("Created a site in i\\u{1B}n\\u{A}it. "
                                             "Build it with: policysite build --root i\\u{1B}n\\u{A}it\n")
    assert (tmp_path / "i\x1bn\nit" / "policysite.yml").exists()
