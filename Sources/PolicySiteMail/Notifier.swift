import Foundation
import PolicySiteModel
import PolicySiteNotices
import PolicySiteSupport
import Synchronization

/// `policysite notify` (SPEC section 5): sends the emails of every notice in the outbox that has
/// not been sent, one message per recipient, recording each hand-off in the ledger.
package enum Notifier {
    /// Sends what is pending; returns where each notice stands afterwards.
    /// Only one run at a time works on a SQLite ledger: without `options.wait`, a run that finds
    /// it held fails saying by whom; with it, `waiting` is told whom it waits for. On a
    /// PostgreSQL ledger, runs on any number of machines work at once, each claiming rows.
    package static func send(_ options: NotifyOptions, progress: @escaping @Sendable (NotifyProgress) -> Void = { _ in },
                            waiting: (String) -> Void = { _ in }) throws(NotifyFailure) -> [NoticeStatus] {
        let setup = try NotifySetup.load(options.paths)
        let transport: any MailTransport
        switch options.delivery {
        case .sendmail(let program):
            var info = stat()
            guard stat(program.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                  FileManager.default.isExecutableFile(atPath: program.path) else {
                throw NotifyFailure([.error(program.path, "not an executable program: --sendmail names a sendmail-compatible program such as /usr/sbin/sendmail or /usr/bin/msmtp")])
            }
            transport = SendmailTransport(program: program, timeout: options.timeout)
        case .maildir(let folder):
            do { transport = try MaildirTransport(folder: folder) } catch {
                throw NotifyFailure([.error(folder.path, error.description)])
            }
        case .transport(let given):
            transport = given
        case .dryRun:
            return try status(setup)
        }
        // Connections the transport keeps open are closed however the run ends.
        defer { transport.finish() }
        // Held until this function returns: no other run hands off a row of the SQLite ledger
        // while this one works. A shared ledger's rows are claimed under leases instead.
        let lock = try LedgerChoice.database(setup.config) == nil
            ? RunLock.acquire(outbox: setup.outbox, wait: options.wait, now: options.now(), waiting: waiting) : nil
        defer { withExtendedLifetime(lock) {} }
        // The ledger and the lists throw their problems in words; they end the run as they are.
        do throws(Diagnostics) {
            let ledger = try LedgerChoice.open(setup, options: options)
            let run = try ledger.startRun(at: options.now())
            if options.retryFailed { try ledger.retryFailed(at: options.now()) }
            for notice in setup.notices {
                let id = notice.id
                if try !ledger.hasNotice(id) {
                    let file = setup.recipientsList(of: notice.notice)
                    try ledger.importNotice(id, recipients: { add in try file.forEach(add) }, at: options.now())
                }
                guard !options.stopRequested() else { break }
                let counts = try ledger.counts(notice: id)
                let waiting = try ledger.waiting(notice: id, at: options.now()).count
                let total = (counts[.pending] ?? 0) + (counts[.inFlight] ?? 0) + (counts[.deferred] ?? 0) - waiting
                guard total > 0 else { continue }
                try sendNotice(notice, setup: setup, ledger: ledger, run: run, transport: transport, options: options, total: total, progress: progress)
            }
        } catch {
            throw NotifyFailure(error)
        }
        return try status(setup, now: options.now())
    }

    /// Where each notice of the outbox stands, without sending anything.
    package static func status(_ paths: SitePaths) throws(NotifyFailure) -> [NoticeStatus] {
        try status(try NotifySetup.load(paths))
    }

    private static func status(_ setup: NotifySetup, now: Date = Date()) throws(NotifyFailure) -> [NoticeStatus] {
        do throws(Diagnostics) {
            let ledger = try LedgerChoice.existing(setup.config, outbox: setup.outbox)
            return try setup.notices.map { notice throws(Diagnostics) in
                var status = NoticeStatus(id: notice.id, version: notice.notice.version, recipients: notice.notice.counts.recipients)
                status.warnings = notice.warnings
                status.byLanguage = notice.notice.counts.byLanguage ?? [:]
                status.byStartingVersion = notice.notice.counts.byStartingVersion ?? [:]
                if let ledger, try ledger.hasNotice(notice.id) {
                    let counts = try ledger.counts(notice: notice.id)
                    status.sent = counts[.sent] ?? 0
                    status.deferred = counts[.deferred] ?? 0
                    status.failed = counts[.failed] ?? 0
                    status.pending = (counts[.pending] ?? 0) + (counts[.inFlight] ?? 0)
                    status.failures = try ledger.failures(notice: notice.id, limit: 5)
                    (status.waiting, status.waitingUntil) = try ledger.waiting(notice: notice.id, at: now)
                } else {
                    status.pending = notice.notice.counts.recipients
                }
                return status
            }
        } catch {
            throw NotifyFailure(error)
        }
    }

    /// Failures in a row after which a run stops: the program or its mail system is broken, and
    /// marking every recipient failed would not help. The rest stay pending for the next run.
    static let failuresInARowLimit = 20

    /// Hands off a notice's open rows with `options.jobs` workers, each claiming the next row.
    private static func sendNotice(_ notice: NotifySetup.OutboxNotice, setup: NotifySetup, ledger: any Ledger, run: Int64,
                                   transport: any MailTransport, options: NotifyOptions, total: Int,
                                   progress: @escaping @Sendable (NotifyProgress) -> Void) throws(Diagnostics) {
        let tally = Mutex(NotifyProgress(notice: notice.id, total: total))
        let failuresInARow = Mutex((count: 0, last: ""))
        // Why the transport cannot be used, once a worker learns it: then no worker claims more.
        let unusable = Mutex<String?>(nil)
        // Each worker gives back the error that stopped it, if any; the first in order is thrown.
        let stops = ParallelWork.map(count: options.jobs, jobs: options.jobs) { _ -> Diagnostics? in
            do throws(Diagnostics) {
                var composer = MessageComposer(setup: setup, notice: notice.notice)
                while !options.stopRequested(), failuresInARow.withLock({ $0.count }) < failuresInARowLimit, unusable.withLock({ $0 == nil }),
                      let recipient = try ledger.claim(notice: notice.id, run: run, at: options.now()) {
                    let message = composer.message(for: recipient, date: options.now())
                    let outcome = transport.deliver(message.bytes, from: setup.from.address, to: recipient.email, name: recipient.name)
                    try ledger.record(notice: notice.id, line: recipient.line, messageID: message.messageID, outcome: outcome, at: options.now())
                    if case .notHandedOver(let why) = outcome {
                        unusable.withLock { if $0 == nil { $0 = why } }
                        continue
                    }
                    failuresInARow.withLock { state in
                        if case .failed(let why) = outcome { state = (state.count + 1, why) } else { state.count = 0 }
                    }
                    let snapshot = tally.withLock { state -> NotifyProgress in
                        switch outcome {
                        case .sent: state.sent += 1
                        case .deferred: state.deferred += 1
                        case .failed: state.failed += 1
                        case .notHandedOver: break
                        }
                        return state
                    }
                    progress(snapshot)
                }
                return nil
            } catch {
                return error
            }
        }
        // Rows claimed ahead and not handed off go back at once, not after the lease.
        try ledger.release(notice: notice.id, run: run, at: options.now())
        if let stop = stops.lazy.compactMap({ $0 }).first { throw stop }
        if let why = unusable.withLock({ $0 }) {
            throw Diagnostics([.error(setup.outbox.display(of: notice.notice),
                                      "stopped: \(why); the messages not sent stay pending for the next run")])
        }
        let (count, last) = failuresInARow.withLock { $0 }
        if count >= failuresInARowLimit {
            throw Diagnostics([.error(ledger.displayPath,
                                      "\(notice.id): stopped after \(failuresInARowLimit) failed messages in a row; the rest stay pending. The last failed with: \(last). Fix that (every failure is listed by notify --status), then run notify --retry-failed")])
        }
    }
}
