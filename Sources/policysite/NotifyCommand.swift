import ArgumentParser
import Foundation
import PolicySiteMail
import PolicySiteSMTP
import PolicySiteSupport

struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send the emails of every notice in the outbox that has not been sent, once.",
        discussion: """
        One message per recipient of each outbox/<policy>/<version>/recipients.csv. The ledger \
        (outbox/ledger.sqlite) records every hand-off: a second run sends nothing that was handed \
        off, and a run that was killed sends again at most the messages that were in flight. Only \
        one run at a time works on the ledger: another stops, naming the process that holds it, or \
        waits with --wait. --status, --dry-run and --preview only read, and run beside it.
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp("The sendmail-compatible program (postfix, exim, msmtp) that takes each message (default /usr/sbin/sendmail).", valueName: "path"))
    var sendmail: String?

    @Option(name: .long, help: ArgumentHelp("Write the messages into this Maildir instead of sending them.", valueName: "dir"))
    var maildir: String?

    @Option(name: .long, help: ArgumentHelp("Submit over SMTP: smtp://HOST:PORT (STARTTLS when offered; ?tls=required), smtps://HOST:PORT (TLS); ?ca=FILE trusts that authority. AUTH from POLICYSITE_SMTP_USER and POLICYSITE_SMTP_PASSWORD.", valueName: "url"))
    var smtp: String?

    @Option(name: .long, help: ArgumentHelp("With --smtp: connections to the server at once, 1 to 16 (default 2); each has one message in flight.", valueName: "n"))
    var connections: Int?

    @Flag(name: .customLong("dry-run"), help: "Say what would be sent; send nothing, change nothing.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Write the exact messages as .eml files into this new or empty folder; send nothing, record nothing.", valueName: "dir"))
    var preview: String?

    @Option(name: .long, help: ArgumentHelp("With --preview: at most this many messages per notice.", valueName: "n"))
    var limit: Int?

    @Flag(name: .long, help: "Report, per notice, how many messages are sent, deferred, failed and pending.")
    var status = false

    @Flag(name: .customLong("retry-failed"), help: "Try again the messages that failed (after fixing the mail program).")
    var retryFailed = false

    @Option(name: .customLong("parallel"), help: ArgumentHelp("Messages handed off at once, 1 to 64 (default 4); each is one in flight.", valueName: "n"))
    var parallel: Int?

    @Option(name: .long, help: ArgumentHelp("Seconds a hand-off to the mail program may take (default 120); one that takes longer is ended and deferred to the next run.", valueName: "seconds"))
    var timeout: Double = 120

    @Flag(name: .long, help: "If another notify is working on the ledger, wait for it to finish instead of stopping.")
    var wait = false

    @Option(name: .long, help: ArgumentHelp("With a PostgreSQL ledger: seconds the messages a worker claimed stay its own without renewal (default 300, at least --timeout plus 5); a killed worker's go back to the others after it.", valueName: "seconds"))
    var lease: Double = 300

    /// Connections `--smtp` may open at once: a submission server limits each client to a few.
    static let connectionRange = 1...16

    func validate() throws {
        let range = NotifyOptions.parallelRange
        if let parallel, !range.contains(parallel) {
            throw ValidationError("--parallel must be from \(range.lowerBound) to \(range.upperBound) (the messages handed off at once); got \(parallel)")
        }
        if smtp != nil {
            let others = [(sendmail != nil, "--sendmail"), (maildir != nil, "--maildir"), (dryRun, "--dry-run"), (preview != nil, "--preview"),
                          (parallel != nil, "--parallel (with --smtp, --connections says how many at once)")].filter(\.0).map(\.1)
            if !others.isEmpty {
                throw ValidationError("--smtp sends through an SMTP server; it cannot be combined with \(others.joined(separator: " and ")): choose one way to send")
            }
        } else if connections != nil {
            throw ValidationError("--connections goes with --smtp URL")
        }
        if sendmail != nil && maildir != nil {
            throw ValidationError("--sendmail and --maildir are two ways to send; choose one")
        }
        if let connections, !Self.connectionRange.contains(connections) {
            throw ValidationError("--connections must be from \(Self.connectionRange.lowerBound) to \(Self.connectionRange.upperBound); got \(connections)")
        }
        if !(timeout > 0) || !timeout.isFinite {
            throw ValidationError("--timeout must be a number of seconds more than 0, such as 120")
        }
        if !(lease > 0) || !lease.isFinite {
            throw ValidationError("--lease must be a number of seconds more than 0, such as 300")
        }
        if dryRun && maildir != nil { throw ValidationError("--dry-run sends nothing; leave out --maildir") }
        if preview != nil {
            let others = [(dryRun, "--dry-run"), (maildir != nil, "--maildir"), (sendmail != nil, "--sendmail"),
                          (status, "--status"), (retryFailed, "--retry-failed")].filter(\.0).map(\.1)
            if !others.isEmpty {
                throw ValidationError("--preview writes the messages into a folder and sends nothing; leave out \(others.joined(separator: " and "))")
            }
        }
        if let limit {
            if preview == nil { throw ValidationError("--limit goes with --preview DIR") }
            if limit < 1 { throw ValidationError("--limit must be 1 or more") }
        }
    }

    func run() throws {
        let paths = try site.buildOptions().paths
        if status {
            let statuses = try Report.catching { try Notifier.status(paths) }
            Report.print(statuses.flatMap(\.warnings))
            NotifyReport.printTable(statuses)
            NotifyReport.printBreakdowns(statuses.map { ($0.id, $0.byLanguage, $0.byStartingVersion) })
            return
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        if let preview {
            let folder = URL(fileURLWithPath: preview, isDirectory: true, relativeTo: cwd)
            let previewed = try Report.catching(nothingChanged: false) { try Notifier.preview(paths, into: folder, limit: limit) }
            for notice in previewed {
                print("\(ControlCharacters.escaped(notice.id)): wrote \(notice.messages) message\(notice.messages == 1 ? "" : "s") into \(ControlCharacters.escaped(preview))")
            }
            NotifyReport.printBreakdowns(previewed.map { ($0.id, $0.byLanguage, $0.byStartingVersion) })
            print(previewed.isEmpty ? "The outbox has no notices." : "Nothing was sent or recorded.")
            return
        }
        let delivery: NotifyOptions.Delivery
        var jobs = parallel ?? 4
        if let smtp {
            delivery = .transport(try Report.catching { () throws(NotifyFailure) -> SMTPTransport in
                let endpoint: SMTPEndpoint
                do throws(SMTPEndpoint.Refused) {
                    endpoint = try SMTPEndpoint(url: smtp)
                } catch {
                    throw NotifyFailure([.error("--smtp", error.description)])
                }
                do throws(SMTPTransport.Unusable) {
                    return try SMTPTransport(endpoint: endpoint, environment: ProcessInfo.processInfo.environment, timeout: timeout)
                } catch {
                    throw NotifyFailure([.error("--smtp", error.description)])
                }
            })
            jobs = connections ?? 2
        } else {
            delivery = dryRun ? .dryRun
                : maildir.map { .maildir(URL(fileURLWithPath: $0, isDirectory: true, relativeTo: cwd)) }
                ?? .sendmail(URL(fileURLWithPath: sendmail ?? "/usr/sbin/sendmail", relativeTo: cwd))
        }
        let bar = ProgressBar(isTerminal: isatty(STDERR_FILENO) == 1)
        InterruptSignals.install()
        let options = NotifyOptions(paths: paths, delivery: delivery, jobs: jobs, retryFailed: retryFailed, wait: wait, timeout: timeout,
                                    lease: lease, stopRequested: { InterruptSignals.received != 0 })
        let statuses = try Report.catching(nothingChanged: false) {
            // The bar's line ends before anything else is printed, whether the run failed or not.
            defer { bar.finish() }
            return try Notifier.send(options, progress: bar.update, waiting: { holder in
                FileHandle.standardError.write(Data("Waiting for \(ControlCharacters.escaped(holder)) to finish with the ledger (--wait).\n".utf8))
            })
        }
        Report.print(statuses.flatMap(\.warnings))
        if dryRun {
            for status in statuses {
                print("\(ControlCharacters.escaped(status.id)): would send \(status.pending + status.deferred) of \(status.recipients) messages (\(status.sent) already sent)")
            }
            NotifyReport.printBreakdowns(statuses.map { ($0.id, $0.byLanguage, $0.byStartingVersion) })
            if statuses.isEmpty { print("The outbox has no notices.") }
            return
        }
        NotifyReport.printTable(statuses)
        let signal = InterruptSignals.received
        if signal != 0 {
            FileHandle.standardError.write(Data("notify: stopped by a signal; the messages in flight were handed off and recorded; run notify again to send the rest\n".utf8))
            throw ExitCode(128 + signal)
        }
        if statuses.contains(where: { $0.failed > 0 }) { throw ExitCode(1) }
    }
}
