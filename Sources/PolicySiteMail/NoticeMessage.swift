import Crypto
import Foundation
import PolicySiteNotices
import PolicySiteSupport

/// One notice email (SPEC section 5): RFC 5322 with CRLF line ends, `multipart/alternative` with
/// a text part, then an HTML part, both quoted-printable UTF-8. Every header is built from typed
/// values by `HeaderText`, so nothing a user or a template wrote can add a header.
struct NoticeMessage: Sendable {
    /// `<…@domain>`: the same for a notice and a recipient however often it is sent.
    let messageID: String
    let bytes: [UInt8]

    struct Parts: Sendable {
        var subject: String
        var text: String
        var html: String
    }

    init(notice: Notice, recipient: Recipient, from: MailAddress, replyTo: MailAddress?, unsubscribeMailto: String?,
         parts: Parts, date: Date) {
        let key = Array(SHA256.hash(data: Data("\(notice.policy)/\(notice.segment)/\(recipient.email.lowercased())".utf8)))
        messageID = "<policysite.\(Hex.encode(key.prefix(16)))@\(from.domain)>"
        let boundary = "=_policysite_\(Hex.encode(key.suffix(8)))"

        var headers: [(String, String)] = [
            ("Date", MailDate.format(date)),
            ("From", HeaderText.mailbox(name: from.name, address: from.address, nameLength: 6)),
            ("To", HeaderText.mailbox(name: recipient.name, address: recipient.email, nameLength: 4)),
        ]
        if let replyTo { headers.append(("Reply-To", HeaderText.mailbox(name: replyTo.name, address: replyTo.address, nameLength: 10))) }
        headers.append(("Subject", HeaderText.unstructured(parts.subject, nameLength: "Subject: ".count)))
        headers.append(("Message-ID", messageID))
        headers.append(("MIME-Version", "1.0"))
        headers.append(("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""))
        headers.append(("Auto-Submitted", "auto-generated"))
        var unsubscribe: [String] = []
        let url = HeaderText.sanitized(recipient.unsubscribeURL)
        if url.hasPrefix("https://") && !url.contains(" ") && !url.contains(">") { unsubscribe.append("<\(url)>") }
        if let mailto = unsubscribeMailto.flatMap({ MailAddress($0) }) { unsubscribe.append("<mailto:\(mailto.address)?subject=unsubscribe>") }
        if !unsubscribe.isEmpty {
            headers.append(("List-Unsubscribe", unsubscribe.joined(separator: ",\r\n ")))
            if unsubscribe.first?.hasPrefix("<https://") == true { headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")) }
        }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.text.utf8.count + parts.html.utf8.count * 11 / 10 + 2048)
        for (name, value) in headers { bytes += Array("\(name): \(value)\r\n".utf8) }
        bytes += Array("\r\nThis is a message in text and HTML.\r\n".utf8)
        for (type, body) in [("text/plain", parts.text), ("text/html", parts.html)] {
            bytes += Array("\r\n--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".utf8)
            bytes += QuotedPrintable.encode(body)
        }
        bytes += Array("\r\n--\(boundary)--\r\n".utf8)
        self.bytes = bytes
    }
}
