import Crypto
import Foundation
@testable import PolicySiteNotices
import Testing

/// The signed token of the unsubscribe link: what the site's application verifies.
@Suite struct UnsubscribeTokenTests {
    let signer = UnsubscribeToken(key: String(repeating: "0123456789abcdef", count: 4))!

    @Test func aGenuineTokenGivesBackItsSubjectAndCategory() throws {
        let token = signer.sign(subject: "id:1001", category: "plimus")
        let verified = try #require(signer.verify(token))
        #expect(verified.subject == "id:1001" && verified.category == "plimus")
        #expect(token.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }, "URL-safe without escaping")
    }

    @Test func theTokenIsTheDocumentedHMAC() throws {
        // What docs/notifications.md tells an application to compute.
        let key = SymmetricKey(data: Data(String(repeating: "0123456789abcdef", count: 4).utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("policysite-unsubscribe-v1\u{0}terms\u{0}email:ada@example.com".utf8), using: key)
        let token = signer.sign(subject: UnsubscribeToken.subject(id: "", addressKey: "ada@example.com"), category: "terms")
        #expect(token.split(separator: ".").last.map(String.init) == UnsubscribeToken.base64URL(Data(mac)))
    }

    @Test func aTamperedTruncatedOrMovedTokenIsRefused() throws {
        let token = signer.sign(subject: "id:1001", category: "plimus")
        let parts = token.split(separator: ".").map(String.init)
        let otherSubject = UnsubscribeToken.base64URL(Data("id:1002".utf8))
        let otherCategory = UnsubscribeToken.base64URL(Data("planet-mirror".utf8))
        var flipped = Array(parts[2])
        flipped[5] = flipped[5] == "A" ? "B" : "A"
        for forged in [
            [otherSubject, parts[1], parts[2]].joined(separator: "."),     // another user
            [parts[0], otherCategory, parts[2]].joined(separator: "."),    // another category
            [parts[0], parts[1], String(flipped)].joined(separator: "."),  // a changed MAC
            String(token.dropLast(4)),                                     // truncated
            parts[0] + "." + parts[1],                                     // no MAC
            token + ".x", "", "...", "not a token",
        ] {
            #expect(signer.verify(forged) == nil, "accepted \(forged)")
        }
        let otherKey = try #require(UnsubscribeToken(key: String(repeating: "x", count: 32)))
        #expect(otherKey.verify(token) == nil)
    }

    @Test func aShortKeyIsRefused() {
        #expect(UnsubscribeToken(key: String(repeating: "k", count: 31)) == nil)
    }
}
