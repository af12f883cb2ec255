import Foundation
import PolicySiteSupport

/// Releases of a site on a local or mounted file system: `DEST.releases/<name>/`, and `DEST`, a
/// relative symbolic link to the one being served, replaced by rename(2), which is atomic.
struct LocalReleases {
    /// `DEST`: the path the web server's document root names.
    let link: URL

    var releases: URL { link.deletingLastPathComponent().appending(path: link.lastPathComponent + ".releases", directoryHint: .isDirectory) }

    /// Copies the site into a new release and points `DEST` at it; `verify` checks the copy
    /// (against the build's manifest) before it goes live.
    func publish(site: URL, release: String, keep: Int, verify: (URL) throws(Diagnostics) -> Void) throws(Diagnostics) -> PublishReport {
        try checkLink()
        removeLeftovers()
        let name = Self.nameAfter(names().last, made: release) { FileManager.default.fileExists(atPath: releases.appending(path: $0).path) }
        let incoming = releases.appending(path: Self.incomingPrefix + "\(getpid())-\(name)")
        do {
            try FileManager.default.createDirectory(at: releases, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: incoming)
            try FileManager.default.copyItem(at: site, to: incoming)
        } catch {
            try? FileManager.default.removeItem(at: incoming)
            throw Diagnostics([.error(link.path, "cannot copy the site into \(releases.path): \(FileOperationError.describe(error))")])
        }
        do {
            try verify(incoming)
        } catch {
            try? FileManager.default.removeItem(at: incoming)
            throw error
        }
        do {
            try Rename.move(incoming, to: releases.appending(path: name))
            try point(at: name)
        } catch {
            try? FileManager.default.removeItem(at: incoming)
            throw Diagnostics([.error(link.path, "cannot publish: \(FileOperationError.describe(error))")])
        }
        return PublishReport(release: name, removed: prune(keep: keep, current: name))
    }

    /// A release name that sorts after `newest` and is not taken: the time it was made, else
    /// (a second publish within the second, or a clock set back) the newest's time with a
    /// zero-padded counter, so that names are never reused after pruning and always sort in the
    /// order the releases were made.
    static func nameAfter(_ newest: String?, made release: String, isTaken: (String) -> Bool) -> String {
        guard let newest else { return release }
        let base = max(release, String(newest.prefix(release.count)))
        var name = base
        var counter = 2
        while name <= newest || isTaken(name) {
            name = base + "-" + String(repeating: "0", count: max(0, 3 - String(counter).count)) + String(counter)
            counter += 1
        }
        return name
    }

    /// `DEST.releases/.incoming-<pid>-<release>`: a copy on its way in.
    static let incomingPrefix = ".incoming-"
    private var linkPrefix: String { ".\(link.lastPathComponent).link-" }

    /// Removes the incoming copies and new links that publishes killed before they finished left.
    @discardableResult
    func removeLeftovers() -> [String] {
        Leftovers.removeStale(in: releases, prefix: Self.incomingPrefix)
            + Leftovers.removeStale(in: link.deletingLastPathComponent(), prefix: linkPrefix)
    }

    func rollback() throws(Diagnostics) -> String {
        try checkLink()
        removeLeftovers()
        let all = names()
        guard let current = currentRelease(), let index = all.firstIndex(of: current), index > 0 else {
            throw Diagnostics([.error(link.path, "there is no earlier release to roll back to")])
        }
        do {
            try point(at: all[index - 1])
        } catch {
            throw Diagnostics([.error(link.path, "cannot roll back: \(FileOperationError.describe(error))")])
        }
        return all[index - 1]
    }

    /// Refuses a `DEST` that is a real folder or file: publish replaces only a link it made.
    private func checkLink() throws(Diagnostics) {
        guard let type = (try? FileManager.default.attributesOfItem(atPath: link.path))?[.type] as? FileAttributeType else { return }
        guard type == .typeSymbolicLink else {
            throw Diagnostics([.error(link.path, "this is a real folder or file, not the link publish makes; move it away (publish serves \(link.lastPathComponent) as a link to \(releases.lastPathComponent)/<release>)")])
        }
    }

    /// Makes `DEST` a link to the release, by renaming a new link over it.
    private func point(at name: String) throws {
        let temporary = link.deletingLastPathComponent().appending(path: linkPrefix + "\(getpid())")
        try? FileManager.default.removeItem(at: temporary)
        try FileManager.default.createSymbolicLink(atPath: temporary.path, withDestinationPath: "\(releases.lastPathComponent)/\(name)")
        try Rename.move(temporary, to: link)
    }

    private func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: releases.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    private func currentRelease() -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)).map { URL(fileURLWithPath: $0).lastPathComponent }
    }

    /// Removes the oldest releases beyond `keep`, never the current one.
    private func prune(keep: Int, current: String) -> [String] {
        let old = names().filter { $0 != current }.dropLast(keep - 1)
        for name in old { try? FileManager.default.removeItem(at: releases.appending(path: name)) }
        return Array(old)
    }
}
