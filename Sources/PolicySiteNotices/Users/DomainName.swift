import Foundation

/// The domain of an address in the ASCII form that every mail system takes, normalised as IDNA
/// 2008 (RFC 5890 to 5892) does for the cases users meet: lower case, Unicode NFC, and each label
/// with a character outside ASCII written as `xn--` and its Punycode (RFC 3492). An `xn--` label
/// that arrives in ASCII is decoded and checked as if it had been given in Unicode, so both forms
/// of one domain come out the same. What a mail system would not deliver to is refused, with why.
///
/// Deliberately not done: the contextual rules for joiners and the bidirectional rule of RFC 5893
/// (the joiners are refused as invisible characters; a right-to-left label is kept as given), and
/// UTS 46's mappings (a full-width or other compatibility character is refused rather than
/// mapped, since an address that needs mapping was pasted from somewhere it was not typed).
enum DomainName {
    typealias Refusal = EmailAddress.Refusal

    static let compatibilityProblem = "the address has full-width or other compatibility characters (Unicode NFKC would change them); retype it in plain letters"

    /// The domain in lower-case ASCII, or why it is refused.
    static func ascii(_ bytes: ArraySlice<UInt8>) -> Result<String, Refusal> {
        guard (1...1024).contains(bytes.count) else { return .failure(Refusal()) }
        // The labels are checked before their number, so that a full-width or ideographic dot
        // is refused for what it is.
        let labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        for label in labels {
            guard !label.isEmpty else { return .failure(Refusal()) }
            let ascii: [UInt8]
            switch label.allSatisfy({ $0 < 0x80 }) ? asciiLabel(label) : unicodeLabel(label) {
            case .success(let form): ascii = form
            case .failure(let refusal): return .failure(refusal)
            }
            guard ascii.count <= 63 else {
                return .failure(Refusal(detail: "a label of the domain is longer than 63 characters in its ASCII form"))
            }
            if !result.isEmpty { result.append(UInt8(ascii: ".")) }
            result += ascii
        }
        guard labels.count >= 2 else { return .failure(Refusal()) }
        guard result.count <= 253 else { return .failure(Refusal(detail: "the domain is longer than 253 characters in its ASCII form")) }
        if let last = labels.last, last.allSatisfy({ (0x30...0x39).contains($0) }) {
            return .failure(Refusal(detail: "the domain ends in a number, so it is not a domain name"))
        }
        return .success(String(decoding: result, as: UTF8.self))
    }

    /// Whether an ASCII domain is valid and needs nothing but lower-casing: two or more labels
    /// of letters, digits and inner hyphens, none with `--` in its third and fourth places (so
    /// no `xn--` label), at most 63 and 253 characters, not ending in a number. A domain that is
    /// not is read by `ascii`, which says why it is refused.
    static func isPlainASCII(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard (1...253).contains(bytes.count) else { return false }
        var dots = 0
        var labelStart = bytes.startIndex
        for index in bytes.indices where bytes[index] == UInt8(ascii: ".") {
            guard isPlainLabel(bytes[labelStart..<index]) else { return false }
            dots += 1
            labelStart = index + 1
        }
        let last = bytes[labelStart...]
        return dots >= 1 && isPlainLabel(last) && !last.allSatisfy { (0x30...0x39).contains($0) }
    }

    private static func isPlainLabel(_ label: ArraySlice<UInt8>) -> Bool {
        guard (1...63).contains(label.count), label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
        if label.count >= 4, label[label.startIndex + 2] == UInt8(ascii: "-"), label[label.startIndex + 3] == UInt8(ascii: "-") { return false }
        return label.allSatisfy { EmailAddress.isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
    }

    /// An ASCII label: letters, digits and hyphens, lower-cased; an `xn--` label must decode to
    /// a valid Unicode label whose encoding it is.
    private static func asciiLabel(_ label: ArraySlice<UInt8>) -> Result<[UInt8], Refusal> {
        guard label.allSatisfy({ EmailAddress.isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }),
              label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else {
            return .failure(Refusal())
        }
        let lower = label.map(EmailAddress.asciiLowercased)
        guard lower.count >= 4, lower[2] == UInt8(ascii: "-"), lower[3] == UInt8(ascii: "-") else { return .success(lower) }
        guard lower[0] == UInt8(ascii: "x"), lower[1] == UInt8(ascii: "n") else {
            return .failure(Refusal(detail: "a label of the domain has '--' in its third and fourth places, which only 'xn--' labels may have"))
        }
        let encoded = String(decoding: lower.dropFirst(4), as: UTF8.self)
        let badLabel = Refusal(detail: "an 'xn--' label of the domain is not valid Punycode for a domain name (RFC 3492, RFC 5891)")
        guard let scalars = Punycode.decode(encoded), scalars.contains(where: { !$0.isASCII }),
              Punycode.encode(scalars) == encoded else { return .failure(badLabel) }
        let text = String(String.UnicodeScalarView(scalars))
        guard text.lowercased().precomposedStringWithCanonicalMapping == text,
              text.precomposedStringWithCompatibilityMapping == text,
              invisibleCharacterProblem(text) == nil, labelProblem(scalars) == nil else { return .failure(badLabel) }
        return .success(lower)
    }

    /// A label with characters outside ASCII: lower-cased, composed (NFC), checked, then written
    /// as `xn--` and its Punycode.
    private static func unicodeLabel(_ label: ArraySlice<UInt8>) -> Result<[UInt8], Refusal> {
        guard let given = String(validating: label, as: UTF8.self) else { return .failure(Refusal()) }
        if let problem = invisibleCharacterProblem(given) { return .failure(Refusal(detail: problem)) }
        let text = given.lowercased().precomposedStringWithCanonicalMapping
        guard text.precomposedStringWithCompatibilityMapping == text else { return .failure(Refusal(detail: compatibilityProblem)) }
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(where: { !$0.isASCII }) else {
            return .failure(Refusal(detail: "the domain has a character that only looks like an ASCII letter (such as the Kelvin sign); retype it in plain letters"))
        }
        if let problem = labelProblem(scalars) { return .failure(Refusal(detail: problem)) }
        guard let encoded = Punycode.encode(scalars) else { return .failure(Refusal()) }
        return .success(Array(("xn--" + encoded).utf8))
    }

    /// Why a lower-case NFC label is not a domain label: only letters, combining marks, digits
    /// and hyphens, not starting with a mark, not starting or ending with a hyphen, no `--` in
    /// the third and fourth places.
    private static func labelProblem(_ scalars: [Unicode.Scalar]) -> String? {
        for scalar in scalars {
            if scalar.isASCII {
                guard EmailAddress.isLetterOrDigit(UInt8(scalar.value)) || scalar == "-" else { return symbolProblem }
                continue
            }
            switch scalar.properties.generalCategory {
            case .lowercaseLetter, .otherLetter, .modifierLetter, .nonspacingMark, .spacingMark, .decimalNumber: continue
            default: return symbolProblem
            }
        }
        if let first = scalars.first, [.nonspacingMark, .spacingMark].contains(first.properties.generalCategory) {
            return "a label of the domain starts with a combining mark"
        }
        if scalars.first == "-" || scalars.last == "-" || (scalars.count >= 4 && scalars[2] == "-" && scalars[3] == "-") {
            return "a label of the domain starts or ends with a hyphen, or has '--' in its third and fourth places"
        }
        return nil
    }

    private static let symbolProblem = "the domain has a symbol, punctuation mark or space; a domain name has only letters, digits and hyphens"

    /// Why a text has a character that no one can see or type on purpose (a control, format,
    /// separator, private-use or unassigned code point), or nil.
    static func invisibleCharacterProblem(_ text: String) -> String? {
        for scalar in text.unicodeScalars where !scalar.isASCII {
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator, .paragraphSeparator:
                return "the address has an invisible, control or unassigned character (such as a zero-width space or a no-break space)"
            default: continue
            }
        }
        return nil
    }
}
