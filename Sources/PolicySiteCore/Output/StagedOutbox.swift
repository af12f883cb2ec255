import Foundation

/// Notification lists written into a staging folder beside the outbox, and moved into place,
/// one notice folder at a time, only when the whole build has succeeded. A failed build leaves
/// the outbox as it was, not even created.
struct StagedOutbox {
    let outbox: URL
    let staging: URL

    /// Makes a fresh staging folder beside the outbox (a build has removed the ones killed builds
    /// left first: `removeLeftovers`). Refuses an outbox path that is not a folder.
    static func prepare(outbox: URL) throws -> StagedOutbox {
        var info = stat()
        if stat(outbox.path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
            throw FileOperationError("the outbox \(outbox.path) is a file, not a folder; move the file away, or set 'outbox' in \(SiteConfig.fileName) to a folder")
        }
        let staging = outbox.deletingLastPathComponent().appending(path: stagingPrefix(outbox) + "\(getpid())", directoryHint: .isDirectory)
        do {
            if FileManager.default.fileExists(atPath: staging.path) { try FileManager.default.removeItem(at: staging) }
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw FileOperationError("cannot create the folder \(staging.path): \(FileOperationError.describe(error))")
        }
        return StagedOutbox(outbox: outbox, staging: staging)
    }

    static func stagingPrefix(_ outbox: URL) -> String { ".\(outbox.lastPathComponent).policysite-staging-" }

    /// Removes the staging folders that killed builds left beside the outbox: every build does,
    /// not only one that writes lists, since they may hold users' addresses.
    @discardableResult
    static func removeLeftovers(beside outbox: URL) -> [String] {
        Leftovers.removeStale(in: outbox.deletingLastPathComponent(), prefix: stagingPrefix(outbox))
    }

    /// Moves each staged notice folder (`<policy>/<segment>`) into the outbox. On failure, moves
    /// back the ones already moved, so the outbox is as it was.
    func commit(_ folders: [String]) throws {
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
    func rollBack(_ folders: [String]) {
        for folder in folders.reversed() {
            try? Rename.move(outbox.appending(path: folder), to: staging.appending(path: folder))
        }
    }

    func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
