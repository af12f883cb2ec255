import Foundation
import PolicySiteNotices

/// Header field bodies built from typed values (RFC 5322, RFC 2047): whatever a value holds, a
/// CR, LF or NUL never reaches the header, and lines stay within 78 characters where they can.
/// The checks work on bytes, since `"\r\n"` is a single Swift Character.
package enum HeaderText {
    /// Text as it may stand in a header: CR, LF, NUL and other control bytes become spaces,
    /// runs of spaces one space, trimmed.
    package static func sanitized(_ text: String) -> String {
        RegisteredUser.cleaned(ArraySlice(text.utf8))
    }

    /// Unstructured text (a Subject): ASCII as it is, folded at spaces; anything else as
    /// encoded words. `nameLength` is the length of `Name: ` before it, for the first line.
    static func unstructured(_ text: String, nameLength: Int) -> String {
        let clean = sanitized(text)
        let words = isPlainASCII(clean) ? clean.split(separator: " ").map(String.init) : encodedWords(clean, firstLineRoom: 78 - nameLength)
        return fold(words: words, firstLineUsed: nameLength)
    }

    /// A mailbox: `Name <address>`, with the name quoted or encoded as it needs, or the address
    /// alone when there is no name. `nameLength` is the length of `Name: ` before it.
    static func mailbox(name: String, address: String, nameLength: Int) -> String {
        let clean = sanitized(name)
        guard !clean.isEmpty else { return address }
        let phrase: [String]
        if isPlainASCII(clean) {
            let isAtoms = clean.utf8.allSatisfy { ($0 < 0x80 && EmailAddress.isAtomText($0)) || $0 == 0x20 }
            phrase = (isAtoms ? clean : quoted(clean)).split(separator: " ").map(String.init)
        } else {
            phrase = encodedWords(clean, firstLineRoom: 78 - nameLength)
        }
        return fold(words: phrase + ["<\(address)>"], firstLineUsed: nameLength)
    }

    /// Printable ASCII that cannot be mistaken for an encoded word.
    private static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !text.contains("=?")
    }

    /// `"text"`, with `\` and `"` escaped.
    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// RFC 2047 `B` encoded words of UTF-8, split between characters, each at most 72
    /// characters, and the first short enough for `firstLineRoom`.
    static func encodedWords(_ text: String, firstLineRoom: Int) -> [String] {
        let prefix = "=?UTF-8?B?", suffix = "?="
        let overhead = prefix.count + suffix.count
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(character.utf8)
            let room = words.isEmpty ? max(4, firstLineRoom - overhead) : 60  // base64 characters
            if chunk.count + bytes.count > room / 4 * 3, !chunk.isEmpty {
                words.append(prefix + Data(chunk).base64EncodedString() + suffix)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(prefix + Data(chunk).base64EncodedString() + suffix) }
        return words
    }

    /// Joins words with spaces, starting a new (folded) line before a word that would pass 78.
    private static func fold(words: [String], firstLineUsed: Int) -> String {
        var result = ""
        var lineLength = firstLineUsed
        for word in words {
            if result.isEmpty {
                result = word
                lineLength += word.count
            } else if lineLength + 1 + word.count > 78 {
                result += "\r\n " + word
                lineLength = 1 + word.count
            } else {
                result += " " + word
                lineLength += 1 + word.count
            }
        }
        return result
    }
}
