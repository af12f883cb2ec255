import NIOCore
import NIOPosix
import NIOSSL
import PolicySiteSupport

/// The channel handler between the socket (or TLS) and `SMTPConnection`: splits what arrives into
/// lines and replies (`SMTPReplyParser`), hands each reply to whoever waits for one, and writes
/// commands. A bad reply, a timeout or the end of the connection fails every waiter, and the
/// connection is closed.
final class SMTPClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = SMTPCommand
    typealias OutboundOut = ByteBuffer

    private var unread: ByteBuffer?
    private var parser = SMTPReplyParser()
    private var replies = CircularBuffer<SMTPReply>()
    private var waiting = CircularBuffer<EventLoopPromise<SMTPReply>>()
    private var failure: SMTPFailure?
    private var context: ChannelHandlerContext?
    private let host: String

    init(host: String) {
        self.host = host
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Whether anything has arrived that no one has read: after the reply to STARTTLS there must be
    /// nothing, or a man in the middle could have put commands' replies before the TLS handshake.
    var hasUnread: Bool {
        (unread?.readableBytes ?? 0) > 0 || parser.isInsideReply || !replies.isEmpty
    }

    /// The next reply, within `timeout`.
    func nextReply(on loop: any EventLoop, timeout: TimeAmount) -> EventLoopFuture<SMTPReply> {
        guard let context else {
            return loop.makeFailedFuture(failure ?? SMTPFailure("the connection is closed", retryable: true))
        }
        if let reply = replies.popFirst() { return context.eventLoop.makeSucceededFuture(reply) }
        if let failure { return context.eventLoop.makeFailedFuture(failure) }
        let promise = context.eventLoop.makePromise(of: SMTPReply.self)
        waiting.append(promise)
        let seconds = timeout.nanoseconds / 1_000_000_000
        let deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            self.fail(SMTPFailure("the server did not answer within \(seconds) second\(seconds == 1 ? "" : "s") (--timeout)", retryable: true))
        }
        promise.futureResult.whenComplete { _ in deadline.cancel() }
        return promise.futureResult
    }

    /// Replies read together, and what ended the reading early, if anything.
    struct Replies: Sendable {
        var replies: [SMTPReply] = []
        var failure: SMTPFailure?
    }

    /// The next `count` replies (to pipelined commands), gathered on the event loop so that the
    /// waiting thread wakes once for all of them; fewer when the connection fails first (then
    /// with the failure) or a reply says the server is closing it.
    func nextReplies(_ count: Int, on loop: any EventLoop, timeout: TimeAmount) -> EventLoopFuture<Replies> {
        let promise = loop.makePromise(of: Replies.self)
        var gathered = Replies()
        func readNext() {
            nextReply(on: loop, timeout: timeout).assumeIsolated().whenComplete { result in
                switch result {
                case .success(let reply):
                    gathered.replies.append(reply)
                    if gathered.replies.count >= count || reply.isClosing { promise.succeed(gathered) } else { readNext() }
                case .failure(let error):
                    gathered.failure = Self.describe(error, host: self.host)
                    promise.succeed(gathered)
                }
            }
        }
        readNext()
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if unread == nil || unread!.readableBytes == 0 {
            unread = incoming
        } else {
            unread!.writeBuffer(&incoming)
        }
        do throws(SMTPReplyParser.Malformed) {
            while let reply = try nextCompleteReply() {
                if let promise = waiting.popFirst() { promise.succeed(reply) } else { replies.append(reply) }
            }
        } catch {
            // A server that sends what is not SMTP will do so again: no retry, say what it sent.
            fail(SMTPFailure(error.description, retryable: false))
        }
    }

    private func nextCompleteReply() throws(SMTPReplyParser.Malformed) -> SMTPReply? {
        while var buffer = unread, let end = buffer.readableBytesView.firstIndex(of: 0x0A) {
            let start = buffer.readerIndex
            var line = buffer.readableBytesView[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            let reply = try parser.take(line: line)
            buffer.moveReaderIndex(to: end + 1)
            unread = buffer
            if let reply { return reply }
        }
        // A line with no end yet may still grow past the limit: refuse it now, not when it ends.
        if let buffer = unread, buffer.readableBytes > SMTPReplyParser.maximumLineLength + 2 {
            throw SMTPReplyParser.Malformed(description: "the server sent a reply line longer than \(SMTPReplyParser.maximumLineLength) bytes")
        }
        return nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPFailure("the server closed the connection", retryable: true))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.describe(error, host: host))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let command = unwrapOutboundIn(data)
        var buffer = context.channel.allocator.buffer(capacity: command.bytes.count)
        buffer.writeBytes(command.bytes)
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    /// Fails every waiter, and any later wait, with the first failure, and closes the connection.
    private func fail(_ problem: SMTPFailure) {
        if failure == nil { failure = problem }
        let first = failure!
        while let promise = waiting.popFirst() { promise.fail(first) }
        context?.close(promise: nil)
    }

    /// An error from NIO or TLS, in words.
    static func describe(_ error: any Error, host: String) -> SMTPFailure {
        if let failure = error as? SMTPFailure { return failure }
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return SMTPFailure("the server's certificate is not for \(host); use the host name the certificate names", retryable: false)
        }
        if let tls = error as? NIOSSLError {
            switch tls {
            case .handshakeFailed(let reason):
                let text = "\(reason)"
                if text.contains("CERTIFICATE_VERIFY_FAILED") {
                    return SMTPFailure("the server's certificate could not be verified (not signed by a trusted authority, expired, or not for \(host)); pass the authority's certificate with ?ca=FILE if it is a private one", retryable: false)
                }
                if text.contains("WRONG_VERSION_NUMBER") {
                    return SMTPFailure("the server does not speak TLS on this port; use smtp:// (STARTTLS) for it, or its smtps port", retryable: false)
                }
                return SMTPFailure("the TLS handshake with \(host) failed", retryable: false)
            case .uncleanShutdown:
                return SMTPFailure("the server closed the TLS connection without ending it", retryable: true)
            default:
                return SMTPFailure("TLS with \(host) failed", retryable: false)
            }
        }
        if let io = error as? IOError {
            return SMTPFailure("the connection failed: \(SystemError.phrase(io.errnoCode))", retryable: true)
        }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout: return SMTPFailure("no connection to \(host) within --timeout", retryable: true)
            case .ioOnClosedChannel, .alreadyClosed, .eof, .outputClosed: return SMTPFailure("the server closed the connection", retryable: true)
            default: return SMTPFailure("the connection failed", retryable: true)
            }
        }
        if error is NIOConnectionError {
            return SMTPFailure("cannot connect to \(host): nothing answers on that port, or the name does not resolve", retryable: true)
        }
        return SMTPFailure("the connection failed", retryable: true)
    }
}
