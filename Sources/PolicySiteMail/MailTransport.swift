/// What became of one message handed to a transport.
package enum DeliveryOutcome: Sendable, Hashable {
    /// Handed off: the mail system has it.
    case sent
    /// Not now: try again on a later run (sendmail's exit status 75, EX_TEMPFAIL; an SMTP 4xx).
    case deferred(String)
    /// Refused: reported, and not tried again.
    case failed(String)
    /// Not handed over, through no fault of the message: the transport cannot be used (its
    /// server cannot be reached, refused the session, or its certificate is not trusted). The
    /// message stays pending and the run stops, saying why.
    case notHandedOver(String)
}

/// Where `notify` hands messages: a sendmail-compatible program, a Maildir, an SMTP server.
package protocol MailTransport: Sendable {
    /// Hands one message (RFC 5322 bytes, CRLF line ends) over for one recipient.
    func deliver(_ message: [UInt8], from sender: String, to recipient: String, name: String) -> DeliveryOutcome

    /// Called once after the run's last message: closes what the transport keeps open.
    func finish()
}

extension MailTransport {
    package func finish() {}
}
