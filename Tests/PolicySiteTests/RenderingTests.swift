import Foundation
@testable import PolicySiteMarkdown
@testable import PolicySiteSupport
import Testing

@Suite struct RenderingTests {
    /// Three versions: 1.0 superseded, 2.0 current, 3.0 upcoming (as of 2024-06-01), 4.0 scheduled.
    private func threeVersionSite() throws -> TemporarySite {
        try TemporarySite([
            "policies/privacy/policy.yml": "title: Privacy Policy\ndescription: How we handle data.\n",
            "policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2023-01-01\nsummary: First."),
            "policies/privacy/2.0.md": versionFile("version: \"2.0\"\neffective: 2024-01-01\npublished: 2023-11-01\nsummary: Second."),
            "policies/privacy/3.0.md": versionFile("version: \"3.0\"\neffective: 2024-09-01\npublished: 2024-05-01\nsummary: Third."),
            "policies/privacy/4.0.md": versionFile("version: \"4.0\"\neffective: 2025-09-01\npublished: 2025-05-01\nsummary: Fourth."),
        ])
    }

    @Test func pagesFollowTheStatesAsOfTheBuildDay() throws {
        let site = try threeVersionSite()
        try site.build(asOf: "2024-06-01")
        let files = Set(try site.tree("site").keys)
        #expect(files == [
            ".policysite-output", "index.html", "404.html", "assets/style.css", "assets/favicon.svg", "feed.xml", "policies.json", "sitemap.xml",
            "privacy/index.html", "privacy/versions/index.html", "privacy/feed.xml",
            "privacy/versions/1.0/index.html", "privacy/versions/2.0/index.html", "privacy/versions/3.0/index.html",
            "privacy/versions/2.0/changes/index.html", "privacy/versions/3.0/changes/index.html",
            // What changed since each earlier version, in the current (2.0) and the upcoming (3.0) one.
            "privacy/versions/2.0/changes/1.0/index.html", "privacy/versions/3.0/changes/1.0/index.html",
            "privacy/versions/3.0/changes/2.0/index.html",
        ])
        let current = try site.read("site/privacy/index.html")
        #expect(current.contains("<dd class=\"ps-label\">2.0</dd>"))
        #expect(current.contains("version <span class=\"ps-label\">3.0</span> takes effect on <time datetime=\"2024-09-01\">September 1, 2024</time>"))
        #expect(current.contains("href=\"../privacy/versions/3.0/\""))

        let superseded = try site.read("site/privacy/versions/1.0/index.html")
        #expect(superseded.contains("<strong>Superseded:</strong>"))
        #expect(superseded.contains("until <time datetime=\"2024-01-01\">January 1, 2024</time>, when <a href=\"../../../privacy/versions/2.0/\">version <span class=\"ps-label\">2.0</span></a> replaced it"))

        let upcoming = try site.read("site/privacy/versions/3.0/index.html")
        #expect(upcoming.contains("<strong>Not yet in effect:</strong>"))
        #expect(upcoming.contains("Until then <a href=\"../../../privacy/versions/2.0/\">version <span class=\"ps-label\">2.0</span></a> is in effect."))

        let history = try site.read("site/privacy/versions/index.html")
        let order = ["3.0", "2.0", "1.0"].map { history.range(of: ">\($0)</span></a>")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order[0]! < order[1]! && order[1]! < order[2]!)
        #expect(!history.contains("4.0"))

        let index = try site.read("site/index.html")
        #expect(index.contains("Version <span class=\"ps-label\">2.0</span>, in effect since"))
        #expect(index.contains("version <span class=\"ps-label\">3.0</span> takes effect on"))
    }

    @Test func aScheduledVersionAppearsOnItsPublishedDay() throws {
        let site = try threeVersionSite()
        try site.build(asOf: "2025-04-30")
        #expect(!site.exists("site/privacy/versions/4.0/index.html"))
        try site.build(asOf: "2025-05-01")
        #expect(site.exists("site/privacy/versions/4.0/index.html"))
        try site.build(asOf: "2025-09-01")
        #expect(try site.read("site/privacy/index.html").contains("<dd class=\"ps-label\">4.0</dd>"))
    }

    @Test func beforeAnyVersionTakesEffectThePolicyPageShowsTheUpcomingOne() throws {
        let site = try TemporarySite([
            "policies/terms/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-07-01\npublished: 2024-05-01"),
        ])
        try site.build(asOf: "2024-06-01")
        let page = try site.read("site/terms/index.html")
        #expect(page.contains("<strong>Not yet in effect:</strong> this version takes effect on <time datetime=\"2024-07-01\">"))
    }

    @Test func headingIdsStayTheSameAcrossVersions() throws {
        let body1 = "# Privacy Policy\n\n## What we collect\n\nA.\n\n## Cookies & Tracking\n\nB.\n\n## Cookies & Tracking\n\nC.\n"
        let body2 = "# Privacy Policy\n\n## Who we are\n\nNew.\n\n## What we collect\n\nA changed.\n\n## Cookies & Tracking\n\nB.\n"
        let site = try TemporarySite([
            "policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2023-01-01", body: body1),
            "policies/privacy/2.0.md": versionFile("version: \"2.0\"\neffective: 2024-01-01\nmaterial: false", body: body2),
        ])
        try site.build()
        let first = try site.read("site/privacy/versions/1.0/index.html")
        let second = try site.read("site/privacy/versions/2.0/index.html")
        for (page, label) in [(first, "1.0"), (second, "2.0")] {
            #expect(page.contains("<h2 id=\"what-we-collect\"><a class=\"ps-section-link\" href=\"#what-we-collect\">What we collect</a></h2>"))
            #expect(page.contains("<h2 id=\"cookies-tracking\"><a class=\"ps-section-link\" href=\"#cookies-tracking\">Cookies &amp; Tracking</a></h2>"))
            #expect(page.contains("<h1 id=\"privacy-policy\">Privacy Policy<span class=\"ps-title-version\">, version \(label)</span></h1>"))
        }
        #expect(first.contains("<h2 id=\"cookies-tracking-1\">"))
        #expect(second.contains("<h2 id=\"who-we-are\">"))
    }

    @Test func rawHTMLAndScriptLinksNeverReachTheOutput() throws {
        let body = """
        # Policy

        <script>alert("x")</script>

        Text with <img src=x onerror=alert(1)> inline and <b>bold</b>.

        [click](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=) and [vb](VBScript:msgbox)

        <div onclick="evil()">block</div>

        ![pic](javascript:alert(2))
        """
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01", body: body)])
        let report = try site.build()
        let page = try site.read("site/privacy/index.html").lowercased()
        for banned in ["<script", "javascript:", "vbscript:", "onerror", "onclick", "<b>", "<div onclick", "data:text/html"] {
            #expect(!page.contains(banned), "found \(banned)")
        }
        #expect(report.diagnostics.contains { $0.severity == .warning && $0.line == 7 && $0.message.contains("raw HTML") })
    }

    /// Headings are found by walking blocks only (not every inline), and raw HTML is looked for
    /// only when the text has a `<`: every heading, however deep, still gets its id in order, raw
    /// HTML inside a list or a table is still reported by line, and a `<` that is not raw HTML
    /// (an autolink, a code span) reports nothing.
    @Test func nestedHeadingsGetIdsAndNestedRawHTMLIsFound() throws {
        let markdown = """
        # Top

        > ## In a quote
        >
        > - ### In a list in a quote

        1. item

           #### In an item

        | a | b |
        |---|---|
        | <i>x</i> | y |

        Text.[^note]

        [^note]: A note.

            ##### In a footnote

        - inline <span>html</span> in a list
        """
        let rendered = try MarkdownRenderer.render(markdown, path: "policy.md")
        #expect(rendered.headings.map(\.text) == ["Top", "In a quote", "In a list in a quote", "In an item", "In a footnote"])
        #expect(rendered.headings.map(\.level) == [1, 2, 3, 4, 5])
        let openingTags = rendered.html.components(separatedBy: "<h").dropFirst().filter { ("1"..."6").contains($0.prefix(1)) }
        #expect(openingTags.count == 5)
        #expect(openingTags.map { String($0.prefix { $0 != ">" }) } == rendered.headings.map { "\($0.level) id=\"\($0.id)\"" })
        #expect(rendered.omittedHTMLLines == [13, 13, 21, 21])  // each inline tag is a node of its own

        let notHTML = try MarkdownRenderer.render("# Links\n\nSee <https://example.com> and `<b>`.\n", path: "links.md")
        #expect(notHTML.html.contains("<a href=\"https://example.com\">"))
        #expect(notHTML.omittedHTMLLines.isEmpty)
    }

    /// A call into cmark-gfm that gives nothing back (here an extension it does not have) is an
    /// error for the file being rendered, not a page rendered without it or an empty one.
    @Test func aFailureInCmarkGFMIsAnErrorForTheFileNotAnEmptyPage() throws {
        let failure = #expect(throws: Diagnostics.self) {
            try MarkdownRenderer.render("# Title\n\n| a |\n|---|\n| b |\n", path: "policies/privacy/1.0.md",
                                        extensionNames: ["table", "no-such-extension"])
        }
        #expect(failure?.description == "policies/privacy/1.0.md: error: cmark-gfm has no 'no-such-extension' extension; "
            + "install cmark-gfm's extensions (Debian's libcmark-gfm-extensions) and build again")
        // The lock is released after a failure: the next text renders.
        #expect(try MarkdownRenderer.render("# Title\n", path: "policies/privacy/1.0.md").html == "<h1 id=\"title\">Title</h1>\n")
    }

    /// A worker compares and writes a version after it has rendered the next one (or while
    /// another worker is in cmark-gfm): the report must still list each version's problems in
    /// version order, the same whatever the number of workers.
    @Test func problemsAreReportedInVersionOrderWhateverTheWorkers() throws {
        var files: [String: String] = [:]
        for minor in 0..<12 {
            let body = minor.isMultiple(of: 3) ? "# Policy\n\nText <b>\(minor)</b>.\n" : "# Policy\n\nText \(minor).\n"
            files["policies/privacy/1.\(minor).md"] = versionFile("version: \"1.\(minor)\"\neffective: 2024-01-\(10 + minor)\nmaterial: false", body: body)
        }
        files["policies/terms/1.0.md"] = versionFile("version: \"1.0\"\neffective: 2024-01-01", body: "No heading, <i>raw</i>.\n")
        let site = try TemporarySite(files)
        let reports = [1, 2, 3].map { site.buildProblems(site.options(jobs: $0)) }
        // One warning for each version with raw HTML (its two tags summed up), then the title
        // error of the last.
        let expected = stride(from: 0, to: 12, by: 3).map { "policies/privacy/1.\($0).md" }
            + Array(repeating: "policies/terms/1.0.md", count: 2)
        #expect(reports[0].map(\.path) == expected)
        #expect(reports[0].last?.isError == true)
        #expect(reports[1] == reports[0])
        #expect(reports[2] == reports[0])
    }

    @Test func gitHubExtensionsRender() throws {
        let body = """
        # Policy

        | Data | Kept |
        |------|------|
        | Logs | 30 days |

        ~~old~~ new, see https://example.com and a footnote[^1].

        - [x] done

        [^1]: The note.
        """
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01", body: body)])
        try site.build()
        let page = try site.read("site/privacy/index.html")
        #expect(page.contains("<table>"))
        // The author's strikethrough is <s>, never a redline's <del>.
        #expect(page.contains("<s>old</s> new"))
        #expect(!page.contains("<del>"))
        #expect(page.contains("<a href=\"https://example.com\">https://example.com</a>"))
        #expect(page.contains("type=\"checkbox\""))
        #expect(page.contains("class=\"footnotes\""))
    }

    @Test func titlesComeFromFrontMatterThenPolicyThenHeading() throws {
        let site = try TemporarySite([
            "policies/a/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01\ntitle: From Front Matter", body: "Text only.\n"),
            "policies/b/policy.yml": "title: From Policy\n",
            "policies/b/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01", body: "Text only.\n"),
            "policies/c/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01", body: "# From Heading\n\nText.\n"),
        ])
        try site.build()
        #expect(try site.read("site/a/index.html").contains("<h1>From Front Matter</h1>"))
        #expect(try site.read("site/b/index.html").contains("<h1>From Policy</h1>"))
        #expect(try site.read("site/c/index.html").contains("<h1 id=\"from-heading\">From Heading</h1>"))
        #expect(try site.read("site/index.html").contains(">From Heading</a>"))

        try site.write("policies/d/1.0.md", versionFile("version: \"1.0\"\neffective: 2024-01-01", body: "No heading.\n"))
        #expect(site.buildProblems().map(\.description) == ["policies/d/1.0.md:5: error: the version has no title: give 'title' in the front matter or in policy.yml, or open the text with a '# ' heading"])
    }

    @Test func crlfAndByteOrderMarkFilesRead() throws {
        let site = try TemporarySite()
        let text = "\u{FEFF}---\r\nversion: \"1.0\"\r\neffective: 2024-01-01\r\n---\r\n# Policy\r\n\r\nText.\r\n"
        try site.write("policies/privacy/1.0.md", text)
        try site.build()
        #expect(try site.read("site/privacy/index.html").contains("<h1 id=\"policy\">Policy</h1>"))
    }

    @Test func pagesNeedNoScript() throws {
        let site = try threeVersionSite()
        try site.build()
        for (path, data) in try site.tree("site") where path.hasSuffix(".html") {
            let page = String(decoding: data, as: UTF8.self)
            #expect(!page.contains("<script"), "\(path)")
            #expect(page.contains("<main id=\"ps-main\">"), "\(path)")
            #expect(page.contains("<html lang=\"en\">"), "\(path)")
            #expect(page.components(separatedBy: "<h1").count == 2, "\(path) has one h1")
        }
    }
}
