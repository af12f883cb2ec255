/// A registered user's address, checked: a dot-atom local part, `@`, and a domain name of at
/// least two labels (RFC 5321 and 5322, with UTF-8 allowed as RFC 6531 does). Quoted local parts
/// and address literals are refused: they are legal but no sign-up form produces them, and a
/// legal notice should not be sent on a guess. A valid address holds no space, control character,
/// comma, angle bracket or quote, so it is safe on a command line and in a header.
struct EmailAddress: Sendable, Hashable {
    /// The address as the user gave it, without surrounding spaces.
    let text: String
    /// The address lower-cased: two addresses that differ only in case are one user.
    let key: String

    init?(_ raw: ArraySlice<UInt8>) {
        var bytes = raw
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        guard (3...254).contains(bytes.count), let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return nil }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard Self.isDotAtom(local, maxLength: 64), Self.isDomain(domain),
              let text = String(validating: bytes, as: UTF8.self) else { return nil }
        self.text = text
        key = bytes.allSatisfy { $0 < 0x80 } ? String(decoding: bytes.map(Self.asciiLowercased), as: UTF8.self) : text.lowercased()
    }

    private static func isDotAtom(_ part: ArraySlice<UInt8>, maxLength: Int) -> Bool {
        guard (1...maxLength).contains(part.count), part.first != UInt8(ascii: "."), part.last != UInt8(ascii: ".") else { return false }
        var previous: UInt8 = 0
        for byte in part {
            if byte == UInt8(ascii: ".") {
                if previous == byte { return false }
            } else if !isAtomText(byte) {
                return false
            }
            previous = byte
        }
        return true
    }

    private static func isDomain(_ domain: ArraySlice<UInt8>) -> Bool {
        guard (1...253).contains(domain.count) else { return false }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: "-") || $0 >= 0x80 }
        }
    }

    /// RFC 5322 `atext`, plus any UTF-8 byte (RFC 6531).
    static func isAtomText(_ byte: UInt8) -> Bool {
        if isLetterOrDigit(byte) || byte >= 0x80 { return true }
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
             UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
             UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }
}
