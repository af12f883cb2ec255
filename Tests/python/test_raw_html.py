"""Raw HTML as CMS exports write it: `<br>` in table cells, `<sup>` and `<sub>`, kept; everything else
left out without a trace; every page, the changes pages included, parsed by html5lib in strict mode;
the warnings summed up per file, or one by one with --verbose."""
import re
import subprocess

import html5lib

from conftest import policysite_binary

FRONT = "---\nversion: \"{version}\"\npublished: {published}\neffective: {effective}\n---\n"

OLD = """# Fees<sup>1</sup>

| Plan | Fee |
|---|---|
| Basic<br>monthly | 5 EUR |
| Pro<BR/>yearly | 50 EUR |

CO<sub>2</sub> offsets are bought for every order.<sup>2</sup>

<div class="legacy">An exported block <b>with markup</b>.</div>

Text with <span style="color:red">a span</span>, <sup class="x">a classed mark</sup> and `<br>` in code.

<script>alert(1)</script>
"""

# Only a <br> and a <sup> change: the line break moves, a footnote mark is added.
NEW = OLD.replace("Basic<br>monthly", "Basic monthly<br />billed").replace(
    "bought for every order.<sup>2</sup>", "bought for every order.<sup>2</sup><sup>3</sup>")


def site(tmp_path):
    root = tmp_path / "site-root"
    (root / "policies" / "fees").mkdir(parents=True)
    (root / "policysite.yml").write_text("title: Fees\nbase_url: https://example.com/\n")
    (root / "policies" / "fees" / "1.0.md").write_text(FRONT.format(version="1.0", published="2031-01-01", effective="2031-01-01") + OLD)
    (root / "policies" / "fees" / "1.1.md").write_text(FRONT.format(version="1.1", published="2031-01-15", effective="2031-03-01") + NEW)
    return root


def build(root, *extra):
    return subprocess.run([str(policysite_binary()), "build", "--as-of", "2031-06-01", *extra],
                          capture_output=True, text=True, cwd=root)


def test_allowed_tags_render_and_the_rest_leaves_no_trace(tmp_path):
    root = site(tmp_path)
    result = build(root)
    assert result.returncode == 0, result.stderr
    output = root / "site"
    pages = sorted(output.rglob("*.html"))
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for page in pages:
        parser.parse(page.read_bytes(), transport_encoding="utf-8")  # strict: any parse error raises
        text = page.read_text()
        assert "raw HTML omitted" not in text and "<!--" not in text, page
        for banned in ("<script", "<span style", "<div class=\"legacy", "<b>", "color:red", "class=\"x\"", "alert(1)</"):
            assert banned not in text, (page, banned)

    version = (output / "fees" / "versions" / "1.0" / "index.html").read_text()
    assert "<td>Basic<br />monthly</td>" in version
    assert "<td>Pro<br />yearly</td>" in version
    assert "CO<sub>2</sub> offsets" in version
    assert "order.<sup>2</sup>" in version
    assert 'Fees<sup>1</sup><span class="ps-title-version">, version 1.0</span></h1>' in version
    assert "<code>&lt;br&gt;</code>" in version
    assert "a classed mark" in version and "a span" in version

    # The changes page: the new version's tags stand, the added mark is inserted inside its own <sup>.
    changes = (output / "fees" / "versions" / "1.1" / "changes" / "index.html").read_text()
    assert re.search(r"<td>Basic(<ins[^>]*> </ins>| (<ins[^>]*>)?)monthly(</ins>)?<br />(<ins[^>]*>)?billed", changes), changes
    assert re.search(r"order\.<sup>2</sup><sup><ins[^>]*>3</ins></sup>", changes), changes
    tree = parser.parse(changes.encode(), transport_encoding="utf-8")
    for mark in [*tree.iter("ins"), *tree.iter("del")]:
        assert mark.find(".//sup") is None and mark.find(".//br") is None  # marks never wrap a tag


def test_warnings_are_one_line_per_file_unless_verbose(tmp_path):
    root = site(tmp_path)
    summed = [line for line in build(root).stderr.splitlines() if "raw HTML" in line]
    assert len(summed) == 2, summed  # one per version file
    for line in summed:
        # The div block, the span's two tags, the classed <sup> and its </sup>, the script block.
        assert re.match(r"policies/fees/1\.[01]\.md:15: warning: 6 pieces of raw HTML are left out of the page \(lines 15, 17, 19;", line), line

    verbose = [line for line in build(root, "--verbose").stderr.splitlines() if "raw HTML" in line]
    assert len(verbose) == 12, verbose
    assert all(re.match(r"policies/fees/1\.[01]\.md:(15|17|19): warning: raw HTML is left out", line) for line in verbose)
    check = subprocess.run([str(policysite_binary()), "check", "--as-of", "2031-06-01", "--verbose"],
                           capture_output=True, text=True, cwd=root)
    assert check.returncode == 0 and len([l for l in check.stderr.splitlines() if "raw HTML" in l]) == 12
