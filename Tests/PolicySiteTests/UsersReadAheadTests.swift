import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteNotices
@testable import PolicySiteSupport
import Synchronization
import Testing

/// The users are read on a thread of their own while the lists are written (`UsersReadAhead`,
/// `HandOff`): the lists must come out as one thread in the source's order would write them,
/// across many batches, and a source that fails part way must stop the list and be closed.
@Suite struct UsersReadAheadTests {
    @Test func aHandOffKeepsTheOrderAndHoldsNoMoreThanItsCapacity() async throws {
        let handOff = HandOff<Int>(capacity: 3)
        let sent = Atomic<Int>(0)
        let thread = Thread {
            for value in 0..<5_000 {
                handOff.send(value)
                sent.add(1, ordering: .relaxed)
            }
        }
        thread.start()
        // Nothing is received yet: the sender must stop after three.
        try await Task.sleep(for: .milliseconds(100))
        let sentBeforeReceiving = sent.load(ordering: .relaxed)
        #expect(sentBeforeReceiving <= 3)
        let received = (0..<5_000).map { _ in handOff.receive() }
        #expect(received == Array(0..<5_000))
    }

    /// A reader that stops early (a build that fails before it needs the lock it started to
    /// read) releases a hand-off still holding values: libdispatch stops the process when a
    /// semaphore is freed holding less than it was made with, so this test crashes without
    /// `HandOff`'s care.
    @Test func aHandOffReleasedWithValuesNeverReceivedIsFreed() {
        for capacity in [1, 4] {
            let handOff = HandOff<Int>(capacity: capacity)
            for value in 0..<capacity { handOff.send(value) }
            if capacity > 1 { #expect(handOff.receive() == 0) }
        }
    }

    /// More rows than three batches, with an address met again in a later batch, invalid rows
    /// spread over all of them, and more bad rows than are reported one by one.
    @Test func listsOverManyBatchesAreThoseOfOnePassInOrder() throws {
        let rows = 3 * UsersReadAhead.batchSize + 17
        var csv = "email,id\n"
        var expectedRecipients: [String] = []
        var expectedSkipped: [String] = []
        var invalidLines: [Int] = []
        var seen = Set<String>()
        for row in 1...rows {
            let line = row + 1
            if row % 37 == 0 {
                csv += "not-an-email,u\(row)\n"
                expectedSkipped.append("\(line),,u\(row),invalid-email")
                invalidLines.append(line)
                continue
            }
            let address = "user\(row % 1_500)@example.com"
            csv += "\(address),u\(row)\n"
            if seen.insert(address).inserted {
                expectedRecipients.append(address)
            } else {
                expectedSkipped.append("\(line),\(address),u\(row),duplicate")
            }
        }
        let site = try NotificationListTests.site(users: Data(csv.utf8))
        _ = try SiteBuilder.build(site.options(asOf: "2024-02-01"))
        var options = site.options(asOf: "2024-03-02")
        options.tokenKey = NotificationListTests.key
        let report = try SiteBuilder.build(options)

        let recipients = try site.read("outbox/privacy/2/recipients.csv").components(separatedBy: "\r\n").dropFirst().dropLast()
        #expect(recipients.map { $0.components(separatedBy: ",")[0] } == expectedRecipients)
        let skipped = try site.read("outbox/privacy/2/skipped.csv").components(separatedBy: "\r\n").dropFirst().dropLast()
        #expect(Array(skipped) == expectedSkipped)
        let notice = try #require(report.notices.first { $0.policy == "privacy" })
        #expect(notice.counts.recipients == expectedRecipients.count && notice.counts.skipped == expectedSkipped.count)

        // The first rows reported one by one, the rest summed up.
        let warnings = report.diagnostics.filter { $0.path == "users.csv" }
        let limit = NotificationListWriter.reportedRowLimit
        #expect(warnings.compactMap(\.line) == Array(invalidLines.prefix(limit)))
        #expect(warnings.contains { $0.line == nil && $0.message == "\(invalidLines.count - limit) more rows are skipped as invalid; skipped.csv of each notice lists every skipped row" })
    }

    @Test func aSourceThatFailsPartWayIsClosedAndItsProblemThrown() throws {
        let failsAfter = 2 * UsersReadAhead.batchSize + 5
        let source = FailingUsers(failsAfter: failsAfter)
        var rows = UsersReadAhead(source, policyIDs: [])
        var read = 0
        var thrown: Diagnostics?
        do throws(Diagnostics) {
            while let row = try rows.next() {
                guard case .user(let user, let isFirstRow) = row else { Issue.record("a good row was skipped"); continue }
                read += 1
                #expect(user.line == read && isFirstRow)
            }
        } catch {
            thrown = error
        }
        #expect(read == failsAfter)
        #expect(thrown?.description.contains("the connection was lost") == true)
        let closed = source.closed.load(ordering: .acquiring)
        #expect(closed)
        #expect(rows.findings == nil)
    }

    @Test func aSourceThatCannotStartThrowsAtTheFirstRow() {
        var rows = UsersReadAhead(FailingUsers(failsAfter: nil), policyIDs: [])
        #expect(throws: Diagnostics.self) { _ = try rows.next() }
    }
}

/// Users whose rows fail after `failsAfter` good ones, or that cannot be opened at all (nil).
private final class FailingUsers: UsersSource {
    let failsAfter: Int?
    let closed = Atomic<Bool>(false)
    let displayPath = "users://test"
    let noun = "the test's users"

    init(failsAfter: Int?) { self.failsAfter = failsAfter }

    func checkHeader(_ diagnostics: inout Diagnostics) {}

    func rows() throws(Diagnostics) -> any UserRows {
        guard let failsAfter else { throw Diagnostics([.error(displayPath, "cannot connect")]) }
        return try Rows(failsAfter: failsAfter, closed: self)
    }

    private final class Rows: UserRows {
        let columns: UsersColumns
        let failsAfter: Int
        let source: FailingUsers
        var given = 0

        init(failsAfter: Int, closed source: FailingUsers) throws(Diagnostics) {
            columns = try UsersColumns.named(["email"]) { _ throws(Diagnostics) in throw Diagnostics([.error("test", "bad columns")]) }
            self.failsAfter = failsAfter
            self.source = source
        }

        func next(into record: inout CSVRecord) throws(Diagnostics) -> Bool {
            guard given < failsAfter else { throw Diagnostics([.error(source.displayPath, "the connection was lost")]) }
            given += 1
            record.start(line: given)
            var address = "user\(given)@example.com"
            address.withUTF8 { record.append(field: UnsafeRawBufferPointer($0)) }
            return true
        }

        func close() { source.closed.store(true, ordering: .releasing) }
    }
}
