import Foundation
import Testing
@testable import PolicySiteCore

/// The repository is itself an example site: its sample policies must build cleanly.
@Suite struct SampleSiteTests {
    private var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test func theSamplePoliciesCheckWithoutProblems() throws {
        let options = BuildOptions(paths: SitePaths(root: repository), asOf: CalendarDay(iso: "2026-01-01")!)
        #expect(SiteBuilder.check(options).map(\.description) == [])
    }

    @Test func eachSamplePolicyHasARealHistory() throws {
        let output = FileManager.default.temporaryDirectory.appending(path: "policysite-sample-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let options = BuildOptions(paths: SitePaths(root: repository), asOf: CalendarDay(iso: "2026-01-01")!, output: output)
        let report = try SiteBuilder.build(options)
        #expect(report.policyCount == 2)
        for policy in ["plimus", "planet-mirror"] {
            let history = try String(contentsOf: output.appending(path: "\(policy)/versions/index.html"), encoding: .utf8)
            #expect(history.components(separatedBy: "<tr>").count - 2 >= 2, "\(policy) has at least two versions")
        }
        let plimus = try String(contentsOf: output.appending(path: "plimus/versions/1.4/index.html"), encoding: .utf8)
        #expect(plimus.contains("(Ver. 1.4 Date: March 1, 2010)"))
        #expect(!plimus.contains("Â"))
    }
}
