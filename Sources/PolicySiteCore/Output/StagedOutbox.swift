import Foundation

/// Notification lists written into a staging folder beside the outbox, and moved into place,
/// one notice folder at a time, only when the whole build has succeeded. A failed build leaves
/// the outbox as it was, not even created.
struct StagedOutbox {
    let outbox: URL
    let staging: URL

    static func prepare(outbox: URL) throws -> StagedOutbox {
        let staging = outbox.deletingLastPathComponent()
            .appending(path: ".\(outbox.lastPathComponent).policysite-staging-\(ProcessInfo.processInfo.processIdentifier)", directoryHint: .isDirectory)
        if FileManager.default.fileExists(atPath: staging.path) { try FileManager.default.removeItem(at: staging) }
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        return StagedOutbox(outbox: outbox, staging: staging)
    }

    /// Moves each staged notice folder (`<policy>/<segment>`) into the outbox. On failure, moves
    /// back the ones already moved, so the outbox is as it was.
    func commit(_ folders: [String]) throws {
        var moved: [String] = []
        do {
            for folder in folders {
                let target = outbox.appending(path: folder, directoryHint: .isDirectory)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
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
