import Foundation

/// A build's output, written into a staging folder beside the real output folder and swapped in
/// only when the whole build has succeeded. Until then the previous site stays as it was.
struct StagedOutput {
    /// The output folder readers are served from.
    let target: URL
    /// Where this build writes; on the same file system as `target`, so that the swap is a rename.
    let staging: URL

    /// Makes a fresh staging folder beside `target`.
    static func prepare(target: URL) throws -> StagedOutput {
        let parent = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appending(path: ".\(target.lastPathComponent).policysite-staging-\(ProcessInfo.processInfo.processIdentifier)", directoryHint: .isDirectory)
        try? FileManager.default.removeItem(at: staging)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        return StagedOutput(target: target, staging: staging)
    }

    /// Puts the staged site in place of the previous one. Between the two renames the output
    /// path is briefly absent; the previous site is moved back if the second rename fails.
    func commit() throws {
        let previous = target.deletingLastPathComponent()
            .appending(path: ".\(target.lastPathComponent).policysite-previous-\(ProcessInfo.processInfo.processIdentifier)")
        let hadPrevious = FileManager.default.fileExists(atPath: target.path)
        if hadPrevious {
            try? FileManager.default.removeItem(at: previous)
            try Rename.move(target, to: previous)
        }
        do {
            try Rename.move(staging, to: target)
        } catch {
            guard hadPrevious else { throw error }
            do {
                try Rename.move(previous, to: target)
            } catch let restoring {
                throw CocoaError(.fileWriteUnknown, userInfo: [
                    NSLocalizedDescriptionKey: "\(error.localizedDescription); and the previous site could not be put back (\(restoring.localizedDescription)): it is in \(previous.path)",
                ])
            }
            throw error
        }
        // The old site is out of the way; failing to delete it leaves a hidden folder, not a broken site.
        if hadPrevious { try? FileManager.default.removeItem(at: previous) }
    }

    /// Removes the staging folder, leaving the previous site untouched.
    func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
