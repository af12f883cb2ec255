import Foundation
@testable import PolicySiteMail
@testable import PolicySiteModel
@testable import PolicySiteNotices
@testable import PolicySiteSupport
import Testing

/// The pieces of a notice email, byte by byte (the whole message is parsed by Python's email
/// package in Tests/python/test_notify.py).
@Suite struct MessageTests {
    @Test(arguments: ["Eve\r\nBcc: victim@example.com", "Eve\nBcc: x@example.com", "Eve\rX-Evil: 1", "Eve\u{0}Bcc: x", "Eve\u{2028}Bcc: x", "Ève\r\nBcc: x"])
    func noInputPutsALineBreakOrNulInAHeader(_ name: String) {
        for value in [HeaderText.mailbox(name: name, address: "eve@example.com", nameLength: 4),
                      HeaderText.unstructured(name, nameLength: 9)] {
            // The only CR or LF allowed is a fold: CRLF followed by a space.
            let bytes = Array(value.utf8)
            for (index, byte) in bytes.enumerated() where byte == 0x0D || byte == 0x0A || byte == 0 {
                #expect(byte == 0x0D && index + 2 < bytes.count && bytes[index + 1] == 0x0A && bytes[index + 2] == 0x20, "\(value.debugDescription)")
            }
            #expect(!value.contains("\nBcc") && !value.contains("\nX-Evil"))
        }
    }

    @Test func namesAreQuotedOrEncodedAsTheyNeed() {
        #expect(HeaderText.mailbox(name: "Ada Lovelace", address: "ada@example.com", nameLength: 4) == "Ada Lovelace <ada@example.com>")
        #expect(HeaderText.mailbox(name: "O'Brien, \"The Boss\"", address: "b@example.com", nameLength: 4) == "\"O'Brien, \\\"The Boss\\\"\" <b@example.com>")
        #expect(HeaderText.mailbox(name: "Zoë", address: "z@example.com", nameLength: 4) == "=?UTF-8?B?Wm/Dqw==?= <z@example.com>")
        #expect(HeaderText.mailbox(name: "", address: "n@example.com", nameLength: 4) == "n@example.com")
        // A name that looks like an encoded word is itself encoded, so a reader shows it as typed.
        #expect(HeaderText.mailbox(name: "=?UTF-8?B?x?=", address: "n@example.com", nameLength: 4) == "=?UTF-8?B?PT9VVEYtOD9CP3g/PQ==?= <n@example.com>")
    }

    @Test func encodedWordsSplitBetweenCharactersAndStayShort() {
        let subject = String(repeating: "Politique de confidentialité — ", count: 6)
        let folded = HeaderText.unstructured(subject, nameLength: 9)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        #expect(lines.first.map { $0.count + 9 <= 78 } == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" =?UTF-8?B?") && $0.count <= 78 })
        let decoded = lines.map { line -> String in
            let word = line.trimmingCharacters(in: .whitespaces).dropFirst("=?UTF-8?B?".count).dropLast(2)
            return String(decoding: Data(base64Encoded: String(word)) ?? Data(), as: UTF8.self)
        }.joined()
        #expect(decoded == subject.trimmingCharacters(in: .whitespaces))
    }

    @Test func quotedPrintableKeepsLinesShortAndEncodesWhatItMust() {
        let text = "Café = 100%\nA line with a trailing space \n" + String(repeating: "long ", count: 40) + "\r\nend"
        let encoded = String(decoding: QuotedPrintable.encode(text), as: UTF8.self)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines[0] == "Caf=C3=A9 =3D 100%")
        #expect(lines[1] == "A line with a trailing space=20")
        #expect(!encoded.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare LF")
        #expect(lines.last == "end")
    }

    @Test func theDateIsEnglishAndUTC() {
        #expect(MailDate.format(Date(timeIntervalSince1970: 1_795_325_854)) == "Sun, 22 Nov 2026 05:37:34 +0000")
        #expect(MailDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 1 Jan 1970 00:00:00 +0000")
        #expect(UTCTimestamp.iso(Date(timeIntervalSince1970: 1_795_325_854)) == "2026-11-22T05:37:34Z")
    }

    @Test func theMessageIDIsStablePerNoticeAndRecipient() throws {
        let notice = Notice(policy: "privacy", policyTitle: "Privacy", title: "Privacy", version: "2", segment: "2", previousVersion: "1",
                            published: CalendarDay(iso: "2024-03-01")!, effective: CalendarDay(iso: "2024-04-15")!, material: true,
                            noticeWaived: nil, summary: nil, sha256: "", versionURL: "https://example.com/privacy/versions/2/",
                            changesURL: nil, changes: nil, counts: Notice.Counts())
        let from = try #require(MailAddress("Legal <legal@example.com>"))
        func message(_ email: String, _ date: TimeInterval) -> NoticeMessage {
            NoticeMessage(notice: notice, recipient: Recipient(line: 2, email: email, name: "Ada", locale: "", unsubscribeURL: ""),
                          from: from, replyTo: nil, unsubscribeMailto: nil, parts: .init(subject: "s", text: "t", html: "h"),
                          date: Date(timeIntervalSince1970: date))
        }
        #expect(message("ada@example.com", 0).messageID == message("ADA@example.com", 99).messageID)
        #expect(message("ada@example.com", 0).messageID != message("bob@example.com", 0).messageID)
        #expect(message("ada@example.com", 0).messageID.hasSuffix("@example.com>"))
        #expect(!String(decoding: message("ada@example.com", 0).bytes, as: UTF8.self).contains("List-Unsubscribe"), "no unsubscribe header without a link or an address")
    }

    @Test func senderAddressesAreParsed() {
        #expect(MailAddress("Sample Policies <privacy@example.com>") == MailAddress(name: "Sample Policies", address: "privacy@example.com"))
        #expect(MailAddress("\"Legal, Team\" <legal@example.com>")?.name == "Legal, Team")
        #expect(MailAddress("privacy@example.com") == MailAddress(name: "", address: "privacy@example.com"))
        #expect(MailAddress("Nobody <not an address>") == nil)
        #expect(MailAddress("x@example.com\r\nBcc: y@example.com") == nil)
    }
}
