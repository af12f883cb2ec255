/// Turns reply lines (without their CRLF) into replies: `250-first`, `250-second`, `250 last` is
/// one reply of three lines. Refuses what is not a reply: a line without a three-digit code, a
/// continuation with another code, a line longer than `maximumLineLength`, a reply of more than
/// `maximumLines` lines. Printable ASCII stays; every other byte of the text becomes `?`, so
/// nothing a server says can move the terminal's cursor.
package struct SMTPReplyParser: Sendable {
    /// RFC 5321 allows 512 octets a reply line; servers write longer ones, but not this long.
    package static let maximumLineLength = 4096
    /// An EHLO reply has a line per extension; no server has this many.
    package static let maximumLines = 200

    private var code: Int?
    private var lines: [String] = []

    package init() {}

    /// Why a line is not part of a reply.
    package struct Malformed: Error, Sendable, Hashable, CustomStringConvertible {
        package var description: String
    }

    /// Whether a reply has begun and not ended.
    package var isInsideReply: Bool { code != nil }

    /// Takes one line; returns the reply it completes, if it completes one.
    package mutating func take(line: some Collection<UInt8>) throws(Malformed) -> SMTPReply? {
        guard line.count <= Self.maximumLineLength else {
            throw Malformed(description: "the server sent a reply line longer than \(Self.maximumLineLength) bytes")
        }
        let bytes = Array(line)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(bytes[0]) else {
            throw Malformed(description: "the server sent a line that is not an SMTP reply (no code from 200 to 599)")
        }
        let lineCode = bytes[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        let separator: UInt8? = bytes.count > 3 ? bytes[3] : nil
        guard separator == nil || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw Malformed(description: "the server sent a line that is not an SMTP reply (no space or hyphen after the code)")
        }
        if let code, code != lineCode {
            throw Malformed(description: "the server changed the code within one reply (\(code), then \(lineCode))")
        }
        code = lineCode
        lines.append(String(decoding: bytes.dropFirst(4).map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self))
        guard lines.count <= Self.maximumLines else {
            throw Malformed(description: "the server sent a reply of more than \(Self.maximumLines) lines")
        }
        guard separator != UInt8(ascii: "-") else { return nil }
        let reply = SMTPReply(code: lineCode, lines: lines)
        code = nil
        lines = []
        return reply
    }
}
