/// Characters that no source may carry into a page, a feed or the terminal: the C0 controls but
/// tab, line feed and carriage return (form feed and vertical tab come with text pasted from
/// Word; NUL and ESC with damaged or crafted files), DEL, the C1 controls U+0080–U+009F, and
/// U+FFFE and U+FFFF. XML 1.0 forbids the C0 ones and the last two, so one of them makes a feed
/// or a sitemap not well-formed; the rest are invisible at best and move a terminal's cursor or
/// change its colours at worst.
package enum ControlCharacters {
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    /// Whether the text holds a forbidden character. A scan of the UTF-8 bytes: every version's
    /// text goes through it, and nearly all hold none.
    static func occur(in text: some StringProtocol) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ occur(inUTF8: $0) }) { return found }
        var copy = String(text)
        return copy.withUTF8 { occur(inUTF8: $0) }
    }

    /// Eight bytes at a time: a word with no byte below 0x20 and none above 0x7E (the usual
    /// case for English text) holds none, and only other words are looked at byte by byte.
    /// Every body and every page goes through here, a few hundred megabytes in a large build.
    private static func occur(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let below20 = (word &- 0x20 &* ones) & ~word & highBits
            let above7E = ((word &+ ones) | word) & highBits
            if below20 | above7E != 0 {
                for at in index..<index + 8 where isForbidden(byteAt: at, in: bytes) { return true }
            }
            index += 8
        }
        for at in index..<bytes.count where isForbidden(byteAt: at, in: bytes) { return true }
        return false
    }

    /// Whether a forbidden character starts at this byte.
    private static func isForbidden(byteAt index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let byte = bytes[index]
        if byte < 0x20 { return byte != 0x09 && byte != 0x0A && byte != 0x0D }
        if byte == 0x7F { return true }
        // U+0080–U+009F are C2 80 … C2 9F.
        if byte == 0xC2 { return index + 1 < bytes.count && bytes[index + 1] <= 0x9F }
        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        if byte == 0xEF { return index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE }
        return false
    }

    /// The text without its forbidden characters, and how many were removed.
    package static func removed(from text: String) -> (text: String, count: Int) {
        guard occur(in: text) else { return (text, 0) }
        var kept = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if isForbidden(scalar) { count += 1 } else { kept.append(scalar) }
        }
        return (String(kept), count)
    }

    /// The first forbidden character of a text and the 0-based line it stands on.
    package static func first(in text: some StringProtocol) -> (scalar: Unicode.Scalar, line: Int)? {
        guard occur(in: text) else { return nil }
        var line = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" { line += 1 } else if isForbidden(scalar) { return (scalar, line) }
        }
        return nil
    }

    /// Every forbidden character of a text, with the 0-based line it stands on.
    package static func all(in text: some StringProtocol) -> [(scalar: Unicode.Scalar, line: Int)] {
        guard occur(in: text) else { return [] }
        var found: [(scalar: Unicode.Scalar, line: Int)] = []
        var line = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" { line += 1 } else if isForbidden(scalar) { found.append((scalar, line)) }
        }
        return found
    }

    /// The character as a person reads it in a message: "a form feed (U+000C)".
    package static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let what: String
        switch scalar.value {
        case 0x00: what = "a NUL character"
        case 0x08: what = "a backspace"
        case 0x0B: what = "a vertical tab"
        case 0x0C: what = "a form feed"
        case 0x1B: what = "an escape character"
        case 0x7F: what = "a delete character"
        case 0xFFFE, 0xFFFF: what = "a noncharacter"
        default: what = "a control character"
        }
        return "\(what) (\(code))"
    }

    /// Whether the terminal gets this character escaped: each forbidden one, and those that let
    /// a file name, a label or a path forge or reorder what a terminal shows: line feed and
    /// carriage return (a name that starts a new line can print a fake `path:1: error:` line),
    /// the line and paragraph separators U+2028 and U+2029, and the bidirectional controls
    /// (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which reverse text on screen.
    static func isEscapedOnTerminal(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0D, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return isForbidden(scalar)
        }
    }

    /// The text with each character that `isEscapedOnTerminal` names written as a Swift escape
    /// (`\u{1B}`, `\u{A}`), for one line on the terminal: a crafted file name or title cannot
    /// move the cursor, change the colours, start a line of its own or reverse the text. What
    /// goes into files is not escaped: this is for the terminal only.
    package static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isEscapedOnTerminal) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isEscapedOnTerminal(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
