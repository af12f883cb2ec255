import Foundation
import PolicySiteNotices
import PolicySiteSupport

/// One `notify` at a time on the SQLite ledger: a `ProcessLock` on `ledger.lock` beside
/// `ledger.sqlite`, held for the whole run. Rows a previous run left in flight are ownerless once
/// it is taken.
enum RunLock {
    static let fileName = "ledger.lock"

    /// Takes the outbox's lock, waiting for it with `wait` (calling `waiting` once, with who holds
    /// it), else failing with who holds it.
    static func acquire(outbox: Outbox, wait: Bool, now: Date, waiting: (String) -> Void) throws(NotifyFailure) -> ProcessLock {
        let file = outbox.folder.appending(path: fileName)
        do {
            return try ProcessLock.acquire(file, wait: wait, now: now) { waiting("policysite notify, \($0)") }
        } catch {
            switch error {
            case .held(let holder):
                throw NotifyFailure([.error(outbox.display(DeliveryLedger.fileName),
                                       "the ledger is held by policysite notify, \(holder); wait for it, or pass --wait")])
            case .unusable(let reason):
                throw NotifyFailure([.error(outbox.display(fileName), "cannot take the ledger's lock (\(reason)); notify needs to write in the outbox")])
            }
        }
    }
}
