import Foundation
@testable import PolicySiteNotices
import Testing

/// Addresses as mail systems see them (issue 11, case 5): a domain's Unicode and `xn--` forms
/// are one user, sent to in ASCII; what no mail system delivers to is refused with its reason.
@Suite struct AddressNormalisationTests {
    static func address(_ text: String) -> Result<EmailAddress, EmailAddress.Refusal> {
        EmailAddress.parse(ArraySlice(text.utf8))
    }

    @Test func theUnicodeAndTheASCIIFormOfADomainAreOneAddress() throws {
        let unicode = try Self.address("user@bücher.example").get()
        let ascii = try Self.address("user@xn--bcher-kva.example").get()
        let upper = try Self.address("User@XN--BCHER-KVA.Example").get()
        let decomposed = try Self.address("user@bu\u{308}cher.example").get()
        #expect(unicode.key == ascii.key && ascii.key == upper.key && decomposed.key == unicode.key)
        #expect(unicode.mailbox == "user@xn--bcher-kva.example")
        #expect(upper.mailbox == "User@xn--bcher-kva.example", "the local part keeps its case; the domain is lower-cased")
        #expect(unicode.text == "user@bücher.example", "the address as given stays for skipped.csv")
        // ASCII addresses are as before: the key is the address lower-cased.
        let plain = try Self.address(" Ada@Example.COM ").get()
        #expect(plain.key == "ada@example.com" && plain.mailbox == "Ada@example.com" && plain.text == "Ada@Example.COM")
    }

    @Test(arguments: [
        ("ｕｓｅｒ@example.com", "full-width"), ("user@ｅｘａｍｐｌｅ.com", "full-width"), ("user@example．com", "full-width"),
        ("ﬁle@example.com", "compatibility"), ("user@\u{212A}.example", "only looks like an ASCII letter"),
        ("user@exa☃mple.com", "symbol"), ("user@bü_cher.example", nil), ("user@bücher。example", "symbol"),
        ("us\u{200B}er@example.com", "invisible"), ("user\u{A0}@example.com", "invisible"), ("user@bü\u{200D}cher.example", "invisible"),
        ("user@xn--bcher-kv.example", "Punycode"), ("user@xn--bcher.example", "Punycode"), ("user@xn--abc-.example", nil),
        ("user@xn--example-.com", nil), ("user@xn--ls8h.example", "Punycode"), ("user@xn--Bcher-kva.example", nil),
        ("user@ab--cd.example", "'--'"), ("user@" + String(repeating: "ü", count: 60) + ".example", "63"),
        ("user@" + Array(repeating: "münchen", count: 30).joined(separator: ".") + ".example", "253"),
        ("user@1.2.3.4", "ends in a number"), ("user@example", nil), ("user@-bad.example", nil), ("user@\u{301}bc.example", "combining"),
    ] as [(String, String?)])
    func whatNoMailSystemDeliversToIsRefused(_ text: String, _ why: String?) {
        switch Self.address(text) {
        case .success(let address):
            // Upper-case in an xn-- label is only case: it is the same label.
            #expect(text == "user@xn--Bcher-kva.example" && address.mailbox == "user@xn--bcher-kva.example", "\(text) was taken")
        case .failure(let refusal):
            if let why { #expect(refusal.detail?.contains(why) == true, "\(text): \(refusal.detail ?? "no detail")") }
            #expect(refusal.detail.map { !$0.contains("user") && !$0.contains("example") } ?? true, "the reason never repeats the address")
        }
    }

    @Test func unicodeThatMailSystemsTakeIsKept() throws {
        #expect(try Self.address("zoë@exämple.com").get().mailbox == "zoë@xn--exmple-cua.com")
        #expect(try Self.address("用户@例子.测试").get().mailbox == "用户@xn--fsqu00a.xn--0zwm56d")
        #expect(try Self.address("user@straße.example").get().mailbox == "user@xn--strae-oqa.example", "IDNA 2008 keeps ß")
        #expect(try Self.address("user@ΕΛΛΆΔΑ.example").get().key == "user@xn--hxakic4aa.example", "upper case is lowered before encoding")
    }

    /// The two forms in one users file: one user, the second row a duplicate; full-width
    /// letters skipped as invalid-email, with why in the build's warning and never the address.
    @Test func aBuildTellsOneUserOnceWhateverTheFormOfTheirDomain() throws {
        let users = "email,id\nuser@bücher.example,u1\nUSER@xn--bcher-kva.example,u2\nｕｓｅｒ@example.com,u3\nplain@example.com,u4\n"
        let site = try NotificationListTests.site(users: Data(users.utf8), unsubscribeURL: false)
        try site.build(asOf: "2024-02-01")
        let report = try site.build(asOf: "2024-03-02")
        #expect(try site.read("outbox/privacy/2/recipients.csv") == "email,name,locale,unsubscribe_url\r\nuser@xn--bcher-kva.example,,,\r\nplain@example.com,,,\r\n")
        #expect(try site.read("outbox/privacy/2/skipped.csv") == "line,email,id,reason\r\n3,USER@xn--bcher-kva.example,u2,duplicate\r\n4,,u3,invalid-email\r\n")
        let warning = try #require(report.diagnostics.first { $0.path == "users.csv" && $0.line == 4 })
        #expect(warning.message.hasPrefix("no valid email address: the address has full-width or other compatibility characters"))
        #expect(!warning.message.contains("ｕｓｅｒ"))
    }
}
