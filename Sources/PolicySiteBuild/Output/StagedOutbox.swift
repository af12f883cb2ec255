import Foundation
import PolicySiteModel
import PolicySiteNotices
import PolicySiteSupport

/// Notification lists written into a staging folder beside the outbox, and moved into place,
/// one notice folder at a time, only when the whole build has succeeded. A failed build leaves
/// the outbox as it was, not even created.
struct StagedOutbox {
    let outbox: URL
    let staging: URL

    /// Removes the staging folders that killed builds left beside the outbox (they may hold
    /// users' addresses, so every build does, whether it writes lists or not); returns their names.
    /// The one place that cleans the outbox's staging: `prepare` also replaces this process's own.
    @discardableResult
    static func removeLeftovers(beside outbox: URL) -> [String] {
        Staging.removeLeftovers(beside: outbox)
    }

    /// Makes a fresh staging folder beside the outbox (a build has removed the ones killed builds
    /// left first: `removeLeftovers`). Refuses an outbox path that is not a folder.
    static func prepare(outbox: URL) throws -> StagedOutbox {
        var info = stat()
        if stat(outbox.path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
            throw FileOperationError("the outbox \(outbox.path) is a file, not a folder; move the file away, or set 'outbox' in \(SiteConfig.fileName) to a folder")
        }
        let staging = Staging.path(for: outbox)
        do {
            if FileManager.default.fileExists(atPath: staging.path) { try FileManager.default.removeItem(at: staging) }
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw FileOperationError("cannot create the folder \(staging.path): \(FileOperationError.describe(error))")
        }
        return StagedOutbox(outbox: outbox, staging: staging)
    }

    /// The staging folder, laid out as the outbox, for the lists to be written into.
    var stagedOutbox: Outbox { Outbox(folder: staging) }

    /// The notices' part of a build's commit: their folders moved into the outbox, and moved
    /// back out when a later part fails.
    func part(_ notices: [Notice]) -> StagedPart {
        let folders = notices.map(Outbox.noticePath(of:))
        return StagedPart(
            role: .notices, commit: { try commit(folders) }, undo: { rollBack(folders) }, discard: discard,
            problem: { .error(outbox.path, "cannot move the notification lists into the outbox: \($0)") }
        )
    }

    /// Moves each staged notice folder (`<policy>/<segment>`) into the outbox. On failure, moves
    /// back the ones already moved, so the outbox is as it was.
    private func commit(_ folders: [String]) throws {
        var moved: [String] = []
        do {
            for folder in folders {
                let target = outbox.appending(path: folder, directoryHint: .isDirectory)
                do {
                    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                } catch {
                    throw FileOperationError("cannot create the folder \(target.deletingLastPathComponent().path): \(FileOperationError.describe(error))")
                }
                try Rename.move(staging.appending(path: folder), to: target)
                moved.append(folder)
            }
        } catch {
            rollBack(moved)
            throw error
        }
    }

    /// Moves committed notice folders back out of the outbox, when a later step of the build fails.
    private func rollBack(_ folders: [String]) {
        for folder in folders.reversed() {
            try? Rename.move(outbox.appending(path: folder), to: staging.appending(path: folder))
        }
    }

    func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
