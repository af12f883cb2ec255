import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteMarkdown
import PolicySiteSupport
import Testing

/// Raw HTML in a policy: the attribute-free `<br>`, `<sup>` and `<sub>` are kept, in one
/// canonical form; everything else is left out, with no trace in the page.
@Suite struct RawHTMLTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let markdown: String
        /// The page's HTML, whole.
        let html: String
        /// The lines of the pieces left out.
        let omitted: [Int]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Allowed, in each spelling, in any letter case: kept in the canonical form.
        Case(name: "br", markdown: "a<br>b", html: "<p>a<br />b</p>\n", omitted: []),
        Case(name: "br/", markdown: "a<br/>b", html: "<p>a<br />b</p>\n", omitted: []),
        Case(name: "br space /", markdown: "a<br />b", html: "<p>a<br />b</p>\n", omitted: []),
        Case(name: "uppercase BR", markdown: "a<BR>b", html: "<p>a<br />b</p>\n", omitted: []),
        Case(name: "sup", markdown: "x<sup>2</sup>", html: "<p>x<sup>2</sup></p>\n", omitted: []),
        Case(name: "sub", markdown: "H<sub>2</sub>O", html: "<p>H<sub>2</sub>O</p>\n", omitted: []),
        Case(name: "uppercase SUP", markdown: "x<SUP>2</Sup>", html: "<p>x<sup>2</sup></p>\n", omitted: []),
        Case(name: "nested", markdown: "x<sup>a<sub>b</sub></sup>", html: "<p>x<sup>a<sub>b</sub></sup></p>\n", omitted: []),
        Case(name: "in a table cell", markdown: "| a | b |\n|---|---|\n| x<br>y | <sup>1</sup> |",
             html: "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>x<br />y</td>\n<td><sup>1</sup></td>\n</tr>\n</tbody>\n</table>\n",
             omitted: []),
        Case(name: "in a heading", markdown: "# Title<sup>1</sup>", html: "<h1 id=\"title1\">Title<sup>1</sup></h1>\n", omitted: []),
        // cmark-gfm moves footnotes to the end, in the tree as on the page: the kept tags stay in order.
        Case(name: "in a footnote", markdown: "A<sub>1</sub>[^n]\n\n[^n]: Note <sup>N</sup>.\n\n[^u]: Unused <b>x</b>.\n\nB<br>C",
             html: "<p>A<sub>1</sub><sup class=\"footnote-ref\"><a href=\"#fn-n\" id=\"fnref-n\" data-footnote-ref>1</a></sup></p>\n<p>B<br />C</p>\n"
                + "<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"fn-n\">\n<p>Note <sup>N</sup>. "
                + "<a href=\"#fnref-n\" class=\"footnote-backref\" data-footnote-backref aria-label=\"Back to content\">↩</a></p>\n</li>\n</ol>\n</section>\n",
             omitted: []),
        // Omitted: with attributes, other elements, not as allowed.
        Case(name: "attributes", markdown: "x<sup class=\"n\">2</sup>", html: "<p>x2</p>\n", omitted: [1, 1]),
        Case(name: "br onclick", markdown: "a<br onclick=\"alert(1)\">b", html: "<p>ab</p>\n", omitted: [1]),
        Case(name: "script inline", markdown: "a <script>alert(1)</script> b", html: "<p>a alert(1) b</p>\n", omitted: [1, 1]),
        Case(name: "script block", markdown: "<script>\nalert(1)\n</script>\n\nText.", html: "<p>Text.</p>\n", omitted: [1]),
        Case(name: "space before >", markdown: "x<sup >2</sup>", html: "<p>x2</p>\n", omitted: [1, 1]),
        Case(name: "comment", markdown: "a <!-- note --> b", html: "<p>a  b</p>\n", omitted: [1]),
        Case(name: "unclosed", markdown: "x<sup>2 and more", html: "<p>x2 and more</p>\n", omitted: [1]),
        Case(name: "closed only", markdown: "x</sub> and more", html: "<p>x and more</p>\n", omitted: [1]),
        Case(name: "misnested", markdown: "<sup>a<sub>b</sup></sub>", html: "<p>a<sub>b</sub></p>\n", omitted: [1, 1]),
        Case(name: "split by emphasis", markdown: "<sup>*a</sup>*", html: "<p><em>a</em></p>\n", omitted: [1, 1]),
        Case(name: "in an HTML block", markdown: "<div>\nline<br>\n</div>\n\nText.", html: "<p>Text.</p>\n", omitted: [1]),
        Case(name: "br alone is a block", markdown: "Text.\n\n<br>\n\nMore.", html: "<p>Text.</p>\n<p>More.</p>\n", omitted: [3]),
        Case(name: "second line", markdown: "a\n<b>b</b>", html: "<p>a\nb</p>\n", omitted: [2, 2]),
        // Not raw HTML at all: literal text.
        Case(name: "in a code span", markdown: "`<br>` and `<sup>`", html: "<p><code>&lt;br&gt;</code> and <code>&lt;sup&gt;</code></p>\n", omitted: []),
        Case(name: "br/ space", markdown: "a<br/ >b", html: "<p>a&lt;br/ &gt;b</p>\n", omitted: []),
    ]

    @Test(arguments: cases) func rawHTML(_ example: Case) throws {
        let rendered = try MarkdownRenderer.render(example.markdown, path: "policy.md")
        #expect(rendered.html == example.html)
        #expect(rendered.omittedHTMLLines == example.omitted)
        #expect(!rendered.html.contains("<!--"))
    }

    /// A literal placeholder in the text is text, escaped, and not taken for a kept tag.
    @Test func thePlaceholderWrittenAsTextStaysText() throws {
        let rendered = try MarkdownRenderer.render("`<!-- raw HTML omitted -->` a<br>b", path: "policy.md")
        #expect(rendered.html == "<p><code>&lt;!-- raw HTML omitted --&gt;</code> a<br />b</p>\n")
    }

    /// One warning per file with the count and lines; with `verbose`, one per piece.
    @Test func warningsAreSummedUpPerFileUnlessVerbose() throws {
        let body = "# Policy\n\n<div>x</div>\n\na <span>b</span> and <b>c</b>\n\nkept<br>\n"
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01", body: body)])
        let summed = try site.build().diagnostics.filter { $0.message.contains("raw HTML") }
        #expect(summed.count == 1)
        #expect(summed.first?.line == 7)
        #expect(summed.first?.message.hasPrefix("5 pieces of raw HTML are left out of the page (lines 7, 9;") == true)

        var options = site.options()
        options.verbose = true
        let each = try SiteBuilder.build(options).diagnostics.filter { $0.message.contains("raw HTML") }
        #expect(each.map(\.line) == [7, 9, 9, 9, 9])
        let page = try site.read("site/privacy/index.html")
        #expect(page.contains("kept<br />"))
        #expect(!page.contains("raw HTML omitted"))
    }
}
