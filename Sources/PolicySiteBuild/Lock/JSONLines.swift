/// The line of each value in a JSON text, and the line and nature of the first damage, so that a
/// problem in `policysite.lock` can be reported at `policysite.lock:LINE` (JSONDecoder says
/// neither where a value is nor, on every platform, where the text is broken).
struct JSONLines {
    /// A value's place: object keys, and array positions as decimal numbers.
    typealias Path = [String]

    /// The 1-based line where each value starts, by path.
    private(set) var lines: [Path: Int] = [:]
    /// A string value's text, or a scalar's token, by path.
    private(set) var tokens: [Path: String] = [:]
    /// Where the text stops being JSON, and what is wrong there; nil when it is valid.
    private(set) var damage: (line: Int, problem: String)?

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }  // a byte order mark, as some editors write
        do throws(Damage) {
            skipSpace()
            try value(at: [], depth: 0)
            skipSpace()
            if index < bytes.count { throw Damage(problem: "more text after the end of the lock") }
        } catch {
            damage = (line, error.problem)
        }
    }

    /// The line of the value at `path`, or of its nearest enclosing value.
    func line(of path: Path) -> Int? {
        var path = path
        while true {
            if let line = lines[path] { return line }
            if path.isEmpty { return nil }
            path.removeLast()
        }
    }

    private struct Damage: Error { var problem: String }

    private mutating func value(at path: Path, depth: Int) throws(Damage) {
        guard depth < 64 else { throw Damage(problem: "values nested too deep") }
        guard index < bytes.count else { throw Damage(problem: "the text ends where a value should be") }
        lines[path] = line
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            skipSpace()
            if peek(UInt8(ascii: "}")) { index += 1; return }
            while true {
                guard peek(UInt8(ascii: "\"")) else { throw Damage(problem: "expected a key in double quotes") }
                let key = try string()
                skipSpace()
                guard peek(UInt8(ascii: ":")) else { throw Damage(problem: "expected ':' after the key \"\(key)\"") }
                index += 1
                skipSpace()
                try value(at: path + [key], depth: depth + 1)
                skipSpace()
                if peek(UInt8(ascii: ",")) { index += 1; skipSpace(); continue }
                if peek(UInt8(ascii: "}")) { index += 1; return }
                throw Damage(problem: index < bytes.count ? "expected ',' or '}' after the value of \"\(key)\"" : "the text ends inside an object")
            }
        case UInt8(ascii: "["):
            index += 1
            skipSpace()
            if peek(UInt8(ascii: "]")) { index += 1; return }
            var position = 0
            while true {
                try value(at: path + [String(position)], depth: depth + 1)
                position += 1
                skipSpace()
                if peek(UInt8(ascii: ",")) { index += 1; skipSpace(); continue }
                if peek(UInt8(ascii: "]")) { index += 1; return }
                throw Damage(problem: index < bytes.count ? "expected ',' or ']' in a list" : "the text ends inside a list")
            }
        case UInt8(ascii: "\""):
            tokens[path] = try string()
        default:
            let start = index
            while index < bytes.count, !Self.delimiters.contains(bytes[index]) { index += 1 }
            let token = String(decoding: bytes[start..<index], as: UTF8.self)
            guard Self.isScalar(token) else {
                index = start
                throw Damage(problem: token.isEmpty ? "expected a value" : "'\(token.prefix(20))' is not a JSON value")
            }
            tokens[path] = token
        }
    }

    private mutating func string() throws(Damage) -> String {
        index += 1
        var text: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else { throw Damage(problem: "the text ends inside a string") }
                text.append(bytes[index + 1])
                index += 2
            case UInt8(ascii: "\n"):
                throw Damage(problem: "a string runs past the end of its line (a '\"' is missing)")
            default:
                if byte < 0x20 { throw Damage(problem: "a control character inside a string") }
                text.append(byte)
                index += 1
            }
        }
        throw Damage(problem: "the text ends inside a string")
    }

    private mutating func skipSpace() {
        while index < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")].contains(bytes[index]) {
            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private static let delimiters: Set<UInt8> = Set(" \t\r\n,:[]{}\"".utf8)

    private static func isScalar(_ token: String) -> Bool {
        if ["true", "false", "null"].contains(token) { return true }
        guard let first = token.utf8.first, first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return Double(token)?.isFinite == true
    }
}
