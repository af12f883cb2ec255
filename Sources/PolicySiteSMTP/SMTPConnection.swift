import NIOCore
import NIOPosix
import NIOSSL

/// One open, ready SMTP session, used from one thread at a time through blocking calls: the
/// notify workers are plain threads, and each waits for its own connection's replies.
package final class SMTPConnection: Sendable {
    private let channel: any Channel
    private let timeout: TimeAmount
    /// What the server offered in its last EHLO (after TLS, when TLS is used).
    package let capabilities: SMTPCapabilities
    /// Whether the connection is encrypted.
    package let isEncrypted: Bool

    private init(channel: any Channel, timeout: TimeAmount, capabilities: SMTPCapabilities, isEncrypted: Bool) {
        self.channel = channel
        self.timeout = timeout
        self.capabilities = capabilities
        self.isEncrypted = isEncrypted
    }

    /// Connects and opens the session: greeting, EHLO, STARTTLS, AUTH (`SMTPSessionMachine`).
    package static func open(to endpoint: SMTPEndpoint, tls: NIOSSLContext?, credentials: SMTPSessionMachine.Credentials?,
                             timeout seconds: Double) throws(SMTPFailure) -> SMTPConnection {
        let timeout = TimeAmount.nanoseconds(Int64(seconds * 1e9))
        let host = endpoint.host
        let implicitContext = endpoint.mode == .implicit ? tls : nil
        let serverName = endpoint.serverName
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicitContext, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPClientHandler(host: host))
                }
            }
        let channel: any Channel
        do {
            channel = try bootstrap.connect(host: endpoint.host, port: endpoint.port).wait()
        } catch {
            throw SMTPClientHandler.describe(error, host: host)
        }
        do throws(SMTPFailure) {
            var machine = SMTPSessionMachine(ehloName: Self.ehloName(channel), tls: endpoint.mode, credentials: credentials)
            var action = machine.receive(try reply(on: channel, after: [], timeout: timeout))
            while true {
                switch action {
                case .send(let command):
                    action = machine.receive(try reply(on: channel, after: [command], timeout: timeout))
                case .startTLS:
                    guard let tls else { throw SMTPFailure("TLS is not set up", retryable: false) }
                    try startTLS(on: channel, context: tls, serverName: serverName, host: host)
                    action = machine.tlsStarted()
                case .ready(let capabilities):
                    return SMTPConnection(channel: channel, timeout: timeout, capabilities: capabilities, isEncrypted: machine.isEncrypted)
                case .fail(let failure):
                    throw failure
                }
            }
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    /// Sends one message to one recipient. Throws when the connection broke before the server
    /// acknowledged the message (it can be sent on a new connection); returns the server's
    /// answer otherwise. The replies to commands written together are awaited together.
    package func send(_ transaction: inout SMTPTransaction) throws(SMTPFailure) -> SMTPTransaction.Result {
        var step = transaction.start()
        // Replies read and not yet given to the transaction, oldest first, and what ended them.
        var arrived: ArraySlice<SMTPReply> = []
        var failure: SMTPFailure?
        while true {
            switch step {
            case .send(let commands):
                (arrived, failure) = Self.replies(on: channel, after: commands, count: commands.count, timeout: timeout)
                step = .wait
            case .wait:
                if arrived.isEmpty {
                    if let failure { throw failure }
                    (arrived, failure) = Self.replies(on: channel, after: [], count: 1, timeout: timeout)
                    continue
                }
                step = transaction.receive(arrived.removeFirst())
            case .finished(let result):
                if case .broken(let failure) = result { close(); throw failure }
                return result
            }
        }
    }

    /// Says QUIT (without waiting long for the answer) and closes.
    package func quit() {
        // The answer to QUIT changes nothing (every message is recorded already); a server that
        // does not give it within two seconds is closed on anyway.
        do throws(SMTPFailure) {
            _ = try Self.reply(on: channel, after: [.quit], timeout: .seconds(2))
        } catch {}
        close()
    }

    package func close() {
        channel.close(promise: nil)
    }

    /// Writes the commands (in one flush), then waits for the next reply.
    private static func reply(on channel: any Channel, after commands: [SMTPCommand], timeout: TimeAmount) throws(SMTPFailure) -> SMTPReply {
        let host = "the server"
        let future = channel.eventLoop.flatSubmit { () -> EventLoopFuture<SMTPReply> in
            do {
                let handler = try channel.pipeline.syncOperations.handler(type: SMTPClientHandler.self)
                for command in commands { channel.write(command, promise: nil) }
                if !commands.isEmpty { channel.flush() }
                return handler.nextReply(on: channel.eventLoop, timeout: timeout)
            } catch {
                return channel.eventLoop.makeFailedFuture(SMTPFailure("the server closed the connection", retryable: true))
            }
        }
        do {
            return try future.wait()
        } catch {
            throw SMTPClientHandler.describe(error, host: host)
        }
    }

    /// Writes the commands (in one flush), then waits for `count` replies at once.
    private static func replies(on channel: any Channel, after commands: [SMTPCommand], count: Int,
                                timeout: TimeAmount) -> (ArraySlice<SMTPReply>, SMTPFailure?) {
        let future = channel.eventLoop.flatSubmit { () -> EventLoopFuture<SMTPClientHandler.Replies> in
            do {
                let handler = try channel.pipeline.syncOperations.handler(type: SMTPClientHandler.self)
                for command in commands { channel.write(command, promise: nil) }
                if !commands.isEmpty { channel.flush() }
                return handler.nextReplies(count, on: channel.eventLoop, timeout: timeout)
            } catch {
                return channel.eventLoop.makeSucceededFuture(SMTPClientHandler.Replies(failure: SMTPFailure("the server closed the connection", retryable: true)))
            }
        }
        do {
            let gathered = try future.wait()
            return (gathered.replies[...], gathered.failure)
        } catch {
            return ([], SMTPClientHandler.describe(error, host: "the server"))
        }
    }

    /// Puts TLS under the SMTP handler after the server's 220 to STARTTLS.
    private static func startTLS(on channel: any Channel, context: NIOSSLContext, serverName: String?, host: String) throws(SMTPFailure) {
        let added = channel.eventLoop.flatSubmit { () -> EventLoopFuture<Void> in
            do {
                let handler = try channel.pipeline.syncOperations.handler(type: SMTPClientHandler.self)
                guard !handler.hasUnread else {
                    throw SMTPFailure("the server sent more after its reply to STARTTLS; that is how a man in the middle injects replies, so the connection is closed", retryable: false)
                }
                let tls = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                try channel.pipeline.syncOperations.addHandler(tls, position: .first)
                // The handshake runs before the EHLO that follows is written; a failed one reaches
                // SMTPClientHandler.errorCaught, which fails the wait for that EHLO's reply.
                return channel.eventLoop.makeSucceededVoidFuture()
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
        }
        do {
            try added.wait()
        } catch {
            throw SMTPClientHandler.describe(error, host: host)
        }
    }

    /// An address literal of our end of the connection (`[127.0.0.1]`, `[IPv6:::1]`), which
    /// RFC 5321 allows in EHLO when the client has no name of its own to give.
    private static func ehloName(_ channel: any Channel) -> String {
        switch channel.localAddress {
        case .v4(let address)?: "[\(address.host)]"
        case .v6(let address)?: "[IPv6:\(address.host)]"
        default: "[127.0.0.1]"
        }
    }
}
