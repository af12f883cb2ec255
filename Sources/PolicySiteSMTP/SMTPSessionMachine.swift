/// The opening of an SMTP session, as a state machine with no input or output of its own: it is
/// given the server's replies (and word that TLS is up) and says what to do next. Greeting, EHLO,
/// STARTTLS when offered (or required), EHLO again over TLS, AUTH PLAIN or LOGIN when there are
/// credentials, then ready.
package struct SMTPSessionMachine: Sendable {
    /// How TLS is used.
    package enum TLSMode: Sendable, Hashable {
        /// `smtps://`: TLS from the first byte (RFC 8314).
        case implicit
        /// `smtp://`: STARTTLS when the server offers it.
        case whenOffered
        /// `smtp://...?tls=required`: STARTTLS, or no session.
        case required
    }

    /// A user name and password, from the environment.
    package struct Credentials: Sendable, Hashable {
        package var user: String
        package var password: String
        package init(user: String, password: String) {
            self.user = user
            self.password = password
        }
    }

    /// What to do next.
    package enum Action: Sendable, Hashable {
        /// Send this command and give the machine the reply.
        case send(SMTPCommand)
        /// Start TLS on the connection, then call `tlsStarted()`.
        case startTLS
        /// The session is open: send messages.
        case ready(SMTPCapabilities)
        /// The session cannot be used.
        case fail(SMTPFailure)
    }

    private enum State: Sendable {
        case greeting, ehlo, startTLS, authPlain, authLoginUser, authLoginPassword, authLoginDone, ready, failed
    }

    private let ehloName: String
    private let tls: TLSMode
    private let credentials: Credentials?
    private var state = State.greeting
    private var encrypted: Bool
    private var capabilities = SMTPCapabilities()

    package init(ehloName: String, tls: TLSMode, credentials: Credentials?) {
        self.ehloName = ehloName
        self.tls = tls
        self.credentials = credentials
        encrypted = tls == .implicit
    }

    /// Whether the connection is encrypted by now.
    package var isEncrypted: Bool { encrypted }

    /// Takes the server's next reply.
    package mutating func receive(_ reply: SMTPReply) -> Action {
        if reply.isClosing { return fail("the server is closing the connection: \(reply.summary())", retryable: true) }
        switch state {
        case .greeting:
            guard reply.code == 220 else { return fail("the server refused the connection: \(reply.summary())", retryable: reply.kind == .transient) }
            return ehlo()
        case .ehlo:
            guard reply.kind == .completed else { return fail("the server refused EHLO: \(reply.summary())", retryable: reply.kind == .transient) }
            capabilities = SMTPCapabilities(ehlo: reply)
            if !encrypted {
                if capabilities.startTLS {
                    state = .startTLS
                    return .send(.startTLS)
                }
                if tls == .required {
                    return fail("the server does not offer STARTTLS, and the URL says ?tls=required", retryable: false)
                }
            }
            return authenticate()
        case .startTLS:
            guard reply.code == 220 else {
                return fail("the server offered STARTTLS but refused it: \(reply.summary())", retryable: reply.kind == .transient)
            }
            return .startTLS
        case .authPlain, .authLoginDone:
            guard reply.code == 235 else { return authRefused(reply) }
            state = .ready
            return .ready(capabilities)
        case .authLoginUser:
            guard reply.code == 334 else { return authRefused(reply) }
            state = .authLoginPassword
            return .send(.authResponse(credentials?.user ?? ""))
        case .authLoginPassword:
            guard reply.code == 334 else { return authRefused(reply) }
            state = .authLoginDone
            return .send(.authResponse(credentials?.password ?? ""))
        case .ready, .failed:
            return fail("the server sent a reply nobody asked for: \(reply.summary())", retryable: true)
        }
    }

    /// TLS is up (after `.startTLS`): everything said before it is forgotten (RFC 3207 section 4.2).
    package mutating func tlsStarted() -> Action {
        encrypted = true
        capabilities = SMTPCapabilities()
        return ehlo()
    }

    private mutating func ehlo() -> Action {
        do throws(SMTPCommand.Refused) {
            let command = try SMTPCommand.ehlo(ehloName)
            state = .ehlo
            return .send(command)
        } catch {
            return fail(error.description, retryable: false)
        }
    }

    private mutating func authenticate() -> Action {
        guard let credentials else {
            state = .ready
            return .ready(capabilities)
        }
        // A password goes only over TLS: STARTTLS not offered means anyone on the path could read it.
        guard encrypted else {
            return fail("the server does not offer STARTTLS, and the password is not sent unencrypted; use a server that offers it, or smtps://", retryable: false)
        }
        if capabilities.authMechanisms.contains("PLAIN") {
            state = .authPlain
            return .send(.authPlain(user: credentials.user, password: credentials.password))
        }
        if capabilities.authMechanisms.contains("LOGIN") {
            state = .authLoginUser
            return .send(.authLogin)
        }
        let offered = capabilities.authMechanisms.sorted().joined(separator: " ")
        return fail(offered.isEmpty ? "the server offers no AUTH, but POLICYSITE_SMTP_USER is set; unset it or use the server's submission port"
                                    : "the server offers AUTH \(offered), and policysite speaks PLAIN and LOGIN", retryable: false)
    }

    private mutating func authRefused(_ reply: SMTPReply) -> Action {
        fail("the server refused the user name and password (POLICYSITE_SMTP_USER, POLICYSITE_SMTP_PASSWORD): \(reply.summary())",
             retryable: reply.kind == .transient)
    }

    private mutating func fail(_ why: String, retryable: Bool) -> Action {
        state = .failed
        return .fail(SMTPFailure(why, retryable: retryable))
    }
}
