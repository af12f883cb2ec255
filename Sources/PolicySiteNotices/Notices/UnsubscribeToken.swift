import Crypto
import Foundation

/// The token in a notice's https unsubscribe link: it lets the site's application stop a user's
/// emails without a login, and cannot be forged without `POLICYSITE_TOKEN_KEY`.
///
/// A token is three base64url parts (no padding) joined by dots: `subject.category.mac`, where
/// - `subject` is `id:<the user's id>`, or `email:<the address, lower-cased>` for a user without an id;
/// - `category` is the policy the email is about (its folder name), so a user can stop one policy's emails;
/// - `mac` is HMAC-SHA256, keyed by the UTF-8 bytes of `POLICYSITE_TOKEN_KEY`, over the bytes of
///   `policysite-unsubscribe-v1`, NUL, category, NUL, subject.
/// Verify by recomputing the MAC and comparing in constant time, as `verify` does;
/// docs/notifications.md shows the same in a few lines of Python.
package struct UnsubscribeToken: Sendable {
    /// The least key length accepted, in bytes.
    package static let minimumKeyLength = 32
    static let domain = "policysite-unsubscribe-v1"

    private let key: SymmetricKey
    /// HMAC with the key already absorbed: each token copies it, instead of hashing the key again.
    private let keyed: HMAC<SHA256>

    /// A signer for this key; nil when the key is shorter than `minimumKeyLength` bytes.
    package init?(key: String) {
        guard key.utf8.count >= Self.minimumKeyLength else { return nil }
        self.key = SymmetricKey(data: Data(key.utf8))
        keyed = HMAC<SHA256>(key: self.key)
    }

    /// The subject of a user: their id, else their address.
    package static func subject(id: String, addressKey: String) -> String {
        id.isEmpty ? "email:" + addressKey : "id:" + id
    }

    package func sign(subject: String, category: String) -> String {
        forCategory(category).sign(subject: subject)
    }

    /// A signer for one category, which absorbs the category once for all the tokens it signs.
    package func forCategory(_ category: String) -> CategorySigner {
        var hmac = keyed
        hmac.update(data: Data((Self.domain + "\u{0}" + category + "\u{0}").utf8))
        return CategorySigner(prefixed: hmac, encodedCategory: Self.base64URL(Data(category.utf8)))
    }

    /// Signs tokens of one category.
    package struct CategorySigner: Sendable {
        fileprivate let prefixed: HMAC<SHA256>
        fileprivate let encodedCategory: String

        package func sign(subject: String) -> String {
            var hmac = prefixed
            var subject = subject
            subject.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
            let mac = hmac.finalize()
            return UnsubscribeToken.base64URL(Data(subject.utf8)) + "." + encodedCategory + "." + UnsubscribeToken.base64URL(Data(mac))
        }
    }

    /// The subject and category of a genuine token, or nil for one that is malformed or was not
    /// signed with this key. The comparison takes the same time whatever the token.
    package func verify(_ token: String) -> (subject: String, category: String)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let subject = Self.decodeBase64URL(parts[0]), let category = Self.decodeBase64URL(parts[1]),
              let mac = Self.decodeBase64URL(parts[2]), mac.count == SHA256.byteCount,
              let subjectText = String(data: subject, encoding: .utf8), let categoryText = String(data: category, encoding: .utf8),
              HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.message(subject: subjectText, category: categoryText), using: key)
        else { return nil }
        return (subjectText, categoryText)
    }

    private static func message(subject: String, category: String) -> Data {
        Data((domain + "\u{0}" + category + "\u{0}" + subject).utf8)
    }

    /// Base64 with the URL-safe alphabet (RFC 4648 section 5), without padding.
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedData().withUnsafeBytes { (encoded: UnsafeRawBufferPointer) in
            var length = encoded.count
            while length > 0, encoded[length - 1] == UInt8(ascii: "=") { length -= 1 }
            return String(unsafeUninitializedCapacity: length) { text in
                for index in 0..<length {
                    let byte = encoded[index]
                    text[index] = byte == UInt8(ascii: "+") ? UInt8(ascii: "-") : byte == UInt8(ascii: "/") ? UInt8(ascii: "_") : byte
                }
                return length
            }
        }
    }

    static func decodeBase64URL(_ text: Substring) -> Data? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
