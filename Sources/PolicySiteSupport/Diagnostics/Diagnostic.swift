/// One problem found in a site, reported compiler style: `path:line: error: message`.
package struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How serious a problem is. Errors stop a build; warnings are only printed.
    package enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    package var severity: Severity
    /// The file concerned, relative to the site root where it lies inside it.
    package var path: String
    /// The 1-based line in `path`, where one applies.
    package var line: Int?
    package var message: String

    package init(_ severity: Severity, _ path: String, line: Int? = nil, _ message: String) {
        self.severity = severity
        self.path = path
        self.line = line
        self.message = message
    }

    package static func error(_ path: String, line: Int? = nil, _ message: String) -> Diagnostic {
        Diagnostic(.error, path, line: line, message)
    }

    package static func warning(_ path: String, line: Int? = nil, _ message: String) -> Diagnostic {
        Diagnostic(.warning, path, line: line, message)
    }

    package var isError: Bool { severity == .error }

    package var description: String {
        let location = line.map { "\(path):\($0)" } ?? path
        return "\(location): \(severity.rawValue): \(message)"
    }
}

extension Diagnostic: Comparable {
    /// Orders by file, then line, so that reports read top to bottom.
    package static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        if (lhs.line ?? 0) != (rhs.line ?? 0) { return (lhs.line ?? 0) < (rhs.line ?? 0) }
        return lhs.message < rhs.message
    }
}
