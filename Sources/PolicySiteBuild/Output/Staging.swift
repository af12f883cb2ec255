import Foundation
import PolicySiteSupport

/// Where a process stages a change beside the place it goes, and how it finds what killed
/// processes left: `.<name>.policysite-staging-<pid>` beside `<name>` (and, for the site a build
/// replaced, until it is deleted, `.<name>.policysite-previous-<pid>`). The pid lets the next run tell a
/// leftover from the staging of a build that still runs (`Leftovers`).
enum Staging {
    enum Kind: String {
        /// What is being written, before its commit.
        case staging
        /// What a commit moved out of the way, before it is removed.
        case previous
    }

    /// `.<name>.policysite-<kind>-`, to which the pid is added.
    static func prefix(of target: URL, _ kind: Kind = .staging) -> String {
        ".\(target.lastPathComponent).policysite-\(kind.rawValue)-"
    }

    /// This process's path of the kind, beside `target`.
    static func path(for target: URL, _ kind: Kind = .staging) -> URL {
        target.deletingLastPathComponent().appending(path: prefix(of: target, kind) + "\(getpid())")
    }

    /// Removes what killed processes left beside `target`; returns their names.
    @discardableResult
    static func removeLeftovers(beside target: URL, _ kinds: [Kind] = [.staging]) -> [String] {
        kinds.flatMap { Leftovers.removeStale(in: target.deletingLastPathComponent(), prefix: prefix(of: target, $0)) }
    }
}

/// One staged change, ready to be moved into place, with how to undo and clean it up.
struct StagedPart {
    /// Where it stands in the commit order.
    enum Role: Int, Comparable {
        /// The outbox's notices go first: a build killed during its commit leaves notices that
        /// the next build finds and keeps, never a version recorded without its notice.
        case notices
        case site
        /// The lock goes last: it records what the parts before it put in place.
        case lock

        static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    let role: Role
    /// Moves it into place; when it fails, it has undone its own partial moves.
    let commit: () throws -> Void
    /// Takes it out of place again, when a later part fails; nil when it cannot be (what it
    /// replaced is gone), and then the parts before it stay with it.
    let undo: (() -> Void)?
    /// Removes what is left of its staging; does nothing when nothing is.
    let discard: () -> Void
    /// What is reported when `commit` fails, given the reason.
    let problem: (_ reason: String) -> Diagnostic
}

/// The staged parts of one build (site, notices, lock), committed together: either every part
/// goes into place, or, when one fails, those committed before it are undone, newest first, as
/// far as they can be. What was staged is removed in every case (`discard`), so a build that
/// fails before or during its commit leaves the site, the outbox and the lock as they were.
struct StagedCommit {
    private var parts: [StagedPart] = []

    mutating func add(_ part: StagedPart) {
        parts.append(part)
    }

    /// Takes the parts of `role` out of the commit, their staging removed.
    mutating func withdraw(_ role: StagedPart.Role) {
        for part in parts where part.role == role { part.discard() }
        parts.removeAll { $0.role == role }
    }

    /// Commits every part in the order of their roles; on a failure, adds its problem and
    /// throws, after undoing what it can.
    func commit(_ diagnostics: inout Diagnostics) throws(Diagnostics) {
        var committed: [StagedPart] = []
        for part in parts.sorted(by: { $0.role < $1.role }) {
            do {
                try part.commit()
            } catch {
                for done in committed.reversed() {
                    guard let undo = done.undo else { break }
                    undo()
                }
                diagnostics.add(part.problem(FileOperationError.describe(error)))
                throw diagnostics
            }
            committed.append(part)
        }
    }

    /// Removes every part's staging: after the commit, or instead of it when the build failed.
    func discard() {
        for part in parts { part.discard() }
    }
}
