import Foundation
import PolicySiteSupport

/// Publishing to `user@host:/path` with the same layout as `LocalReleases`: rsync copies the site
/// into `/path.releases/.<release>.incoming/` over the remote shell (ssh), then one remote command
/// renames it into place, swaps the `/path` link with `mv -T` (a rename, atomic) and prunes old
/// releases. Incoming copies that killed publishes left (untouched for an hour: the remote host
/// cannot see local processes) are removed.
struct RemotePublisher {
    let options: PublishOptions
    let host: String
    let path: String

    func publish(site: URL, release: String) throws(Diagnostics) -> PublishReport {
        let (parent, name) = try split()
        let releases = "\(name).releases"
        try run(["rsync", "-a", "--delete", "--mkpath", "-e", options.remoteShell,
                 site.path + "/", "\(host):\(parent)/\(releases)/.\(release).incoming/"])
        try remote("""
            set -e; cd '\(parent)'
            if [ -e '\(name)' ] && [ ! -L '\(name)' ]; then echo '\(path) is a real folder or file, not the link publish makes; move it away' >&2; exit 1; fi
            mv '\(releases)/.\(release).incoming' '\(releases)/\(release)'
            find '\(releases)' -mindepth 1 -maxdepth 1 -name '.*.incoming' -mmin +60 -exec rm -rf {} +
            ln -sfn '\(releases)/\(release)' '.\(name).link'
            mv -T '.\(name).link' '\(name)'
            ls -1 '\(releases)' | grep -v '^[.]' | grep -vx '\(release)' | sort | head -n -\(options.keep - 1) | while read -r old; do rm -rf "\(releases)/$old"; done
            """)
        return PublishReport(release: release, removed: [])
    }

    func rollback() throws(Diagnostics) -> String {
        let (parent, name) = try split()
        let releases = "\(name).releases"
        return try remote("""
            set -e; cd '\(parent)'
            current=$(basename "$(readlink '\(name)')")
            previous=$(ls -1 '\(releases)' | grep -v '^[.]' | sort | grep -x -B1 "$current" | head -n 1)
            if [ -z "$previous" ] || [ "$previous" = "$current" ]; then echo 'there is no earlier release to roll back to' >&2; exit 1; fi
            ln -sfn '\(releases)/'"$previous" '.\(name).link'
            mv -T '.\(name).link' '\(name)'
            echo "$previous"
            """).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The destination's folder and name; only plain path characters, since they go into a
    /// remote shell command.
    private func split() throws(Diagnostics) -> (String, String) {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/~")
        guard path.hasPrefix("/"), path.count > 1, path.unicodeScalars.allSatisfy(allowed.contains), !path.contains("..") else {
            throw Diagnostics([.error(options.destination, "a remote destination is host:/absolute/path, of letters, digits, '.', '_', '-' and '/'")])
        }
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let slash = trimmed.lastIndex(of: "/") ?? trimmed.startIndex
        let parent = String(trimmed[..<slash])
        return (parent.isEmpty ? "/" : parent, String(trimmed[trimmed.index(after: slash)...]))
    }

    @discardableResult
    private func remote(_ script: String) throws(Diagnostics) -> String {
        try run(options.remoteShell.split(separator: " ").map(String.init) + [host, script])
    }

    /// Runs a program (found on PATH) and returns its output; its error output names a failure.
    /// Both are read together, so that a program that writes much to either never blocks.
    @discardableResult
    private func run(_ arguments: [String]) throws(Diagnostics) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Diagnostics([.error(options.destination, "cannot run \(arguments[0]): \(FileOperationError.describe(error)); check that it is installed and on PATH")])
        }
        let (said, complained) = PipeReading.readToEnd(output: output.fileHandleForReading, errors: errors.fileHandleForReading)
        let complaint = String(decoding: complained, as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Diagnostics([.error(options.destination, "\(arguments[0]) failed (exit \(process.terminationStatus)): \(complaint.trimmingCharacters(in: .whitespacesAndNewlines))")])
        }
        return String(decoding: said, as: UTF8.self)
    }
}
