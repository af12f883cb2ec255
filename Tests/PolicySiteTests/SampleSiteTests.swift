import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteModel
import Testing

/// The repository is itself an example site: its sample policies must build cleanly.
@Suite struct SampleSiteTests {
    @Test func theSamplePoliciesCheckWithoutProblems() throws {
        let options = BuildOptions(paths: SitePaths(root: TemporarySite.repository), asOf: CalendarDay(iso: "2026-01-01")!)
        #expect(SiteBuilder.check(options).map(\.description) == [])
    }

    @Test func eachSamplePolicyHasARealHistory() throws {
        let sample = try TemporarySite.sample()
        let report = try sample.build(asOf: "2026-01-01")
        #expect(report.policyCount == 2)
        #expect(report.lock.recorded == 0 && !report.lock.isChanged, "the committed lock records every sample version")
        for policy in ["plimus", "planet-mirror"] {
            let history = try sample.read("site/\(policy)/versions/index.html")
            #expect(history.components(separatedBy: "<tr>").count - 2 >= 2, "\(policy) has at least two versions")
        }
        let plimus = try sample.read("site/plimus/versions/1.4/index.html")
        #expect(plimus.contains("(Ver. 1.4 Date: March 1, 2010)"))
        #expect(!plimus.contains("Â"))
    }
}
