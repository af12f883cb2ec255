import Foundation

/// A command of the client, as bytes on the wire (RFC 5321 section 4.1). Each ends with CRLF;
/// arguments are checked when the command is made, so no CR, LF or other control byte from an
/// address or a name can end a command early and start another.
package struct SMTPCommand: Sendable, Hashable {
    /// The bytes to send, CRLF included.
    package let bytes: [UInt8]
    /// What to call it in a message (`MAIL`, `RCPT`, the message's content), never its arguments.
    package let name: String

    private init(_ line: String, name: String) {
        bytes = Array(line.utf8) + [0x0D, 0x0A]
        self.name = name
    }

    private init(bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    /// Why a command cannot be made from a value.
    package struct Refused: Error, Sendable, Hashable, CustomStringConvertible {
        package var description: String
    }

    package static func ehlo(_ domain: String) throws(Refused) -> SMTPCommand {
        SMTPCommand("EHLO " + (try plain(domain, what: "the EHLO name")), name: "EHLO")
    }

    package static let startTLS = SMTPCommand("STARTTLS", name: "STARTTLS")
    package static let rset = SMTPCommand("RSET", name: "RSET")
    package static let quit = SMTPCommand("QUIT", name: "QUIT")
    package static let data = SMTPCommand("DATA", name: "DATA")

    /// `MAIL FROM:<address>`, with `SIZE=n` when the server announced SIZE and `SMTPUTF8` when
    /// an address needs it.
    package static func mail(from address: String, size: Int?, smtpUTF8: Bool = false) throws(Refused) -> SMTPCommand {
        var line = "MAIL FROM:<\(try mailbox(address, what: "the sender's address"))>"
        if let size { line += " SIZE=\(size)" }
        if smtpUTF8 { line += " SMTPUTF8" }
        return SMTPCommand(line, name: "MAIL")
    }

    package static func rcpt(to address: String) throws(Refused) -> SMTPCommand {
        SMTPCommand("RCPT TO:<\(try mailbox(address, what: "the recipient's address"))>", name: "RCPT")
    }

    /// `AUTH PLAIN <base64>` with the initial response (RFC 4616): no authorization identity,
    /// the user name and the password.
    package static func authPlain(user: String, password: String) -> SMTPCommand {
        let token = [0] + Array(user.utf8) + [0] + Array(password.utf8)
        return SMTPCommand("AUTH PLAIN " + Data(token).base64EncodedString(), name: "AUTH PLAIN")
    }

    package static let authLogin = SMTPCommand("AUTH LOGIN", name: "AUTH LOGIN")

    /// A line answering a 334 challenge: the text, base64-encoded.
    package static func authResponse(_ text: String) -> SMTPCommand {
        SMTPCommand(Data(text.utf8).base64EncodedString(), name: "AUTH")
    }

    /// The message after the 354 reply to DATA: line ends made CRLF (a bare CR or LF becomes
    /// CRLF), a line that starts with a dot gets a second one (RFC 5321 section 4.5.2), and the
    /// end is `CRLF.CRLF`.
    package static func content(_ message: [UInt8]) -> SMTPCommand {
        var out = lines(message, dotStuffed: true)
        out += [UInt8(ascii: "."), 0x0D, 0x0A]
        return SMTPCommand(bytes: out, name: "the message")
    }

    /// The message as one chunk, the last (RFC 3030): `BDAT <size> LAST`, then the message with
    /// its line ends made CRLF and nothing else changed. The server counts the bytes, so there is
    /// no dot-stuffing and no final dot, and no 354 to wait for before sending it.
    package static func bdat(_ message: [UInt8]) -> SMTPCommand {
        let body = lines(message, dotStuffed: false)
        return SMTPCommand(bytes: Array("BDAT \(body.count) LAST\r\n".utf8) + body, name: "the message")
    }

    /// The message's lines, each ending in CRLF (CRLF is one line end; so is a lone CR or a lone
    /// LF), with a dot doubled at the start of a line if `dotStuffed`.
    private static func lines(_ message: [UInt8], dotStuffed: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 64 + 5)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            if byte == 0x0D || byte == 0x0A {
                out.append(0x0D)
                out.append(0x0A)
                if byte == 0x0D, index + 1 < message.count, message[index + 1] == 0x0A { index += 1 }
                atLineStart = true
            } else {
                if dotStuffed && atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
                out.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { out += [0x0D, 0x0A] }
        return out
    }

    /// A mailbox as it goes between `<` and `>`: printable, no space, no angle bracket; UTF-8
    /// only where the caller checked the server takes it.
    private static func mailbox(_ address: String, what: String) throws(Refused) -> String {
        guard !address.isEmpty, address.utf8.count <= 320 else { throw Refused(description: "\(what) is empty or too long") }
        for byte in address.utf8 where byte < 0x21 || byte == 0x7F || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") {
            throw Refused(description: "\(what) holds a space, a control character or an angle bracket")
        }
        return address
    }

    private static func plain(_ text: String, what: String) throws(Refused) -> String {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw Refused(description: "\(what) must be printable ASCII without spaces")
        }
        return text
    }
}
