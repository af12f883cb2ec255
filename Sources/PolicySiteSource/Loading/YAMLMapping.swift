import Foundation
import PolicySiteModel
import PolicySiteSupport
import Yams

/// A YAML mapping of scalar keys, read through Yams and kept as plain values with the line each
/// key stands on, so that every problem can name its line.
struct YAMLMapping: Sendable {
    /// A value in the mapping: a scalar's text, or another kind of node.
    enum Value: Sendable {
        case scalar(String, isPlain: Bool)
        case mapping(YAMLMapping)
        /// A list of single values (`[en, de]`), each with its line.
        case list([(text: String, line: Int)])
        case other(kind: String)
    }

    struct Entry: Sendable {
        let value: Value
        let line: Int
    }

    private(set) var entries: [String: Entry] = [:]
    private(set) var keyOrder: [String] = []
    let path: String
    let line: Int

    /// Parses YAML text whose first line stands at `firstLine` of the file at `path`.
    /// Empty YAML is an empty mapping; a document that is not a mapping is an error.
    static func parse(_ yaml: String, path: String, firstLine: Int, _ diagnostics: inout Diagnostics) -> YAMLMapping? {
        if let problem = controlCharacterProblem(yaml, path: path, firstLine: firstLine) {
            diagnostics.add(problem)
            return nil
        }
        let node: Node?
        do {
            // The basic resolver tags nothing by pattern (the default runs regular expressions on
            // every scalar); values are read as text and checked here, which is also stricter.
            // The encoding is given because Yams' default looks it up anew on every call.
            node = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch let error as YamlError {
            diagnostics.add(diagnostic(for: error, path: path, firstLine: firstLine))
            return nil
        } catch {
            diagnostics.error(path, line: firstLine, "the YAML does not parse: \(error)")
            return nil
        }
        guard let node else { return YAMLMapping(path: path, line: firstLine) }
        guard case .mapping(let mapping) = node else {
            let line = (node.mark?.line ?? 1) + firstLine - 1
            diagnostics.error(path, line: line, "expected YAML keys and values (a mapping), found \(kind(of: node))")
            return nil
        }
        return YAMLMapping(mapping, path: path, firstLine: firstLine)
    }

    /// A control character in the YAML itself: refused before parsing, so that the message names
    /// the character and its line (one message, which names the other lines that hold one).
    private static func controlCharacterProblem(_ yaml: String, path: String, firstLine: Int) -> Diagnostic? {
        let found = ControlCharacters.all(in: yaml)
        guard let first = found.first else { return nil }
        var lines: [Int] = []
        for (_, line) in found.dropFirst() where line != first.line && lines.last != line + firstLine {
            lines.append(line + firstLine)
        }
        let others = lines.isEmpty ? "" : " (\(lines.count == 1 ? "line" : "lines") \(lines.prefix(10).map(String.init).joined(separator: ", "))\(lines.count > 10 ? ", ..." : "") \(lines.count == 1 ? "has" : "have") more)"
        return .error(path, line: first.line + firstLine,
                      "this line holds \(ControlCharacters.name(first.scalar))\(others); delete it: front matter and settings may not hold control characters, which text pasted from a word processor often brings")
    }

    private init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    private init(_ mapping: Node.Mapping, path: String, firstLine: Int) {
        self.path = path
        self.line = (mapping.mark?.line ?? 1) + firstLine - 1
        for (key, value) in mapping {
            let name = key.string ?? "\(key)"
            let line = (key.mark?.line ?? 1) + firstLine - 1
            let converted: Value
            switch value {
            case .scalar(let scalar):
                converted = .scalar(scalar.string, isPlain: scalar.style == .plain)
            case .mapping(let inner):
                converted = .mapping(YAMLMapping(inner, path: path, firstLine: firstLine))
            case .sequence(let items) where items.allSatisfy({ $0.scalar != nil }):
                converted = .list(items.map { (text: $0.scalar?.string ?? "", line: ($0.mark?.line ?? 1) + firstLine - 1) })
            default:
                converted = .other(kind: YAMLMapping.kind(of: value))
            }
            if entries[name] == nil { keyOrder.append(name) }
            entries[name] = Entry(value: converted, line: line)
        }
    }

    /// The line of a key, or of the mapping itself when the key is absent.
    func line(of key: String) -> Int { entries[key]?.line ?? line }

    /// Warns of each key that is not among `known`: most often a typo.
    func warnOfUnknownKeys(known: Set<String>, in what: String, _ diagnostics: inout Diagnostics) {
        for key in keyOrder where !known.contains(key) {
            diagnostics.warning(path, line: line(of: key), "unknown key '\(key)' in \(what); it is ignored")
        }
    }

    // MARK: Typed reads. Each returns nil when the key is absent and appends a problem when it is malformed.

    /// `text` without leading and trailing white space: what Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` removes (the Unicode White_Space
    /// characters), without its cost, which showed in a build's profile at three values a version.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// A non-empty text value. An explicit null (`~`, `null` or nothing) counts as absent.
    /// `keepingQuotedSpaces`: a quoted value keeps its spaces at the ends (a theme's string
    /// that runs into a value the template places after it).
    func string(_ key: String, keepingQuotedSpaces: Bool = false, _ diagnostics: inout Diagnostics) -> String? {
        guard let entry = entries[key] else { return nil }
        switch entry.value {
        case .scalar(let text, let isPlain):
            if isPlain && ["", "~", "null", "Null", "NULL"].contains(text) { return nil }
            let trimmed = keepingQuotedSpaces && !isPlain ? text : Self.trimmed(text)
            // A double-quoted value can write one as an escape ("\f", "\e", "\x1b").
            if let found = ControlCharacters.first(in: trimmed) {
                diagnostics.error(path, line: entry.line, "'\(key)' holds \(ControlCharacters.name(found.scalar)), written as an escape sequence; remove it")
                return nil
            }
            if trimmed.isEmpty {
                diagnostics.error(path, line: entry.line, "'\(key)' is empty")
                return nil
            }
            return trimmed
        case .mapping, .list, .other:
            diagnostics.error(path, line: entry.line, "'\(key)' must be text, found \(entry.value.kindName)")
            return nil
        }
    }

    /// A text value that must be there; absent, null or empty is reported as missing.
    func required(_ key: String, _ explanation: String, _ diagnostics: inout Diagnostics) -> String? {
        let known = diagnostics.all.count
        if let value = string(key, &diagnostics) { return value }
        if diagnostics.all.count == known {
            diagnostics.error(path, line: line(of: key), "missing '\(key)': \(explanation)")
        }
        return nil
    }

    /// A `YYYY-MM-DD` day; `required` explains the key when it must be there.
    func day(_ key: String, required explanation: String? = nil, _ diagnostics: inout Diagnostics) -> CalendarDay? {
        let text = if let explanation { required(key, explanation, &diagnostics) } else { string(key, &diagnostics) }
        guard let text else { return nil }
        guard let day = CalendarDay(iso: text) else {
            let looksLikeDate = text.utf8.count == 10 && text.utf8.filter { $0 == UInt8(ascii: "-") }.count == 2
            let reason = looksLikeDate ? "is not a real date" : "is not a date in the form YYYY-MM-DD"
            diagnostics.error(path, line: line(of: key), "'\(key)' \(text) \(reason)")
            return nil
        }
        return day
    }

    func bool(_ key: String, _ diagnostics: inout Diagnostics) -> Bool? {
        guard let text = string(key, &diagnostics) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            diagnostics.error(path, line: line(of: key), "'\(key)' must be true or false, found '\(text)'")
            return nil
        }
    }

    func integer(_ key: String, in range: ClosedRange<Int>, _ diagnostics: inout Diagnostics) -> Int? {
        guard let text = string(key, &diagnostics) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            diagnostics.error(path, line: line(of: key), "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound), found '\(text)'")
            return nil
        }
        return value
    }

    func mapping(_ key: String, _ diagnostics: inout Diagnostics) -> YAMLMapping? {
        guard let entry = entries[key] else { return nil }
        if case .mapping(let inner) = entry.value { return inner }
        if case .scalar(let text, true) = entry.value, ["", "~", "null"].contains(text) { return nil }
        diagnostics.error(path, line: entry.line, "'\(key)' must be a mapping of keys and values, found \(entry.value.kindName)")
        return nil
    }

    /// A list of single values with their lines; a single value counts as a list of one. Nil
    /// when absent or null; a problem when it is a mapping or a list of other things.
    func list(_ key: String, _ diagnostics: inout Diagnostics) -> [(text: String, line: Int)]? {
        guard let entry = entries[key] else { return nil }
        switch entry.value {
        case .list(let items):
            return items.map { (text: Self.trimmed($0.text), line: $0.line) }
        case .scalar(let text, let isPlain):
            if isPlain && ["", "~", "null", "Null", "NULL"].contains(text) { return nil }
            return [(text: Self.trimmed(text), line: entry.line)]
        case .mapping, .other:
            diagnostics.error(path, line: entry.line, "'\(key)' must be a list such as [en, de], found \(entry.value.kindName)")
            return nil
        }
    }

    /// The keys and their text values, in the file's order: for a mapping of free keys, such as
    /// a theme's strings. Values that are not text are reported.
    func texts(keepingQuotedSpaces: Bool = false, _ diagnostics: inout Diagnostics) -> [(key: String, value: String, line: Int)] {
        keyOrder.compactMap { key in
            guard let entry = entries[key] else { return nil }
            if case .mapping = entry.value { return nil }
            return string(key, keepingQuotedSpaces: keepingQuotedSpaces, &diagnostics).map { (key, $0, entry.line) }
        }
    }

    /// The keys whose values are mappings, with them, in the file's order.
    var mappings: [(key: String, value: YAMLMapping)] {
        keyOrder.compactMap { key in
            if case .mapping(let inner)? = entries[key]?.value { return (key, inner) }
            return nil
        }
    }

    private static func kind(of node: Node) -> String {
        switch node {
        case .scalar: return "a single value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private static func diagnostic(for error: YamlError, path: String, firstLine: Int) -> Diagnostic {
        func at(_ mark: Mark, _ problem: String) -> Diagnostic {
            .error(path, line: mark.line + firstLine - 1, "the YAML does not parse: \(problem)")
        }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return at(mark, plainProblem(problem))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return at(context.mark, "the key '\(duplicates.joined(separator: "', '"))' is given twice")
        default:
            return .error(path, line: firstLine, "the YAML does not parse; check the quoting and the indentation of its lines")
        }
    }

    /// How deep libyaml lets lists and mappings nest (its default, `MAX_NESTING_LEVEL`).
    static let maximumNesting = 1000

    /// libyaml's problem in plain words, with what to do. Its own text names its parser's states
    /// and, for nesting, one of its C functions: that never reaches the user. A problem not
    /// known here is kept only if it reads as words.
    static func plainProblem(_ problem: String) -> String {
        let known: [(start: String, plain: String)] = [
            ("Maximum nesting level reached", "it is nested too deeply (at most \(maximumNesting) levels of lists and mappings); write the value flat, and quote it if it holds '[' or '{'"),
            ("found character that cannot start any token", "a character that cannot start a value (such as a tab, '@' or '`'); put the value in quotes"),
            ("could not find expected ':'", "a key without ':' after it; write each setting as key: value"),
            ("mapping values are not allowed", "a ':' followed by a space inside a value; put the value in quotes"),
            ("block sequence entries are not allowed", "a '- ' list item where none can stand; check the indentation, or put the value in quotes"),
            ("did not find expected key", "a line that is not a key at this indentation; check the indentation, or put a value that starts with a special character in quotes"),
            ("did not find expected ',' or ']'", "a list in [ ] is not closed; close it with ']', or put the value in quotes"),
            ("did not find expected ',' or '}'", "a mapping in { } is not closed; close it with '}', or put the value in quotes"),
            ("found unexpected end of stream", "a quoted value is not closed; end it with the quote it begins with"),
            ("found unexpected document indicator", "a quoted value is not closed before a '---' or '...' line; end it with the quote it begins with"),
            ("found unknown escape character", "an unknown escape after '\\' in a double-quoted value; write '\\\\' for a backslash, or use single quotes"),
            ("did not find expected hexdecimal number", "an escape such as '\\x' or '\\u' without its hexadecimal digits in a double-quoted value; write '\\\\' for a backslash, or use single quotes"),
            ("found invalid Unicode character escape code", "a '\\u' escape that is not a character in a double-quoted value; write '\\\\' for a backslash, or use single quotes"),
            ("did not find expected node content", "a value is missing, or starts with a character that cannot start one; put the value in quotes"),
            ("found undefined tag handle", "a value starts with '!', which YAML reads as a tag; put the value in quotes"),
            ("did not find expected alphabetic or numeric character", "a value starts with '&' or '*', which YAML reads as an anchor or alias; put the value in quotes"),
            ("found a tab character", "a tab where the indentation must be spaces; indent with spaces"),
            ("found undefined alias", "a value starts with '*', which YAML reads as an alias; put the value in quotes"),
            ("found unexpected ':'", "a ':' inside a value; put the value in quotes"),
        ]
        if let found = known.first(where: { problem.hasPrefix($0.start) }) { return found.plain }
        let readsAsWords = problem.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || " ',.:-%!".unicodeScalars.contains($0) }
        return readsAsWords
            ? "\(problem); check the quoting and the indentation of this line"
            : "check the quoting and the indentation of this line"
    }
}

extension YAMLMapping.Value {
    var kindName: String {
        switch self {
        case .scalar: return "a single value"
        case .mapping: return "a mapping"
        case .list: return "a list"
        case .other(let kind): return kind
        }
    }
}
