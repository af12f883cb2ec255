/// One line of a document being imported, with the line it came from in the input file, so
/// that every note and problem names the line a person can find.
struct DocumentLine: Sendable, Hashable {
    /// The 1-based line in the input file; for a line import made (a blank line after a heading),
    /// the line it was made beside.
    var number: Int
    var text: String

    var isBlank: Bool { text.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\u{A0}" } }

    /// The lines of a decoded text: `\r\n` and a lone `\r` end a line as `\n` does. (Split on
    /// bytes: Swift's `Character` holds `\r\n` as one, so a split on "\n" misses it.)
    static func split(_ text: String) -> [DocumentLine] {
        var lines: [DocumentLine] = []
        let bytes = Array(text.utf8)
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(DocumentLine(number: lines.count + 1, text: String(decoding: bytes[start..<index], as: UTF8.self)))
                if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count {
            lines.append(DocumentLine(number: lines.count + 1, text: String(decoding: bytes[start...], as: UTF8.self)))
        }
        return lines
    }
}
