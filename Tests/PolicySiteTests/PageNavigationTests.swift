import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteMarkdown
import Testing

/// What a version's page offers to find one's way: the list of contents, the section links on the
/// headings, the version in the `<h1>`, `aria-current` in the navigation, and the organization's
/// name in the footer.
@Suite struct PageNavigationTests {
    private func rendered(_ markdown: String) throws -> RenderedMarkdown {
        try MarkdownRenderer.render(markdown, path: "test.md")
    }

    @Test func contentsListTheTopTwoLevelsUnderTheTitle() throws {
        let text = try rendered("# Title\n\nIntro.\n\n## One\n\n### One A\n\n#### Deep\n\n### One B\n\n## Two\n\n## Two\n")
        let entries = ContentsList.entries(text.headings, skipTitle: text.opensWithTitle)
        #expect(entries.map(\.title) == ["One", "Two", "Two"])
        #expect(entries.map(\.url) == ["#one", "#two", "#two-1"])
        #expect(entries[0].children.map(\.title) == ["One A", "One B"])
        #expect(entries[0].hasChildren && !entries[1].hasChildren)
        #expect(ContentsList.isWorthShowing(entries))
    }

    @Test func contentsOfATextWithoutTitleOrSectionsOrStartingDeeper() throws {
        let flat = try rendered("Just a paragraph.\n")
        #expect(ContentsList.entries(flat.headings, skipTitle: flat.opensWithTitle).isEmpty)
        let one = try rendered("# Title\n\n## Only\n")
        #expect(!ContentsList.isWorthShowing(ContentsList.entries(one.headings, skipTitle: one.opensWithTitle)))
        // A text whose first section is deeper than the rest stands it at the top, not under nothing.
        let uneven = try rendered("### Early\n\n## Main\n\n### Under main\n")
        let entries = ContentsList.entries(uneven.headings, skipTitle: uneven.opensWithTitle)
        #expect(entries.map(\.title) == ["Early", "Main"])
        #expect(entries[1].children.map(\.title) == ["Under main"])
    }

    @Test func eachHeadingLinksToItself() throws {
        let text = try rendered("## Part *one* & more\n\nText, *not* a heading.\n\n### See [this](https://example.com)\n\n## Ünïcode\n")
        let html = SectionLinks.add(to: text.html)
        #expect(html.contains(##"<h2 id="part-one-more"><a class="ps-section-link" href="#part-one-more">Part <em>one</em> &amp; more</a></h2>"##))
        // A link cannot hold a link: a heading with one gets its section link after its content.
        #expect(html.contains(##"<h3 id="see-this">See <a href="https://example.com">this</a> <a class="ps-section-link ps-section-link-after" href="#see-this">"##))
        #expect(html.contains(##"<h2 id="ünïcode"><a class="ps-section-link" href="#ünïcode">Ünïcode</a></h2>"##))
        // Nothing else changes.
        let stripped = html.replacingOccurrences(of: ##"<a class="ps-section-link" href="#[^"]*">"##, with: "", options: .regularExpression)
        #expect(stripped.contains("<p>Text, <em>not</em> a heading.</p>"))
        #expect(SectionLinks.add(to: "<p>no headings</p>\n") == "<p>no headings</p>\n")
        // An empty heading gets no link, nor a place in the contents: either would have no name.
        let empty = try rendered("# Title\n\n##\n\n## A\n\n## B\n")
        #expect(SectionLinks.add(to: empty.html).contains(#"<h2 id="section"></h2>"#))
        #expect(ContentsList.entries(empty.headings, skipTitle: true).map(\.title) == ["A", "B"])
    }

    @Test func versionPagesSayTheirVersionAndTheNavigationMarksThePage() throws {
        let site = try TemporarySite([
            "policysite.yml": "title: Acme — Legal\norganization: Acme Widgets, Inc.\nbase_url: https://example.com/\n",
            "policies/privacy/1.0.md": versionFile("version: \"2024-05\"\neffective: 2023-01-01",
                                                   body: "# Privacy Policy\n\n## Data\n\nLittle.\n\n## Rights\n\nMany.\n"),
            "policies/privacy/2.0.md": versionFile("version: \"2.0\"\neffective: 2024-01-01\npublished: 2023-11-01\nsummary: Second.",
                                                   body: "# Privacy Policy\n\nNo sections.\n"),
        ])
        try site.build(asOf: "2024-06-01")
        let old = try site.read("site/privacy/versions/2024-05/index.html")
        #expect(old.contains(##"<h1 id="privacy-policy">Privacy Policy<span class="ps-title-version">, version 2024-05</span></h1>"##))
        #expect(old.contains(##"<body class="ps-has-contents">"##))
        #expect(old.contains(##"<li><a href="#data">Data</a></li>"##))
        #expect(old.contains("<p>The policies of Acme Widgets, Inc.: every version"))
        #expect(!old.contains("aria-current"))

        let current = try site.read("site/privacy/index.html")
        #expect(current.contains(##"<h1 id="privacy-policy">Privacy Policy</h1>"##))
        #expect(current.contains(##"<body>"##) && !current.contains("ps-contents"), "one section or none: no contents")
        #expect(current.contains(##"<li><a href="../privacy/" aria-current="page">Privacy Policy</a></li>"##))
        #expect(current.contains("What changed in version <span class=\"ps-label\">2.0</span> since version <span class=\"ps-label\">2024-05</span>:</strong> Second."))

        let history = try site.read("site/privacy/versions/index.html")
        #expect(history.contains(##"<li><a href="../../privacy/versions/" aria-current="page">Version history</a></li>"##))
        #expect(history.contains(##">Changes from <span class="ps-label">2024-05</span>"##))
        #expect(try site.read("site/index.html").contains(##"<a href="./" aria-current="page">Acme — Legal</a>"##))
    }

    @Test func theOrganizationDefaultsToTheTitle() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1\"\neffective: 2023-01-01")])
        try site.build(asOf: "2024-06-01")
        #expect(try site.read("site/index.html").contains("<p>The policies of Test Site: every version"))
    }

    /// A site's own layout from before the `bodyClass` block still renders the pages, contents
    /// included: the pages' override of the block is simply unused.
    @Test func aLayoutWithoutTheBodyClassBlockStillWorks() throws {
        let layout = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{page.documentTitle}}</title></head>
            <body>
            {{$main}}{{/main}}
            </body></html>

            """
        let site = try TemporarySite([
            "themes/default/templates/layout.mustache": layout,
            "policies/privacy/1.0.md": versionFile("version: \"1\"\neffective: 2023-01-01", body: "# P\n\n## A\n\nx\n\n## B\n\ny\n"),
        ])
        try site.build(asOf: "2024-06-01")
        let page = try site.read("site/privacy/versions/1/index.html")
        #expect(page.contains("<body>\n"))
        #expect(page.contains(##"<li><a href="#b">B</a></li>"##))
    }

    @Test func anOrganizationMustBeText() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1\"\neffective: 2023-01-01")])
        for (value, message) in [("\"\"", "'organization' is empty"), ("[a, b]", "'organization' must be text, found a list")] {
            try site.write("policysite.yml", "title: Test Site\norganization: \(value)\nbase_url: https://example.com/\n")
            #expect(site.buildProblems().map(\.description) == ["policysite.yml:2: error: \(message)"])
            #expect(!site.exists("site"), "nothing written")
        }
    }
}
