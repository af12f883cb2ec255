import Foundation
import PolicySiteSupport

/// Turns an input file's bytes into text: UTF-8 (with or without a byte order mark), UTF-16 with
/// a byte order mark, else Windows-1252 (which reads Latin-1 files the same, but for the C1
/// controls no Latin-1 text holds). The encoding found is reported; a file with NUL bytes and no
/// UTF-16 mark is binary, not a document.
enum TextDecoding {
    enum Encoding: Sendable, Hashable {
        case utf8, utf8WithMark, utf16, windows1252

        var name: String {
            switch self {
            case .utf8: "UTF-8"
            case .utf8WithMark: "UTF-8 (with a byte order mark, removed)"
            case .utf16: "UTF-16"
            case .windows1252: "Windows-1252"
            }
        }
    }

    struct Decoded: Sendable {
        var text: String
        var encoding: Encoding
        /// For Windows-1252: the line of the first byte that is not UTF-8.
        var firstNonUTF8Line: Int?
        /// For Windows-1252: whether a byte 0x80–0x9F occurs (curly quotes, dashes), which
        /// tells Windows-1252 from Latin-1; without one the two read the file the same.
        var usesWindowsOnlyBytes = false
    }

    enum Failure: Error, Sendable, Hashable {
        case empty
        /// A NUL byte, on this line.
        case binary(line: Int)
        case badUTF16
    }

    static func decode(_ data: Data) -> Result<Decoded, Failure> {
        let bytes = [UInt8](data)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return .failure(.empty) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: data, encoding: .utf16) else { return .failure(.badUTF16) }
            return .success(Decoded(text: text, encoding: .utf16))
        }
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(.binary(line: bytes[..<nul].count { $0 == 0x0A } + 1))
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]), let text = String(validating: bytes.dropFirst(3), as: UTF8.self) {
            return .success(Decoded(text: text, encoding: .utf8WithMark))
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return .success(Decoded(text: text, encoding: .utf8))
        }
        return .success(Decoded(text: Windows1252.decode(bytes), encoding: .windows1252,
                                firstNonUTF8Line: firstNonUTF8Line(bytes),
                                usesWindowsOnlyBytes: bytes.contains { (0x80...0x9F).contains($0) }))
    }

    /// The 1-based line of the first line that is not valid UTF-8.
    private static func firstNonUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}
