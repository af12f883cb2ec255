import Foundation

/// A registered user's address, checked: a dot-atom local part, `@`, and a domain name of at
/// least two labels (RFC 5321 and 5322, with UTF-8 allowed as RFC 6531 does). Quoted local parts
/// and address literals are refused: they are legal but no sign-up form produces them, and a
/// legal notice should not be sent on a guess. A valid address holds no space, control character,
/// comma, angle bracket or quote, so it is safe on a command line and in a header.
///
/// The domain is normalised as IDNA does (`DomainName`): `user@bücher.example` and
/// `user@XN--BCHER-KVA.example` are one user, sent to as `user@xn--bcher-kva.example`. What no
/// mail system would deliver to is refused: full-width and other compatibility characters,
/// symbols in the domain, invisible characters, a bad `xn--` label, over-long labels or domains.
package struct EmailAddress: Sendable, Hashable {
    /// The address as the user gave it, without surrounding spaces.
    package let text: String
    /// The address to send to: the local part in Unicode NFC, `@`, the domain in lower-case
    /// ASCII (`xn--` labels for non-ASCII ones), which every mail system takes.
    let mailbox: String
    /// `mailbox` with the local part lower-cased: two addresses with the same key are one user.
    let key: String

    /// Why a text is not a deliverable address. `detail` says what a user can fix, in words that
    /// never repeat the address; nil where the text is simply not shaped like an address.
    struct Refusal: Error, Sendable, Hashable {
        var detail: String?
    }

    /// The address in `raw` (a users file's field), or nil when it is not a valid one.
    package init?(_ raw: ArraySlice<UInt8>) {
        guard case .success(let address) = Self.parse(raw) else { return nil }
        self = address
    }

    private init(text: String, mailbox: String, key: String) {
        self.text = text
        self.mailbox = mailbox
        self.key = key
    }

    /// The address as given, lower-cased: the subject of an unsubscribe token for a user without
    /// an id (`UnsubscribeToken.subject`), which the site's application matches against its own
    /// records, so it keeps the form the user gave.
    var lowercasedText: String {
        // An ASCII address's key is the address lower-cased (its domain has nothing else to normalise).
        text.utf8.allSatisfy { $0 < 0x80 } ? key : text.lowercased()
    }

    /// Reads and normalises an address, or says why it is refused.
    static func parse(_ raw: ArraySlice<UInt8>) -> Result<EmailAddress, Refusal> {
        var bytes = raw
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        // 254 bytes in ASCII; a Unicode domain may be longer in UTF-8 than in its ASCII form.
        guard (3...1024).contains(bytes.count), let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return .failure(Refusal()) }
        let local = bytes[..<at]
        guard isDotAtom(local, maxLength: 64), let text = String(validating: bytes, as: UTF8.self) else { return .failure(Refusal()) }
        if bytes.count <= 254, bytes.allSatisfy({ $0 < 0x80 }), DomainName.isPlainASCII(bytes[(at + 1)...]) {
            // The common case, byte by byte: the key is the address lower-cased, and the mailbox
            // is the address as given unless its domain has capitals.
            let key = String(decoding: bytes.map(asciiLowercased), as: UTF8.self)
            let hasCapitals = bytes[(at + 1)...].contains { (0x41...0x5A).contains($0) }
            let mailbox = hasCapitals ? String(decoding: local, as: UTF8.self) + "@" + String(decoding: bytes[(at + 1)...].map(asciiLowercased), as: UTF8.self) : text
            return .success(EmailAddress(text: text, mailbox: mailbox, key: key))
        }
        let domain: String
        switch DomainName.ascii(bytes[(at + 1)...]) {
        case .success(let ascii): domain = ascii
        case .failure(let refusal): return .failure(refusal)
        }
        if local.allSatisfy({ $0 < 0x80 }) {
            let localKey = String(decoding: local.map(asciiLowercased), as: UTF8.self)
            let mailbox = bytes[(at + 1)...].elementsEqual(domain.utf8) ? text : String(decoding: local, as: UTF8.self) + "@" + domain
            guard mailbox.utf8.count <= 254 else { return .failure(Refusal(detail: tooLong)) }
            return .success(EmailAddress(text: text, mailbox: mailbox, key: localKey + "@" + domain))
        }
        let localText = String(decoding: local, as: UTF8.self)
        if let problem = DomainName.invisibleCharacterProblem(localText) { return .failure(Refusal(detail: problem)) }
        let composed = localText.precomposedStringWithCanonicalMapping
        guard composed.precomposedStringWithCompatibilityMapping == composed else {
            return .failure(Refusal(detail: DomainName.compatibilityProblem))
        }
        guard composed.utf8.count <= 64, composed.utf8.count + 1 + domain.utf8.count <= 254 else { return .failure(Refusal(detail: tooLong)) }
        return .success(EmailAddress(text: text, mailbox: composed + "@" + domain, key: composed.lowercased() + "@" + domain))
    }

    private static let tooLong = "the address is longer than a mail system takes (64 bytes before the @, 254 in all with the domain in ASCII)"

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

    /// RFC 5322 `atext`, plus any UTF-8 byte (RFC 6531).
    package static func isAtomText(_ byte: UInt8) -> Bool {
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

    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }
}
