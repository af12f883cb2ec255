import Foundation
import NIOSSL
import PolicySiteMail
import Synchronization

/// `notify --smtp`: submits each message over SMTP, keeping connections open between messages
/// (one per worker: `--connections`). A message counts as sent only on the server's 2xx to its
/// content. A 4xx defers it, a 5xx fails it; 421, a dropped connection or a timeout before that
/// reply closes the connection and sends it again on a new one, at most `attempts` times, then
/// defers it. A server that cannot be reached or refuses the session stops the run
/// (`notHandedOver`), leaving the message pending.
package final class SMTPTransport: MailTransport {
    /// Connections tried for one message before it is deferred.
    package static let attempts = 3

    private let endpoint: SMTPEndpoint
    private let credentials: SMTPSessionMachine.Credentials?
    private let timeout: Double
    private let tls: NIOSSLContext
    private let idle = Mutex<[SMTPConnection]>([])

    /// The environment variables that hold the AUTH user name and password.
    package static let userVariable = "POLICYSITE_SMTP_USER"
    package static let passwordVariable = "POLICYSITE_SMTP_PASSWORD"

    /// Why the transport cannot be set up.
    package struct Unusable: Error, Sendable, CustomStringConvertible {
        package var description: String
    }

    /// Sets up TLS (the system's trust store, or the endpoint's CA file) and reads the
    /// credentials from `environment`; connects only when the first message comes.
    package init(endpoint: SMTPEndpoint, environment: [String: String], timeout: Double) throws(Unusable) {
        self.endpoint = endpoint
        self.timeout = timeout
        switch (environment[Self.userVariable], environment[Self.passwordVariable]) {
        case (nil, nil), ("", nil), (nil, ""), ("", ""):
            credentials = nil
        case (let user?, let password?) where !user.isEmpty && !password.isEmpty:
            credentials = .init(user: user, password: password)
        default:
            throw Unusable(description: "set both \(Self.userVariable) and \(Self.passwordVariable), or neither")
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile = endpoint.caFile {
            var info = stat()
            guard stat(caFile, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                throw Unusable(description: "the CA file \(caFile) (?ca=) is not a readable file")
            }
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(caFile)
                guard !certificates.isEmpty else { throw Unusable(description: "") }
                configuration.trustRoots = .certificates(certificates)
            } catch {
                throw Unusable(description: "the CA file \(caFile) (?ca=) holds no PEM certificate")
            }
        }
        do {
            tls = try NIOSSLContext(configuration: configuration)
        } catch {
            throw Unusable(description: "TLS cannot be set up on this machine")
        }
    }

    package func deliver(_ message: [UInt8], from sender: String, to recipient: String, name: String) -> DeliveryOutcome {
        switch submit(message, from: sender, to: recipient) {
        case .sent: .sent
        case .deferred(let why): .deferred(RecipientRedaction.redacting(address: recipient, name: name, in: why))
        case .failed(let why): .failed(RecipientRedaction.redacting(address: recipient, name: name, in: why))
        // About the server, not the recipient (said before any RCPT): taking the name's words out
        // would only garble it.
        case .notHandedOver(let why): .notHandedOver(why)
        }
    }

    private func submit(_ message: [UInt8], from sender: String, to recipient: String) -> DeliveryOutcome {
        var lastProblem = ""
        var everConnected = false
        for attempt in 1...Self.attempts {
            let connection: SMTPConnection
            let reused: Bool
            if let open = idle.withLock({ $0.popLast() }) {
                (connection, reused) = (open, true)
            } else {
                do throws(SMTPFailure) {
                    connection = try SMTPConnection.open(to: endpoint, tls: tls, credentials: credentials, timeout: timeout)
                    reused = false
                } catch {
                    guard error.retryable else { return .notHandedOver("\(endpoint.host):\(endpoint.port): \(error.description)") }
                    lastProblem = error.description
                    if attempt < Self.attempts { Thread.sleep(forTimeInterval: 0.25 * Double(attempt)) }
                    continue
                }
            }
            everConnected = true
            var transaction: SMTPTransaction
            do throws(SMTPCommand.Refused) {
                transaction = try SMTPTransaction(from: sender, to: recipient, message: message, capabilities: connection.capabilities, resetFirst: reused)
            } catch {
                idle.withLock { $0.append(connection) }
                return .failed(error.description)
            }
            let result: SMTPTransaction.Result
            do throws(SMTPFailure) {
                result = try connection.send(&transaction)
            } catch {
                // Closed by send: nothing of this message was acknowledged; a new connection tries it.
                lastProblem = error.description
                continue
            }
            idle.withLock { $0.append(connection) }
            switch result {
            case .sent:
                return .sent
            case .deferred(let step, let reply):
                return .deferred("the server deferred it at \(step): \(reply.summary()); a later run tries again")
            case .refused(let step, let reply):
                if reply.code == 530 {
                    return .notHandedOver("the server requires AUTH (\(reply.summary())); set \(Self.userVariable) and \(Self.passwordVariable)")
                }
                return .failed("the server refused it at \(step): \(reply.summary())")
            case .broken(let failure):
                lastProblem = failure.description
            }
        }
        guard everConnected else {
            return .notHandedOver("\(endpoint.host):\(endpoint.port): \(lastProblem) (\(Self.attempts) tries)")
        }
        return .deferred("the connection broke \(Self.attempts) times before the server acknowledged the message (last: \(lastProblem)); a later run tries again")
    }

    /// QUIT on every open connection.
    package func finish() {
        for connection in idle.withLock({ open in defer { open = [] }; return open }) { connection.quit() }
    }
}
