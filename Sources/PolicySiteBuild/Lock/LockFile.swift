import Foundation
import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport

/// Reads and writes `policysite.lock` as stable, sorted, pretty-printed JSON, so that a change to
/// it reads well in a review.
enum LockFile {
    /// The lock of a site with its bytes, nil when there is none yet (the first build); throws
    /// the problem with it.
    static func read(_ paths: SitePaths) throws(Diagnostics) -> (lock: PolicyLock, data: Data)? {
        let url = paths.root.appending(path: PolicyLock.fileName)
        let display = paths.display(PolicyLock.fileName)
        // O_NONBLOCK, so that a named pipe in its place is refused at once instead of waited on.
        let descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            // No lock (a link to nothing counts as none): the first build.
            if code == ENOENT { return nil }
            throw Diagnostics([.error(display, "cannot read the lock: \(SystemError.phrase(code)); \(code == EACCES || code == EPERM ? "check its permissions" : "check that it is a file")")])
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw Diagnostics([.error(display, "cannot read the lock: \(SystemError.phrase(errno))")])
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw Diagnostics([.error(display, "this is \(FileKind.name(info.st_mode)), not a file; the lock is the record of what was published and notified: move this away and restore \(PolicyLock.fileName) from version control (git checkout \(PolicyLock.fileName)), or remove it before a site's first build")])
        }
        let data: Data
        switch DescriptorReading.readToEnd(descriptor, size: Int(info.st_size)) {
        case .success(let bytes): data = bytes
        case .failure(let failure): throw Diagnostics([.error(display, "cannot read the lock: \(SystemError.phrase(failure.code))")])
        }
        return (lock: try decode(data, displayPath: display), data: data)
    }

    /// The lock in `data`; throws its first problem, at `policysite.lock:LINE`. The text is
    /// mapped line by line (`JSONLines`) only when there is a problem to place: mapping a large
    /// lock took longer than decoding it.
    static func decode(_ data: Data, displayPath: String) throws(Diagnostics) -> PolicyLock {
        struct Format: Decodable { var format: Int? }
        let repair = "restore it from version control (git checkout \(PolicyLock.fileName)); it is the record of what was published and notified"
        let format: Int?
        do {
            format = try JSONDecoder().decode(Format.self, from: data).format
            if format == PolicyLock.currentFormat { return try JSONDecoder().decode(PolicyLock.self, from: data) }
        } catch {
            let map = JSONLines(Array(data))
            if let damage = map.damage {
                throw Diagnostics([.error(displayPath, line: damage.line, "the lock is not valid JSON: \(damage.problem); \(repair)")])
            }
            throw Diagnostics([problem(error, map: map, displayPath: displayPath, repair: repair)])
        }
        let line = JSONLines(Array(data)).line(of: ["format"])
        throw Diagnostics([.error(displayPath, line: line, "the lock has format \(format.map(String.init) ?? "(none)"), and this policysite reads format \(PolicyLock.currentFormat); use the policysite that wrote it, or \(repair)")])
    }

    /// What JSONDecoder found wrong with a lock that is valid JSON, at its line.
    private static func problem(_ error: any Error, map: JSONLines, displayPath: String, repair: String) -> Diagnostic {
        switch error {
        case DecodingError.dataCorrupted(let context):
            let path = keys(context)
            let found = map.tokens[path].map { " (found '\($0)')" } ?? ""
            let what = dayKeys.contains(path.last ?? "") ? "is not a date in the form YYYY-MM-DD" : "has a value this policysite does not know"
            return .error(displayPath, line: map.line(of: path), "\(describe(path)) \(what)\(found); \(repair)")
        case DecodingError.keyNotFound(let key, let context):
            let path = keys(context)
            return .error(displayPath, line: map.line(of: path), "the lock lacks '\(key.stringValue)' \(path.isEmpty ? "at the top" : "in \(describe(path))"); \(repair)")
        case DecodingError.typeMismatch(let type, let context):
            let path = keys(context)
            return .error(displayPath, line: map.line(of: path), "\(describe(path)) should be \(kind(type)); \(repair)")
        case DecodingError.valueNotFound(let type, let context):
            let path = keys(context)
            return .error(displayPath, line: map.line(of: path), "\(describe(path)) is null and should be \(kind(type)); \(repair)")
        default:
            return .error(displayPath, "the lock cannot be read; \(repair)")
        }
    }

    /// Writes the lock beside its final place; the part of a build's commit that renames it
    /// over the old one. Throws why it cannot be written.
    static func stage(_ lock: PolicyLock, paths: SitePaths) throws -> StagedPart {
        let target = paths.root.appending(path: PolicyLock.fileName)
        let staged = Staging.path(for: target)
        try encode(lock).write(to: staged)
        return StagedPart(
            role: .lock, commit: { try Rename.move(staged, to: target) }, undo: nil,
            discard: { try? FileManager.default.removeItem(at: staged) },
            problem: { reason in
                // The site and the notices are in place; the next build finds the notices and keeps them.
                .error(paths.display(PolicyLock.fileName), "the site and the notices are in place, but the lock could not be updated (\(reason)); build again to record them")
            }
        )
    }

    /// Removes the staged locks that builds killed before their commit left.
    @discardableResult
    static func removeLeftovers(_ paths: SitePaths) -> [String] {
        Staging.removeLeftovers(beside: paths.root.appending(path: PolicyLock.fileName))
    }

    static func encode(_ lock: PolicyLock) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(lock) + Data("\n".utf8)
    }

    /// The 1-based line of a version's entry in the lock as written by `encode`, for messages.
    static func line(of policy: String, _ segment: String, in data: Data) -> Int? {
        let policyKey = "\"\(policy)\" : {"
        let versionKey = "\"\(segment)\" : {"
        var inPolicy = false
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("    \"") { inPolicy = trimmed == policyKey }
            if inPolicy && line.hasPrefix("      \"") && trimmed == versionKey { return number + 1 }
        }
        return nil
    }

    /// The keys that hold a day.
    private static let dayKeys: Set<String> = ["effective", "published", "recorded", "day", "previous_effective"]

    private static func keys(_ context: DecodingError.Context) -> JSONLines.Path {
        // A list position is "Index 2" with intValue 2; a key such as "01" keeps its text.
        context.codingPath.map { key in key.intValue.map { key.stringValue == "Index \($0)" ? String($0) : key.stringValue } ?? key.stringValue }
    }

    /// A value's place in words: `'effective' of privacy/1`, `'corrections.0.day' of privacy/1`.
    private static func describe(_ path: JSONLines.Path) -> String {
        if path.count >= 3, path[0] == "policies" {
            let entry = "\(path[1])/\(path[2])"
            let rest = path.dropFirst(3).joined(separator: ".")
            return rest.isEmpty ? "the entry of \(entry)" : "'\(rest)' of \(entry)"
        }
        return path.isEmpty ? "the lock" : "'\(path.joined(separator: "."))'"
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is CalendarDay.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type: return "a whole number"
        default: return String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }
}
