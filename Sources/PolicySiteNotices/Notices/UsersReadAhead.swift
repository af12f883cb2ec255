import Foundation
import PolicySiteSupport

/// The reading half of writing notification lists: the users' rows are read, checked and told
/// apart (an address's first row, or a later one) on a thread of their own, a batch at a time,
/// while the lists of the rows before are written. On two cores a list then takes about the time
/// of the slower half instead of both. `next` gives the rows in the source's order, so the lists
/// are the same as when one thread did both.
struct UsersReadAhead {
    /// A row as the lists need it.
    enum Row: Sendable {
        /// A row that is not a user: it has no valid address, or cannot be read.
        case skipped(line: Int, id: String, reason: SkipReason)
        case user(RegisteredUser, isFirstRow: Bool)
    }

    /// What the reading found besides the rows: warnings in the order of the rows (each kind
    /// reported row by row up to `NotificationListWriter.reportedRowLimit`, then summed up).
    struct Findings: Sendable {
        var warnings = Diagnostics()
        fileprivate var badRows = 0
        /// Rows whose `accepted` cell cannot be read: told, with the default comparison.
        fileprivate var badAccepted = 0
        /// Names that are not UTF-8 (a file saved as Latin-1): the first line, and how many.
        fileprivate var badNames: (line: Int, count: Int)?
        /// Names in the `policies` column that are no policy of the site, with the first line of each.
        fileprivate var unknownPolicies: [String: Int] = [:]
    }

    private enum Batch: Sendable {
        case rows([Row])
        case end(Findings)
        case failed(Diagnostics)
    }

    /// Rows handed over at a time: few enough that the batches waiting take a megabyte or two.
    static let batchSize = 1024
    /// Batches read ahead of the writing, at most.
    static let batchesAhead = 4

    private let handOff: HandOff<Batch>
    private var batch: [Row] = []
    private var position = 0
    /// What the reading found, once `next` has given every row.
    private(set) var findings: Findings?

    /// Starts reading `users` on a new thread; `policyIDs`, the site's policies, to warn of names
    /// in the `policies` column that match none.
    init(_ users: any UsersSource, policyIDs: Set<String>) {
        let handOff = HandOff<Batch>(capacity: Self.batchesAhead)
        let thread = Thread { handOff.send(Self.read(users, policyIDs: policyIDs, handingTo: handOff)) }
        thread.stackSize = 8 << 20
        thread.start()
        self.handOff = handOff
    }

    /// The next row, in the source's order; nil after the last, when `findings` is set. Throws
    /// why the source could not be read part way. The reading thread is done once this has
    /// returned nil or thrown; call it until then, since the thread otherwise waits for room with
    /// the source open.
    mutating func next() throws(Diagnostics) -> Row? {
        while position == batch.count {
            guard findings == nil else { return nil }
            switch handOff.receive() {
            case .rows(let rows):
                batch = rows
                position = 0
            case .end(let found):
                batch = []
                position = 0
                findings = found
                return nil
            case .failed(let error):
                throw error
            }
        }
        position += 1
        return batch[position - 1]
    }

    /// Reads every row, handing them over in batches; returns the last batch to hand over: the
    /// findings, or why the source could not be read. The source is closed before it returns.
    private static func read(_ users: any UsersSource, policyIDs: Set<String>, handingTo handOff: HandOff<Batch>) -> Batch {
        var findings = Findings()
        var rows: [Row] = []
        rows.reserveCapacity(batchSize)
        do throws(Diagnostics) {
            let reader = try users.rows()
            defer { reader.close() }
            let columns = reader.columns
            var record = CSVRecord()
            var seen = AddressSet()
            while try reader.next(into: &record) {
                guard !record.isBlank else { continue }
                switch RegisteredUser.read(record, columns) {
                case .invalidEmail(let line, let id, let detail):
                    findings.skipped(line, "no valid email address" + (detail.map { ": " + $0 } ?? ""), users)
                    rows.append(.skipped(line: line, id: id, reason: .invalidEmail))
                case .invalid(let line, let id, let problem):
                    findings.skipped(line, problem, users)
                    rows.append(.skipped(line: line, id: id, reason: .invalidRow))
                case .user(let user):
                    if user.name.unicodeScalars.contains("\u{FFFD}"), let column = columns.name,
                       String(validating: record.field(column), as: UTF8.self) == nil {
                        findings.badNames = (findings.badNames?.line ?? user.line, (findings.badNames?.count ?? 0) + 1)
                    }
                    let isFirstRow = seen.insert(user.address.key)
                    for policy in user.policies where !policyIDs.contains(policy) && findings.unknownPolicies[policy] == nil {
                        findings.unknownPolicies[policy] = user.line
                    }
                    if let problem = user.acceptedProblem {
                        findings.badAccepted += 1
                        if findings.badAccepted <= NotificationListWriter.reportedRowLimit {
                            findings.warnings.add(.warning(users.displayPath, line: user.line, problem + "; its emails compare with the previous version"))
                        }
                    }
                    rows.append(.user(user, isFirstRow: isFirstRow))
                }
                if rows.count == batchSize {
                    handOff.send(.rows(rows))
                    rows = []
                    rows.reserveCapacity(batchSize)
                }
            }
        } catch {
            if !rows.isEmpty { handOff.send(.rows(rows)) }
            return .failed(error)
        }
        if !rows.isEmpty { handOff.send(.rows(rows)) }
        findings.sumUp(users)
        return .end(findings)
    }
}

extension UsersReadAhead.Findings {
    fileprivate mutating func skipped(_ line: Int, _ problem: String, _ users: any UsersSource) {
        badRows += 1
        if badRows <= NotificationListWriter.reportedRowLimit {
            warnings.add(.warning(users.displayPath, line: line, problem + "; the row is skipped"))
        }
    }

    /// Adds the warnings that sum up the rows not reported one by one, the names that are not
    /// UTF-8, and the policies the `policies` column names that the site does not have.
    fileprivate mutating func sumUp(_ users: any UsersSource) {
        let limit = NotificationListWriter.reportedRowLimit
        if badAccepted > limit {
            warnings.add(.warning(users.displayPath, "\(badAccepted - limit) more rows have an 'accepted' cell that cannot be read; their emails compare with the previous version"))
        }
        if badRows > limit {
            warnings.add(.warning(users.displayPath, "\(badRows - limit) more rows are skipped as invalid; skipped.csv of each notice lists every skipped row"))
        }
        if let badNames {
            let others = badNames.count > 1 ? " (and on \(badNames.count - 1) more line\(badNames.count > 2 ? "s" : ""))" : ""
            warnings.add(.warning(users.displayPath, line: badNames.line, "the name on this line\(others) is not UTF-8 text; its bad bytes become '\u{FFFD}' in the notification lists and the emails: save \(users.noun) as UTF-8"))
        }
        for (policy, line) in unknownPolicies.sorted(by: { $0.key < $1.key }).prefix(10) {
            warnings.add(.warning(users.displayPath, line: line, "'policies' names '\(policy)', which is not a policy of this site"))
        }
    }
}
