@testable import PolicySiteModel
import Testing

@Suite struct VersionSegmentTests {
    @Test(arguments: [
        ("1.4", "1.4"),
        ("Ver. 1.4", "ver.-1.4"),
        ("  2024 Edition! ", "2024-edition"),
        ("v2 -- draft", "v2-draft"),
        ("ÄÖ 3", "3"),
        ("2001-06", "2001-06"),
    ])
    func segmentFollowsTheRule(label: String, segment: String) {
        #expect(VersionSource.segment(for: label) == segment)
    }

    @Test func unusableSegments() {
        #expect(!VersionSource.isUsableSegment(VersionSource.segment(for: "!!!")))
        #expect(!VersionSource.isUsableSegment(VersionSource.segment(for: "..")))
        #expect(!VersionSource.isUsableSegment(VersionSource.segment(for: ".hidden")))
        #expect(VersionSource.isUsableSegment(VersionSource.segment(for: "1.0")))
    }

    @Test func policyNames() {
        #expect(PolicySource.isValidID("privacy"))
        #expect(PolicySource.isValidID("terms-of-service-2"))
        #expect(PolicySource.isValidID("0day"))
        #expect(!PolicySource.isValidID("Privacy"))
        #expect(!PolicySource.isValidID("-privacy"))
        #expect(!PolicySource.isValidID("privacy_policy"))
        #expect(!PolicySource.isValidID(""))
    }
}
