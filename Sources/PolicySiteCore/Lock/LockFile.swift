import Foundation

/// Reads and writes `policysite.lock` as stable, sorted, pretty-printed JSON, so that a change to
/// it reads well in a review.
enum LockFile {
    /// The lock of a site with its bytes, nil when there is none yet (the first build), or the
    /// problem with it.
    static func read(_ paths: SitePaths) -> Result<(lock: PolicyLock, data: Data)?, Diagnostic> {
        let url = paths.root.appending(path: PolicyLock.fileName)
        let display = paths.display(PolicyLock.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return .success(nil) }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            return .failure(.error(display, "cannot read the lock: \(error.localizedDescription)"))
        }
        return decode(data, displayPath: display).map { (lock: $0, data: data) }
    }

    static func decode(_ data: Data, displayPath: String) -> Result<PolicyLock, Diagnostic> {
        struct Format: Decodable { var format: Int? }
        let repair = "restore it from version control; it is the record of what was published and notified"
        do {
            let format = try JSONDecoder().decode(Format.self, from: data).format
            guard format == PolicyLock.currentFormat else {
                return .failure(.error(displayPath, "the lock has format \(format.map(String.init) ?? "(none)"); this policysite reads format \(PolicyLock.currentFormat): \(repair)"))
            }
            return .success(try JSONDecoder().decode(PolicyLock.self, from: data))
        } catch let DecodingError.dataCorrupted(context) {
            return .failure(.error(displayPath, "the lock is not valid JSON (\(describe(context))): \(repair)"))
        } catch let DecodingError.keyNotFound(key, context) {
            return .failure(.error(displayPath, "the lock lacks '\(key.stringValue)' at \(path(context)): \(repair)"))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            return .failure(.error(displayPath, "the lock has a wrong value at \(path(context)) (\(context.debugDescription)): \(repair)"))
        } catch {
            return .failure(.error(displayPath, "the lock cannot be read (\(error)): \(repair)"))
        }
    }

    /// Writes the lock beside its final place, to be renamed over it when the build commits.
    static func stage(_ lock: PolicyLock, paths: SitePaths) throws -> URL {
        let staged = paths.root.appending(path: ".\(PolicyLock.fileName).policysite-staging-\(ProcessInfo.processInfo.processIdentifier)")
        try encode(lock).write(to: staged)
        return staged
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

    private static func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map(\.stringValue)
        return keys.isEmpty ? "the top" : keys.joined(separator: ".")
    }

    private static func describe(_ context: DecodingError.Context) -> String {
        let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
        return underlying ?? context.debugDescription
    }
}
