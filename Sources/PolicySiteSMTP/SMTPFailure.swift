/// Why a connection could not be used, in words for people (never a library's type name).
package struct SMTPFailure: Error, Sendable, Hashable, CustomStringConvertible {
    package var description: String
    /// Whether a new connection may do better: the server said 421, the connection dropped or
    /// timed out. Otherwise (a certificate, the password, TLS required and not offered) no retry helps.
    package var retryable: Bool

    package init(_ description: String, retryable: Bool) {
        self.description = description
        self.retryable = retryable
    }
}
