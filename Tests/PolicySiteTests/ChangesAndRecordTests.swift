import Crypto
import Foundation
@testable import PolicySiteSupport
import Testing

@Suite struct ChangesAndRecordTests {
    private let body1 = "# Privacy Policy\n\n## Cookies\n\nWe use cookies to keep you signed in.\n"
    private let body2 = "# Privacy Policy\n\n## Cookies\n\nWe use cookies to keep you logged in.\n\n## Retention\n\nWe keep logs for 30 days.\n"

    private func twoVersions(_ second: String = "version: \"2.0\"\neffective: 2024-03-01\npublished: 2024-01-15\nsummary: Retention.") throws -> TemporarySite {
        try TemporarySite([
            "policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2023-01-01", body: body1),
            "policies/privacy/2.0.md": versionFile(second, body: body2),
        ])
    }

    @Test func aMaterialVersionNeedsItsNoticePeriod() throws {
        let site = try twoVersions("version: \"2.0\"\neffective: 2024-03-01\npublished: 2024-02-15")
        #expect(site.buildProblems().map(\.description) == [
            "policies/privacy/2.0.md:4: error: version '2.0' is material and replaces an earlier version, so it needs 30 days' notice; it has 15 days (published 2024-02-15, effective 2024-03-01). Publish it earlier, take effect later, mark it 'material: false' if it changes nothing of substance, or give 'notice_waived: \"<reason>\"'",
        ])
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/\nnotice_days: 14\n")
        #expect(site.buildProblems().isEmpty)
    }

    @Test func editorialVersionsAndFirstVersionsNeedNoNotice() throws {
        let site = try twoVersions("version: \"2.0\"\neffective: 2024-03-01\nmaterial: false")
        #expect(site.buildProblems().isEmpty)
    }

    @Test func aWaivedNoticeIsShownOnTheVersionAndItsChanges() throws {
        let site = try twoVersions("version: \"2.0\"\neffective: 2024-03-01\nnotice_waived: Required at once by a court order.")
        try site.build()
        for page in ["site/privacy/versions/2.0/index.html", "site/privacy/versions/2.0/changes/index.html"] {
            #expect(try site.read(page).contains("<strong>Shorter notice:</strong> Required at once by a court order."), "\(page)")
        }
    }

    @Test func theChangesPageListsSectionsThenTheMarkedText() throws {
        let site = try twoVersions()
        try site.build()
        let page = try site.read("site/privacy/versions/2.0/changes/index.html")
        #expect(page.contains("<div><dt>Added</dt><dd><a href=\"#retention\">Retention</a></dd></div>"))
        #expect(page.contains("<div><dt>Changed</dt><dd><a href=\"#cookies\">Cookies</a></dd></div>"))
        #expect(page.contains("<p>We use cookies to keep you <del>signed</del><ins>logged</ins> in.</p>"))
        #expect(page.contains("<h3 id=\"retention\">Retention</h3>"))
        let summary = try #require(page.range(of: "class=\"change-summary\""))
        let text = try #require(page.range(of: "class=\"redline\""))
        #expect(summary.lowerBound < text.lowerBound)
        #expect(!site.exists("site/privacy/versions/1.0/changes/index.html"), "the first version has no changes page")
    }

    @Test func pagesLinkToTheChanges() throws {
        let site = try twoVersions()
        try site.build(asOf: "2024-02-01")
        let version = try site.read("site/privacy/versions/2.0/index.html")
        #expect(version.contains("<a href=\"../../../privacy/versions/2.0/changes/\">See every change from version <span class=\"ps-label\">1.0</span> to <span class=\"ps-label\">2.0</span>, marked</a>"))
        let history = try site.read("site/privacy/versions/index.html")
        #expect(history.contains("<a href=\"../../privacy/versions/2.0/\"><span class=\"visually-hidden\">Version </span><span class=\"ps-label\">2.0</span></a>"))
        #expect(history.contains("<a href=\"../../privacy/versions/2.0/changes/\">Changes from <span class=\"ps-label\">1.0</span>"))
        let current = try site.read("site/privacy/index.html")
        #expect(current.contains("version <span class=\"ps-label\">2.0</span> takes effect on <time datetime=\"2024-03-01\">March 1, 2024</time>"))
        #expect(current.contains("<a href=\"../privacy/versions/2.0/changes/\">See what changes, marked</a>"))
        let index = try site.read("site/index.html")
        #expect(index.contains("<a href=\"privacy/versions/2.0/changes/\">see what changes</a>"))
    }

    @Test func theRecordHashesTheBodyOnly() throws {
        let site = try twoVersions()
        try site.build()
        func record() throws -> [String: Any] {
            let data = Data(try site.read("site/policies.json").utf8)
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        func hashes(_ record: [String: Any]) throws -> [String] {
            let policies = try #require(record["policies"] as? [[String: Any]])
            let versions = try #require(policies.first?["versions"] as? [[String: Any]])
            return versions.compactMap { $0["sha256"] as? String }
        }
        let before = try hashes(try record())
        #expect(before == [body1, body2].map { Hex.encode(SHA256.hash(data: Data($0.utf8))) })

        try site.write("policies/privacy/2.0.md", versionFile("version: \"2.0\"\neffective: 2024-03-01\npublished: 2024-01-15\nsummary: A new summary.\ntitle: Another title", body: body2))
        try site.build()
        #expect(try hashes(try record()) == before)
        let changes = try #require(((try record()["policies"] as? [[String: Any]])?.first?["versions"] as? [[String: Any]])?.last?["changes"] as? [String: Any])
        #expect(changes["words_inserted"] as? Int == 8)
        #expect(changes["words_deleted"] as? Int == 1)
    }

    @Test func theSitemapDatesFollowTheTimeline() throws {
        let site = try twoVersions()
        try site.build(asOf: "2024-02-01")
        let upcoming = try site.read("site/sitemap.xml")
        #expect(upcoming.contains("<url><loc>https://example.com/legal/privacy/versions/1.0/</loc><lastmod>2023-01-01</lastmod></url>"))
        #expect(upcoming.contains("<url><loc>https://example.com/legal/privacy/</loc><lastmod>2024-01-15</lastmod></url>"))
        try site.build(asOf: "2024-06-01")
        let later = try site.read("site/sitemap.xml")
        #expect(later.contains("<url><loc>https://example.com/legal/privacy/versions/1.0/</loc><lastmod>2024-03-01</lastmod></url>"), "superseded on 2024-03-01")
        #expect(later.contains("<url><loc>https://example.com/legal/privacy/versions/2.0/changes/</loc><lastmod>2024-01-15</lastmod></url>"))
    }
}
