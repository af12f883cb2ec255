import Crypto
import Foundation

/// The token in a notice's https unsubscribe link: it lets the site's application stop a user's
/// emails without a login, and cannot be forged without `POLICYSITE_TOKEN_KEY`.
///
/// A token is three base64url parts (no padding) joined by dots: `subject.category.mac`, where
/// - `subject` is `id:<the user's id>`, or `email:<the address, lower-cased>` for a user without an id;
/// - `category` is the policy the email is about (its folder name), so a user can stop one policy's emails;
/// - `mac` is HMAC-SHA256, keyed by the UTF-8 bytes of `POLICYSITE_TOKEN_KEY`, over the bytes of
///   `policysite-unsubscribe-v1`, NUL, subject, NUL, category.
/// Verify by recomputing the MAC and comparing in constant time, as `verify` does; the README
/// shows the same in a few lines of Python.
public struct UnsubscribeToken: Sendable {
    /// The least key length accepted, in bytes.
    public static let minimumKeyLength = 32
    static let domain = "policysite-unsubscribe-v1"

    private let key: SymmetricKey

    /// A signer for this key; nil when the key is shorter than `minimumKeyLength` bytes.
    public init?(key: String) {
        guard key.utf8.count >= Self.minimumKeyLength else { return nil }
        self.key = SymmetricKey(data: Data(key.utf8))
    }

    /// The subject of a user: their id, else their address.
    public static func subject(id: String, addressKey: String) -> String {
        id.isEmpty ? "email:" + addressKey : "id:" + id
    }

    public func sign(subject: String, category: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Self.message(subject: subject, category: category), using: key)
        return [Self.base64URL(Data(subject.utf8)), Self.base64URL(Data(category.utf8)), Self.base64URL(Data(mac))].joined(separator: ".")
    }

    /// The subject and category of a genuine token, or nil for one that is malformed or was not
    /// signed with this key. The comparison takes the same time whatever the token.
    public func verify(_ token: String) -> (subject: String, category: String)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let subject = Self.decodeBase64URL(parts[0]), let category = Self.decodeBase64URL(parts[1]),
              let mac = Self.decodeBase64URL(parts[2]), mac.count == SHA256.byteCount,
              let subjectText = String(data: subject, encoding: .utf8), let categoryText = String(data: category, encoding: .utf8),
              HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.message(subject: subjectText, category: categoryText), using: key)
        else { return nil }
        return (subjectText, categoryText)
    }

    private static func message(subject: String, category: String) -> Data {
        Data((domain + "\u{0}" + subject + "\u{0}" + category).utf8)
    }

    static func base64URL(_ data: Data) -> String {
        var text = data.base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    static func decodeBase64URL(_ text: Substring) -> Data? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
