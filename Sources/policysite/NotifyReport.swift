import Foundation
import PolicySiteMail
import PolicySiteSupport

/// The per-notice summary that `notify` and `notify --status` print.
enum NotifyReport {
    static func printTable(_ statuses: [NoticeStatus]) {
        guard !statuses.isEmpty else {
            print("The outbox has no notices.")
            return
        }
        // Ids and failures are printed escaped, as every message is (see Report).
        let ids = statuses.map { ControlCharacters.escaped($0.id) }
        let width = max(6, ids.map(\.count).max() ?? 6)
        let columns = ["recipients", "sent", "deferred", "failed", "pending"]
        print("notice".padding(toLength: width, withPad: " ", startingAt: 0) + columns.map { $0.leftPadded(to: 11) }.joined())
        for (status, id) in zip(statuses, ids) {
            let numbers = [status.recipients, status.sent, status.deferred, status.failed, status.pending]
            print(id.padding(toLength: width, withPad: " ", startingAt: 0) + numbers.map { String($0).leftPadded(to: 11) }.joined())
            // By line in the list, never by address: nothing personal reaches the terminal.
            for failure in status.failures {
                FileHandle.standardError.write(Data((ControlCharacters.escaped("\(id): \(failure)") + "\n").utf8))
            }
            if status.waiting > 0, let until = status.waitingUntil {
                let what = status.waiting == 1 ? "1 deferred message waits" : "\(status.waiting) deferred messages wait"
                FileHandle.standardError.write(Data((ControlCharacters.escaped("\(id): \(what) until \(until) (backoff after repeated deferrals); a run after that tries again") + "\n").utf8))
            }
        }
    }
}

extension NotifyReport {
    /// Each notice's recipients by language and by the version their email compares from:
    /// `privacy/1.5: by language: de 2, en 5; compared from: 1.3 1, 1.4 6`. Nothing for a
    /// notice that build did not count so.
    static func printBreakdowns(_ notices: [(id: String, byLanguage: [String: Int], byStartingVersion: [String: Int])]) {
        for notice in notices where !notice.byLanguage.isEmpty || !notice.byStartingVersion.isEmpty {
            func list(_ counts: [String: Int]) -> String {
                counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            }
            var parts: [String] = []
            if !notice.byLanguage.isEmpty { parts.append("by language: " + list(notice.byLanguage)) }
            if !notice.byStartingVersion.isEmpty { parts.append("compared from: " + list(notice.byStartingVersion)) }
            print(ControlCharacters.escaped("\(notice.id): " + parts.joined(separator: "; ")))
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
