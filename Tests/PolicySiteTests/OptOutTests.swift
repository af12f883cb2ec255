import Foundation
@testable import PolicySiteBuild
import Testing

/// Issue 11, case 7: with users, every email offers a way to stop them.
@Suite struct OptOutTests {
    @Test func usersWithoutAWayToUnsubscribeAreABuildError() throws {
        let site = try NotificationListTests.site(unsubscribeURL: false)
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/\nusers: users.csv\nemail:\n  from: Legal <legal@example.com>\n")
        let expected = "policysite.yml:4: error: with 'users' set, the notice emails need a way to unsubscribe: set 'email.unsubscribe_mailto' (an address that takes unsubscribe requests) or 'email.unsubscribe_url' (an https link with {token}, signed with POLICYSITE_TOKEN_KEY), or both"
        #expect(site.buildProblems(asOf: "2024-02-01").map(\.description) == [expected])
        #expect(SiteBuilder.check(site.options(asOf: "2024-02-01")).map(\.description) == [expected], "check runs build's checks")
        #expect(!site.exists("site") && !site.exists(PolicyLock.fileName))
        // Without an email section, the line of 'users'.
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/\nusers: users.csv\n")
        #expect(site.buildProblems(asOf: "2024-02-01").map(\.description) == [expected.replacingOccurrences(of: ":4:", with: ":3:")])
        // Either way out is enough.
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/\nusers: users.csv\nemail:\n  unsubscribe_mailto: stop@example.com\n")
        #expect(site.buildProblems(asOf: "2024-02-01").isEmpty)
    }

    @Test func notifySendsNoEmailWithoutAWayToUnsubscribe() throws {
        let (site, _) = try OutboxCheckTests.site()
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/\nemail:\n  from: Legal <legal@example.com>\n")
        let run = OutboxCheckTests.send(site)
        #expect(run.problems.map(\.description) == ["policysite.yml:3: error: the notice emails need a way to unsubscribe: set 'email.unsubscribe_mailto' (an address that takes unsubscribe requests) or 'email.unsubscribe_url' (an https link with {token}), or both"])
        #expect(run.messages == 0)
    }

    @Test func withoutUsersNoWayToUnsubscribeIsNeeded() throws {
        let site = try TemporarySite(["policies/privacy/1.md": versionFile("version: \"1\"\neffective: 2024-01-01")])
        #expect(site.buildProblems().isEmpty)
    }
}
