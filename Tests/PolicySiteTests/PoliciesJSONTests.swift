import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteModel
import PolicySiteSupport
import Testing

/// `policies.json` is encoded a policy at a time, on several threads, and put together: it must
/// be the document a single encoding of the whole record gives, byte for byte.
@Suite struct PoliciesJSONTests {
    /// Each language's record of the site, rendered without writing anything.
    private func records(_ site: TemporarySite, asOf: String) throws -> [PublishedVersions] {
        var found = Diagnostics()
        let options = site.options(asOf: asOf)
        let plan = try #require(BuildPlan.make(options, &found), "\(found.all)")
        let renderer = SiteRenderer(site: plan.site, theme: plan.theme, asOf: options.asOf, sink: DiscardSink(), jobs: 2)
        let output = renderer.render(&found)
        return try #require(output, "\(found.all)").records
    }

    @Test func thePoliciesEncodedOneByOneMakeTheWholeDocumentByteForByte() throws {
        // Three languages, translations and not; a policy with a description, sections changed,
        // added and removed (empty lists too); then a day on which nothing is published yet.
        let site = try LanguageTests.site()
        try site.write("policies/terms/policy.yml", "title: Terms\ndescription: \"What you agree to: \\\"all\\\" of it / more\"\n")
        try site.write("policies/terms/1.md", versionFile("version: \"1\"\neffective: 2024-02-01\ntitle: Terms", body: "# Terms\n\n## Use\n\nBe kind.\n\n## Old\n\nGone soon.\n"))
        try site.write("policies/terms/2.md", versionFile("version: \"2\"\neffective: 2024-03-01\npublished: 2024-01-15\ntitle: Terms", body: "# Terms\n\n## Use\n\nBe very kind.\n\n## Fees\n\nNone.\n"))
        for asOf in ["2024-07-01", "2023-01-01"] {
            let records = try records(site, asOf: asOf)
            let translations = Array(records.dropFirst())
            #expect(records.count == 3)
            let whole = try PoliciesJSON.encodedWhole(records[0], translations: translations)
            #expect(String(decoding: whole, as: UTF8.self).contains("\"history_url\"") == (asOf == "2024-07-01"), "policies listed only once published")
            let alone = try PoliciesJSON.encodedWhole(records[0])
            for jobs in [1, 2] {
                #expect(try PoliciesJSON.encode(records[0], translations: translations, jobs: jobs) == whole, "as of \(asOf), \(jobs) jobs")
                #expect(try PoliciesJSON.encode(records[0], jobs: jobs) == alone, "one language, as of \(asOf), \(jobs) jobs")
            }
        }
    }
}
