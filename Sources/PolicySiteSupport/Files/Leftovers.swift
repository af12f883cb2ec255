import Foundation

/// Folders and files that a killed process left behind: a build's staging folder (which holds the
/// notification lists, personal data) and the previous site, publish's incoming copy and link,
/// serve's preview folder. Their names carry the pid of the process that made them,
/// `<prefix><pid>` or `<prefix><pid>-<anything>`; the next run removes those whose process is gone.
package enum Leftovers {
    /// Removes the entries of `folder` named `<prefix><pid>...` whose process is gone; returns
    /// their names. Never fails: what cannot be removed is left for the next run.
    @discardableResult
    package static func removeStale(in folder: URL, prefix: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let pid = Int32(rest.prefix { $0.isASCII && $0.isNumber }), pid > 0 else { continue }
            let path = folder.appending(path: name).path
            guard isStale(path: path, pid: pid) else { continue }
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(name) }
        }
        return removed
    }

    /// Whether the process that made `path` is gone: no process has its pid, it is this process
    /// (which has not made it yet: an earlier process had the same pid), or the process with that
    /// pid started after the path was last changed, so it is another one that reuses the pid.
    static func isStale(path: String, pid: Int32) -> Bool {
        if pid == getpid() { return true }
        if kill(pid, 0) != 0 && errno == ESRCH { return true }
        var info = stat()
        guard lstat(path, &info) == 0, let started = startTime(of: pid) else { return false }
        return started > Double(FileTimes.modified(info).tv_sec) + 1
    }

    /// When a process started, in seconds since 1970, from /proc (Linux); nil elsewhere or when unknown.
    private static func startTime(of pid: Int32) -> Double? {
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")"),
              let procStat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let bootLine = procStat.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
              let boot = Double(bootLine.dropFirst(6).trimmingCharacters(in: .whitespaces)) else { return nil }
        // Fields after the command name: state is field 3, starttime field 22, in clock ticks since boot.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let perSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        return perSecond > 0 ? boot + ticks / perSecond : nil
        #else
        return nil
        #endif
    }
}
