import Foundation
import Testing

@Suite struct DeterminismTests {
    private func corpus() throws -> TemporarySite {
        var files: [String: String] = [:]
        for policy in ["privacy", "terms", "cookies", "dpa"] {
            files["policies/\(policy)/policy.yml"] = "title: \(policy.capitalized)\n"
            for major in 1...6 {
                let sections = (1...8).map { "## Section \($0)\n\nClause \($0) of version \(major): we keep data for \($0 * major) days.\n" }
                files["policies/\(policy)/\(major).0.md"] = versionFile(
                    "version: \"\(major).0\"\neffective: 20\(10 + major)-03-01\npublished: 20\(10 + major)-01-01\nsummary: Revision \(major).",
                    body: "# \(policy.capitalized)\n\n" + sections.joined(separator: "\n"))
            }
        }
        return try TemporarySite(files)
    }

    @Test func sameSourcesAndDayGiveByteIdenticalSitesWhateverTheFolderOrThreads() throws {
        let site = try corpus()
        try site.build(asOf: "2015-06-01", output: "one", jobs: 1)
        try site.build(asOf: "2015-06-01", output: "out/elsewhere/two", jobs: 6)
        try site.build(asOf: "2015-06-01", output: "three", jobs: 2)
        let one = try site.tree("one")
        // index, 404 page, stylesheet, icon, site feed, policies.json, sitemap, the output marker;
        // per policy: current page, history, feed, 5 version pages (as of mid-2015), 4 changes pages,
        // and 4 pages of what changed from each earlier version to the current one.
        #expect(one.count == 8 + 4 * (3 + 5 + 4 + 4))
        #expect(try site.tree("out/elsewhere/two") == one)
        #expect(try site.tree("three") == one)
        for data in one.values {
            #expect(!String(decoding: data, as: UTF8.self).contains(site.root.path))
        }
    }

    @Test func aRebuildReplacesTheSiteWhole() throws {
        let site = try corpus()
        try site.build(asOf: "2015-06-01")
        try site.write("site/stale.html", "old")
        try site.build(asOf: "2015-06-01")
        #expect(!site.exists("site/stale.html"))
        #expect(site.exists("site/index.html"))
    }
}
