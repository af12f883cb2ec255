import Foundation
import PolicySiteSupport

/// A build's output, written into a staging folder beside the real output folder and swapped in
/// only when the whole build has succeeded. Until then the previous site stays as it was.
struct StagedOutput {
    /// The output folder readers are served from.
    let target: URL
    /// Where this build writes; on the same file system as `target`, so that the swap is a rename.
    let staging: URL
    /// Where the site it replaces is deleted while the build goes on.
    let removals: BackgroundRemovals

    /// The file every build writes into its output folder: a later build replaces a folder only
    /// when it holds this file (or is empty). Its content is fixed, so the output stays
    /// deterministic, and says nothing private, since the output is published.
    static let marker = ".policysite-output"
    static let markerText = "This folder is written by policysite build, which replaces it whole at each build.\n"

    /// Makes a fresh staging folder beside `target`, holding the marker, after removing the
    /// staging and previous folders of builds that were killed. The site it replaces is removed
    /// by `removals`, whose owner waits for them.
    static func prepare(target: URL, removals: BackgroundRemovals) throws -> StagedOutput {
        let parent = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            // The reason without the path again, when it is the one just named.
            let reason = FileOperationError.describe(error)
            let named = reason.hasPrefix(parent.path + ": ") ? String(reason.dropFirst(parent.path.count + 2)) : reason
            throw FileOperationError("cannot create the folder \(parent.path): \(named)")
        }
        removeLeftovers(beside: target)
        let staging = Staging.path(for: target)
        try? FileManager.default.removeItem(at: staging)
        guard mkdir(staging.path, 0o755) == 0 else {
            throw FileOperationError("cannot create a staging folder in \(parent.path)", code: errno)
        }
        let stagedOutput = StagedOutput(target: target, staging: staging, removals: removals)
        do {
            try FolderSink(folder: staging).write(markerText, to: marker)
        } catch {
            stagedOutput.discard()
            throw FileOperationError("cannot write \(staging.path)/\(marker): \(FileOperationError.describe(error))")
        }
        return stagedOutput
    }

    /// Whether `prepare` could make its staging folder beside `target`, found for `check`
    /// without leaving anything behind: an empty folder is made where `prepare` would make the
    /// first one (beside `target`, or, when its parent is missing, in the nearest folder that
    /// exists on the way) and removed at once. Throws what `prepare` would.
    static func probe(target: URL) throws {
        let parent = target.deletingLastPathComponent()
        var existing = parent
        var info = stat()
        while stat(existing.path, &info) != 0, errno == ENOENT, existing.path != "/" {
            existing = existing.deletingLastPathComponent()
        }
        var template = Array(existing.appending(path: Staging.prefix(of: target) + "check-XXXXXX").path.utf8CString)
        guard let made = mkdtemp(&template) else {
            let reason = SystemError.phrase(errno)
            if existing.path == parent.path { throw FileOperationError("cannot create a staging folder in \(parent.path): \(reason)") }
            // `prepare` names the first folder it could not make, when that is not the parent.
            let missing = parent.pathComponents.dropFirst(existing.pathComponents.count).first
            let failing = missing.map { existing.appending(path: $0).path } ?? parent.path
            throw FileOperationError("cannot create the folder \(parent.path): " + (failing == parent.path ? reason : "\(failing): \(reason)"))
        }
        rmdir(made)
    }

    /// Removes what builds killed before they finished left beside `target`: staging folders
    /// (whole sites, with their notification lists) and previous sites.
    @discardableResult
    static func removeLeftovers(beside target: URL) -> [String] {
        Staging.removeLeftovers(beside: target, [.staging, .previous])
    }

    /// The site's part of a build's commit. Once swapped in, the previous site is gone, so it
    /// cannot be undone.
    var part: StagedPart {
        StagedPart(role: .site, commit: commit, undo: nil, discard: discard,
                   problem: { .error(target.path, "cannot put the new site in place: \($0)") })
    }

    /// Puts the staged site in place of the previous one in one step: the two folders swap
    /// places (so the output path always holds a whole site), then the previous site, now at the
    /// staging path, is moved to the previous path and removed there while the build finishes.
    /// On a file system that cannot swap, two renames, with the previous site moved back if the
    /// second one fails.
    private func commit() throws {
        var info = stat()
        guard lstat(target.path, &info) == 0 else {
            try Rename.move(staging, to: target)
            return
        }
        if try Rename.swap(staging, target) {
            // The old site is out of the way; failing to delete it leaves a hidden folder that the
            // next build removes, not a broken site. Deleting tens of thousands of entries takes
            // a tenth of a rebuild, so it goes on beside the rest of the commit; under the
            // previous path, so that `discard` has nothing left to race it for.
            let previous = Staging.path(for: target, .previous)
            if (try? Rename.move(staging, to: previous)) != nil {
                removals.remove(previous.path)
            } else {
                discard()
            }
            return
        }
        try commitByTwoRenames()
    }

    private func commitByTwoRenames() throws {
        let previous = Staging.path(for: target, .previous)
        try? FileManager.default.removeItem(at: previous)
        try Rename.move(target, to: previous)
        do {
            try Rename.move(staging, to: target)
        } catch {
            do {
                try Rename.move(previous, to: target)
            } catch let restoring {
                throw FileOperationError("\(error); and the previous site could not be put back (\(restoring)): it is in \(previous.path)")
            }
            throw error
        }
        try? FileManager.default.removeItem(at: previous)
    }

    /// Removes the staging folder, leaving the previous site untouched.
    func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
