import Foundation
import PolicySiteModel
import PolicySiteSupport

/// The versions of a file in a git repository: every commit that changed it, the newest of each
/// day, read with git (`git log`, `git show`) run as a child process whose output and error pipes
/// are read together (`PipeReading`). The day is the committer's date in the committer's own time
/// zone, as `git log` shows it.
package enum GitHistory {
    /// One version of the file: its text at a commit, and the commit's day.
    package struct Revision: Sendable {
        package var commit: String
        package var day: CalendarDay
        package var data: Data
        /// What the notes call it: `FILE@abbreviated-commit`.
        package var displayPath: String
    }

    /// The newest commit of each day that changed `path`, oldest day first; nil, with the
    /// problem added, when git fails or the file has no history.
    package static func revisions(repository: String, path: String, notes: inout [ImportNote], _ diagnostics: inout Diagnostics) -> [Revision]? {
        let shownRepository = ControlCharacters.escaped(repository)
        let shownPath = ControlCharacters.escaped(path)
        // %H commit, %ct committer time (seconds), %cI committer date with its offset.
        guard let log = run(["-C", repository, "log", "--format=%H %ct %cI", "--no-renames", "--", path], display: shownRepository, &diagnostics) else { return nil }
        var newestOfDay: [CalendarDay: (commit: String, time: Int64)] = [:]
        var commits = 0
        for entry in String(decoding: log, as: UTF8.self).split(separator: "\n") {
            let fields = entry.split(separator: " ")
            guard fields.count == 3, let time = Int64(fields[1]), let day = CalendarDay(iso: String(fields[2].prefix(10))) else { continue }
            commits += 1
            if let kept = newestOfDay[day], kept.time >= time { continue }
            newestOfDay[day] = (String(fields[0]), time)
        }
        guard commits > 0 else {
            diagnostics.error(shownRepository, "no commit of \(shownRepository) changed '\(shownPath)'; --path names the file inside the repository, such as legal/privacy.md")
            return nil
        }
        var revisions: [Revision] = []
        for (day, kept) in newestOfDay.sorted(by: { $0.key < $1.key }) {
            let display = "\(shownPath)@\(kept.commit.prefix(12))"
            // A commit that deleted the file has no text of it.
            guard let data = run(["-C", repository, "show", "\(kept.commit):\(path)"], display: display, quietly: true, &diagnostics) else {
                notes.append(ImportNote(display, "the newest commit of \(day) removed the file; no version for that day"))
                continue
            }
            guard data.count <= InputFile.maximumSize else {
                diagnostics.error(display, "the file is \(data.count >> 20) MiB at this commit, more than any policy (import reads at most \(InputFile.maximumSize >> 20) MiB); check that --path names the policy")
                continue
            }
            revisions.append(Revision(commit: kept.commit, day: day, data: data, displayPath: display))
        }
        notes.append(ImportNote(shownRepository, "\(commits) commit\(commits == 1 ? "" : "s") changed \(shownPath), on \(newestOfDay.count) day\(newestOfDay.count == 1 ? "" : "s"): one version for each day, from its newest commit"))
        return revisions
    }

    /// git's standard output, or nil with its complaint added (unless `quietly`).
    private static func run(_ arguments: [String], display: String, quietly: Bool = false, _ diagnostics: inout Diagnostics) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        // No pager, no prompt for credentials, and the same output whatever the user's settings.
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_PAGER"] = "cat"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            diagnostics.error(display, "cannot run git: \(FileOperationError.describe(error)); check that git is installed and on PATH")
            return nil
        }
        let (said, complained) = PipeReading.readToEnd(output: output.fileHandleForReading, errors: errors.fileHandleForReading)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            if !quietly {
                let complaint = ControlCharacters.escaped(String(decoding: complained, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
                diagnostics.error(display, "git failed: \(complaint.isEmpty ? "exit status \(process.terminationStatus)" : complaint); check that --git names a git repository and --path a file in it")
            }
            return nil
        }
        return said
    }
}
