/// What a server said it can do in its reply to EHLO (RFC 5321 section 4.1.1.1): each line after
/// the first is an extension keyword and its parameters.
package struct SMTPCapabilities: Sendable, Hashable {
    /// STARTTLS (RFC 3207).
    package var startTLS = false
    /// PIPELINING (RFC 2920): MAIL, RCPT and DATA may be sent together.
    package var pipelining = false
    /// SIZE (RFC 1870): the largest message, in bytes, or nil when it set none (or 0: no limit).
    package var sizeLimit: Int?
    /// Whether it announced SIZE at all (then MAIL carries `SIZE=`).
    package var size = false
    /// The AUTH mechanisms (RFC 4954), upper-cased.
    package var authMechanisms: Set<String> = []
    /// ENHANCEDSTATUSCODES (RFC 2034).
    package var enhancedStatusCodes = false
    /// SMTPUTF8 (RFC 6531): addresses may hold UTF-8.
    package var smtpUTF8 = false
    /// 8BITMIME (RFC 6152).
    package var eightBitMIME = false
    /// CHUNKING (RFC 3030): the message may go as `BDAT` chunks, counted in bytes, with no `DATA`
    /// to wait for.
    package var chunking = false

    package init() {}

    /// Reads the reply to EHLO. The first line is the server's name, not an extension.
    package init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS": startTLS = true
            case "PIPELINING": pipelining = true
            case "ENHANCEDSTATUSCODES": enhancedStatusCodes = true
            case "SMTPUTF8": smtpUTF8 = true
            case "8BITMIME": eightBitMIME = true
            case "CHUNKING": chunking = true
            case "SIZE":
                size = true
                if words.count > 1, let limit = Int(words[1]), limit > 0 { sizeLimit = limit }
            case "AUTH":
                authMechanisms.formUnion(words.dropFirst())
            default:
                // Old servers wrote `AUTH=LOGIN PLAIN`.
                if keyword.hasPrefix("AUTH=") {
                    authMechanisms.insert(String(keyword.dropFirst(5)))
                    authMechanisms.formUnion(words.dropFirst())
                }
            }
        }
    }
}
