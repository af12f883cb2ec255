import Foundation
@testable import PolicySiteMail
import PolicySiteNotices
import Testing

/// A deferred row waits out its backoff before a run takes it again (the ledger's
/// next_attempt_at, added by its second migration).
struct DeferralBackoffTests {
    @Test func theBackoffDoublesFromNothingToFourHours() {
        #expect(DeliveryLedger.backoff(attempts: 1) == 0)
        #expect(DeliveryLedger.backoff(attempts: 2) == 60)
        #expect(DeliveryLedger.backoff(attempts: 3) == 120)
        #expect(DeliveryLedger.backoff(attempts: 9) == 7680)
        #expect(DeliveryLedger.backoff(attempts: 10) == 4 * 3600)
        #expect(DeliveryLedger.backoff(attempts: 1000) == 4 * 3600)
    }

    @Test func aDeferredRowIsTakenAgainOnlyWhenDue() throws {
        let site = try TemporarySite(withConfig: false)
        let ledger = try DeliveryLedger(outbox: site.root.appending(path: "outbox"))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try ledger.importNotice("privacy/2", recipients: { add in
            try add(Recipient(line: 2, email: "a@example.com", name: "A", locale: "", unsubscribeURL: ""), "a@example.com")
        }, at: start)
        func attempt(at seconds: Double) throws -> Bool {
            let now = start.addingTimeInterval(seconds)
            let run = try ledger.startRun(at: now)
            guard let row = try ledger.claim(notice: "privacy/2", run: run, at: now) else { return false }
            try ledger.record(notice: "privacy/2", line: row.line, messageID: "<m@example.com>", outcome: .deferred("451 later"), at: now)
            return true
        }
        #expect(try attempt(at: 0))
        #expect(try attempt(at: 1), "the first deferral is due at once")
        #expect(try !attempt(at: 30), "the second waits a minute")
        #expect(try ledger.waiting(notice: "privacy/2", at: start.addingTimeInterval(30)) == (1, "2027-01-15T08:01:01Z"))
        #expect(try attempt(at: 62))
        #expect(try !attempt(at: 150), "the third waits two")
        #expect(try attempt(at: 183))
    }

    @Test func aMessageNotHandedOverGoesBackToPendingWithoutCountingAnAttempt() throws {
        let site = try TemporarySite(withConfig: false)
        let ledger = try DeliveryLedger(outbox: site.root.appending(path: "outbox"))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try ledger.importNotice("privacy/2", recipients: { add in
            try add(Recipient(line: 2, email: "a@example.com", name: "A", locale: "", unsubscribeURL: ""), "a@example.com")
        }, at: now)
        let run = try ledger.startRun(at: now)
        let row = try #require(try ledger.claim(notice: "privacy/2", run: run, at: now))
        try ledger.record(notice: "privacy/2", line: row.line, messageID: "<m@example.com>", outcome: .notHandedOver("cannot connect"), at: now)
        #expect(try ledger.counts(notice: "privacy/2") == [.pending: 1])
        #expect(try ledger.claim(notice: "privacy/2", run: try ledger.startRun(at: now), at: now) != nil)
    }
}
