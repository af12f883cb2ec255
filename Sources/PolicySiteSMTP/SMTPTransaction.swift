/// One message to one recipient on an open session, as a state machine with no input or output
/// of its own: `RSET` (on a connection used before), `MAIL`, `RCPT`, `DATA`, then the content.
/// With PIPELINING (RFC 2920) the commands up to DATA go in one write and their replies are read
/// after; without it, one at a time. Where the server offers CHUNKING (RFC 3030) as well, the
/// content goes as `BDAT <size> LAST` in that same write, in place of `DATA`: one round trip a
/// message instead of two, which is what bounds a connection's rate on a busy relay. The message
/// counts as sent only on the 2xx reply to its content.
package struct SMTPTransaction: Sendable {
    /// How it ended.
    package enum Result: Sendable, Hashable {
        /// The server took responsibility for the message (2xx to its content).
        case sent
        /// A 4xx reply (not 421): try again later. The step it came at is named.
        case deferred(step: String, SMTPReply)
        /// A 5xx reply: the server will not take it.
        case refused(step: String, SMTPReply)
        /// 421, or a reply that makes no sense here: the connection cannot go on; nothing was
        /// acknowledged.
        case broken(SMTPFailure)
    }

    /// What to do next.
    package enum Step: Sendable, Hashable {
        /// Send these commands (in one write), then give the machine the replies one by one.
        case send([SMTPCommand])
        /// Wait for the next reply.
        case wait
        /// Done; the session can take another message if the result is not `broken`.
        case finished(Result)
    }

    private let commands: [SMTPCommand]
    private let content: SMTPCommand
    private let pipelining: Bool
    /// The content goes as BDAT in the first write (PIPELINING and CHUNKING both offered).
    private let chunked: Bool
    /// Index into `commands` of the command whose reply comes next; `commands.count` is the content.
    private var replied = 0
    /// Commands sent so far (the content too when it goes as BDAT).
    private var sent = 0
    /// The first refusal or deferral met while replies to pipelined commands still come.
    private var firstProblem: Result?

    /// Prepares the transaction; refuses addresses that cannot go in a command and a message the
    /// server said is too large.
    package init(from sender: String, to recipient: String, message: [UInt8], capabilities: SMTPCapabilities,
                 resetFirst: Bool) throws(SMTPCommand.Refused) {
        let needsUTF8 = !sender.utf8.allSatisfy { $0 < 0x80 } || !recipient.utf8.allSatisfy { $0 < 0x80 }
        if needsUTF8 && !capabilities.smtpUTF8 {
            throw SMTPCommand.Refused(description: "the address has non-ASCII characters and the server does not offer SMTPUTF8")
        }
        let chunked = capabilities.pipelining && capabilities.chunking
        self.chunked = chunked
        content = chunked ? .bdat(message) : .content(message)
        // RFC 1870: the message as it is, without the dot-stuffing and the final dot.
        let size = message.count
        if let limit = capabilities.sizeLimit, size > limit {
            throw SMTPCommand.Refused(description: "the message is \(size) bytes, and the server takes at most \(limit) (SIZE)")
        }
        var envelope: [SMTPCommand] = resetFirst ? [.rset] : []
        envelope.append(try .mail(from: sender, size: capabilities.size ? size : nil, smtpUTF8: needsUTF8))
        envelope.append(try .rcpt(to: recipient))
        if !chunked { envelope.append(.data) }
        commands = envelope
        pipelining = capabilities.pipelining
    }

    /// The first write.
    package mutating func start() -> Step {
        let first = chunked ? commands + [content] : pipelining ? commands : [commands[0]]
        sent = first.count
        return .send(first)
    }

    /// Takes the reply to the oldest command without one.
    package mutating func receive(_ reply: SMTPReply) -> Step {
        if reply.isClosing {
            return .finished(.broken(SMTPFailure("the server is closing the connection: \(reply.summary())", retryable: true)))
        }
        guard replied < commands.count else {
            // The reply to the content. After a refused MAIL or RCPT (pipelined with BDAT), the
            // server has read the chunk and answered it for no recipient: the refusal is what counts.
            replied += 1
            if let firstProblem { return .finished(firstProblem) }
            switch reply.kind {
            case .completed: return .finished(.sent)
            case .transient: return .finished(.deferred(step: "the message", reply))
            case .permanent: return .finished(.refused(step: "the message", reply))
            case .intermediate: return .finished(.broken(SMTPFailure("the server answered the message with \(reply.summary())", retryable: true)))
            }
        }
        let command = commands[replied]
        replied += 1
        let expected = command == .data ? 354 : 250
        let good = command == .data ? reply.code == 354 : reply.kind == .completed
        if !good, command == .rset {
            return .finished(.broken(SMTPFailure("the server answered RSET with \(reply.summary())", retryable: true)))
        }
        if !good, firstProblem == nil {
            switch reply.kind {
            case .transient: firstProblem = .deferred(step: command.name, reply)
            case .permanent: firstProblem = .refused(step: command.name, reply)
            case .completed, .intermediate:
                // 354 where 250 was due, or 250 to DATA: the server and client disagree on where
                // they are, and only a new connection puts that right.
                return .finished(.broken(SMTPFailure("the server answered \(command.name) with \(reply.summary()), not \(expected)", retryable: true)))
            }
        }
        if replied < sent { return .wait }
        if let firstProblem {
            if command == .data && reply.code == 354 {
                // DATA accepted after MAIL or RCPT failed: the server would take a message for
                // nobody; only closing the connection ends it without sending one.
                return .finished(.broken(SMTPFailure("the server accepted DATA after refusing \(problemStep)", retryable: true)))
            }
            return .finished(firstProblem)
        }
        if replied < commands.count {
            sent += 1
            return .send([commands[replied]])
        }
        return .send([content])
    }

    private var problemStep: String {
        switch firstProblem {
        case .deferred(let step, _), .refused(let step, _): step
        default: "a command"
        }
    }
}
