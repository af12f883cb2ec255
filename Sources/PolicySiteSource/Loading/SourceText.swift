import Foundation
import PolicySiteSupport

/// A text file of the site, read as UTF-8, with its path relative to the site root for messages.
struct SourceText: Sendable {
    let path: String
    let text: String

    /// Reads a regular file (never waiting on a named pipe), strips a UTF-8 byte order mark, and
    /// reports a file that is not UTF-8 with the line of its first bad byte.
    static func read(_ url: URL, displayPath: String, _ diagnostics: inout Diagnostics) -> SourceText? {
        SourceAccess.readRegularFile(url.path, displayPath: displayPath, &diagnostics).flatMap { decode($0, displayPath: displayPath, &diagnostics) }
    }

    static func decode(_ data: Data, displayPath: String, _ diagnostics: inout Diagnostics) -> SourceText? {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = firstInvalidUTF8Line(bytes)
            diagnostics.error(displayPath, line: line, "the file is not UTF-8 text; save it as UTF-8")
            return nil
        }
        return SourceText(path: displayPath, text: text)
    }

    /// The 1-based line of the first byte sequence that is not valid UTF-8.
    private static func firstInvalidUTF8Line(_ bytes: Data.SubSequence) -> Int {
        var line = 1
        var lineStart = bytes.startIndex
        for index in bytes.indices where bytes[index] == 0x0A {
            if String(validating: bytes[lineStart..<index], as: UTF8.self) == nil { return line }
            line += 1
            lineStart = bytes.index(after: index)
        }
        return line
    }
}
