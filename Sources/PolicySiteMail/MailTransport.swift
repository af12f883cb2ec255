/// What became of one message handed to a transport.
public enum DeliveryOutcome: Sendable, Hashable {
    /// Handed off: the mail system has it.
    case sent
    /// Not now: try again on the next run (sendmail's exit status 75, EX_TEMPFAIL).
    case deferred(String)
    /// Refused: reported, and not tried again.
    case failed(String)
}

/// Where `notify` hands messages: a sendmail-compatible program, or a Maildir.
public protocol MailTransport: Sendable {
    /// Hands one message (RFC 5322 bytes, CRLF line ends) over for one recipient.
    func deliver(_ message: [UInt8], from sender: String, to recipient: String, name: String) -> DeliveryOutcome
}
