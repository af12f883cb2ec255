@testable import PolicySiteSMTP
import Testing

/// The SMTP client's pieces without a network: replies, commands, capabilities, the session's
/// opening and one message's transaction. (Real servers: Tests/python/test_smtp.py.)
struct SMTPReplyParserTests {
    private func replies(_ lines: [String]) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        return try lines.compactMap { try parser.take(line: Array($0.utf8)) }
    }

    @Test func aMultiLineReplyIsOneReply() throws {
        let got = try replies(["250-mail.example.com greets you", "250-PIPELINING", "250 SIZE 1000"])
        #expect(got == [SMTPReply(code: 250, lines: ["mail.example.com greets you", "PIPELINING", "SIZE 1000"])])
    }

    @Test func codesKindsAndEnhancedStatus() throws {
        let got = try replies(["452 4.2.2 mailbox full", "550 no such user", "354 go ahead", "221"])
        #expect(got.map(\.kind) == [.transient, .permanent, .intermediate, .completed])
        #expect(got[0].enhancedStatus == "4.2.2")
        #expect(got[1].enhancedStatus == nil)
        #expect(got[3].lines == [""])
        #expect(got[0].summary() == "452 4.2.2 mailbox full")
    }

    @Test func whatIsNotAReplyIsRefused() {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Malformed.self) { try parser.take(line: Array("hello".utf8)) }
        var other = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Malformed.self) { try other.take(line: Array("250x".utf8)) }
        var third = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Malformed.self) { try third.take(line: Array("150 old".utf8)) }
    }

    @Test func aContinuationWithAnotherCodeIsRefused() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.take(line: Array("250-first".utf8)) == nil)
        #expect(throws: SMTPReplyParser.Malformed(description: "the server changed the code within one reply (250, then 550)")) {
            try parser.take(line: Array("550 second".utf8))
        }
    }

    @Test func aLongLineAndAnEndlessReplyAreRefused() throws {
        var parser = SMTPReplyParser()
        let long = Array("250 ".utf8) + Array(repeating: UInt8(ascii: "x"), count: SMTPReplyParser.maximumLineLength)
        #expect(throws: SMTPReplyParser.Malformed.self) { try parser.take(line: long) }
        var endless = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Malformed.self) {
            for _ in 0...SMTPReplyParser.maximumLines { _ = try endless.take(line: Array("250-more".utf8)) }
        }
    }

    @Test func controlBytesInTheTextBecomeQuestionMarks() throws {
        var parser = SMTPReplyParser()
        let reply = try parser.take(line: Array("550 bad\u{1B}[2J\u{7}".utf8) + [0xFF])
        #expect(reply?.lines == ["bad?[2J??"])
    }
}

struct SMTPCommandTests {
    private func text(_ command: SMTPCommand) -> String { String(decoding: command.bytes, as: UTF8.self) }

    @Test func commandsEndWithCRLF() throws {
        #expect(text(try .mail(from: "a@example.com", size: 1234)) == "MAIL FROM:<a@example.com> SIZE=1234\r\n")
        #expect(text(try .rcpt(to: "b@example.com")) == "RCPT TO:<b@example.com>\r\n")
        #expect(text(.rset) == "RSET\r\n")
        #expect(text(try .ehlo("[127.0.0.1]")) == "EHLO [127.0.0.1]\r\n")
    }

    @Test func anAddressWithALineEndOrAnAngleBracketIsRefused() {
        for bad in ["b@example.com\r\nRCPT TO:<c@example.com>", "b@example.com>", "b c@example.com", "", "b@exa\u{0}mple.com"] {
            #expect(throws: SMTPCommand.Refused.self) { try SMTPCommand.rcpt(to: bad) }
        }
    }

    @Test func authPlainAndLoginAreBase64() {
        #expect(text(.authPlain(user: "user", password: "pass")) == "AUTH PLAIN AHVzZXIAcGFzcw==\r\n")
        #expect(text(.authResponse("user")) == "dXNlcg==\r\n")
    }

    @Test func theContentIsDotStuffedWithCRLFAndEnds() {
        let message = Array("Subject: x\r\n\r\n.hidden\n..two\rlast".utf8)
        #expect(text(.content(message)) == "Subject: x\r\n\r\n..hidden\r\n...two\r\nlast\r\n.\r\n")
        #expect(text(.content(Array("a\r\n.\r\n".utf8))) == "a\r\n..\r\n.\r\n", "a lone dot line cannot end the message early")
        #expect(text(.content([])) == ".\r\n")
    }

    @Test func aBDATChunkCountsTheBytesWithCRLFAndNoDotStuffing() {
        let message = Array("Subject: x\r\n\r\n.hidden\nlast".utf8)
        #expect(text(.bdat(message)) == "BDAT 29 LAST\r\nSubject: x\r\n\r\n.hidden\r\nlast\r\n")
        #expect(text(.bdat([])) == "BDAT 0 LAST\r\n")
    }
}

struct SMTPCapabilitiesTests {
    @Test func theEHLOReplyIsRead() {
        let reply = SMTPReply(code: 250, lines: ["mail.example.com", "PIPELINING", "SIZE 10240000", "STARTTLS", "AUTH PLAIN LOGIN CRAM-MD5",
                                                  "ENHANCEDSTATUSCODES", "8BITMIME", "SMTPUTF8"])
        let capabilities = SMTPCapabilities(ehlo: reply)
        #expect(capabilities.pipelining && capabilities.startTLS && capabilities.enhancedStatusCodes && capabilities.smtpUTF8 && capabilities.eightBitMIME)
        #expect(!capabilities.chunking)
        #expect(SMTPCapabilities(ehlo: SMTPReply(code: 250, lines: ["mx", "CHUNKING"])).chunking)
        #expect(capabilities.sizeLimit == 10_240_000)
        #expect(capabilities.authMechanisms == ["PLAIN", "LOGIN", "CRAM-MD5"])
    }

    @Test func theServerNameIsNotAnExtensionAndOldAuthIsRead() {
        let capabilities = SMTPCapabilities(ehlo: SMTPReply(code: 250, lines: ["STARTTLS", "AUTH=LOGIN", "SIZE"]))
        #expect(!capabilities.startTLS)
        #expect(capabilities.authMechanisms == ["LOGIN"])
        #expect(capabilities.size && capabilities.sizeLimit == nil)
    }
}

struct SMTPSessionMachineTests {
    private let ehloTLS = SMTPReply(code: 250, lines: ["mx", "STARTTLS", "AUTH PLAIN LOGIN"])
    private let ehloAuth = SMTPReply(code: 250, lines: ["mx", "AUTH LOGIN"])

    @Test func startTLSWhenOfferedThenEHLOAgainThenAuthLogin() throws {
        var machine = SMTPSessionMachine(ehloName: "[127.0.0.1]", tls: .whenOffered, credentials: .init(user: "u", password: "p"))
        #expect(machine.receive(SMTPReply(code: 220, lines: ["hi"])) == .send(try .ehlo("[127.0.0.1]")))
        #expect(machine.receive(ehloTLS) == .send(.startTLS))
        #expect(machine.receive(SMTPReply(code: 220, lines: ["go"])) == .startTLS)
        #expect(machine.tlsStarted() == .send(try .ehlo("[127.0.0.1]")))
        #expect(machine.receive(ehloAuth) == .send(.authLogin))
        #expect(machine.receive(SMTPReply(code: 334, lines: ["VXNlcm5hbWU6"])) == .send(.authResponse("u")))
        #expect(machine.receive(SMTPReply(code: 334, lines: ["UGFzc3dvcmQ6"])) == .send(.authResponse("p")))
        guard case .ready = machine.receive(SMTPReply(code: 235, lines: ["ok"])) else { Issue.record("not ready"); return }
        #expect(machine.isEncrypted)
    }

    @Test func tlsRequiredAndNotOfferedFails() {
        var machine = SMTPSessionMachine(ehloName: "[127.0.0.1]", tls: .required, credentials: nil)
        _ = machine.receive(SMTPReply(code: 220, lines: ["hi"]))
        #expect(machine.receive(SMTPReply(code: 250, lines: ["mx", "PIPELINING"]))
                == .fail(SMTPFailure("the server does not offer STARTTLS, and the URL says ?tls=required", retryable: false)))
    }

    @Test func thePasswordIsNeverSentUnencrypted() {
        var machine = SMTPSessionMachine(ehloName: "[127.0.0.1]", tls: .whenOffered, credentials: .init(user: "u", password: "p"))
        _ = machine.receive(SMTPReply(code: 220, lines: ["hi"]))
        guard case .fail(let failure) = machine.receive(ehloAuth) else { Issue.record("AUTH was sent in clear"); return }
        #expect(!failure.retryable)
    }

    @Test func implicitTLSSendsAuthPlainAtOnce() {
        var machine = SMTPSessionMachine(ehloName: "[127.0.0.1]", tls: .implicit, credentials: .init(user: "u", password: "p"))
        _ = machine.receive(SMTPReply(code: 220, lines: ["hi"]))
        #expect(machine.receive(ehloTLS) == .send(.authPlain(user: "u", password: "p")))
        guard case .fail(let failure) = machine.receive(SMTPReply(code: 535, lines: ["5.7.8 bad credentials"])) else { Issue.record("accepted"); return }
        #expect(!failure.description.contains("p\u{0}") && !failure.retryable)
    }

    @Test func a421GreetingCanBeRetriedAnd554Cannot() {
        var first = SMTPSessionMachine(ehloName: "[127.0.0.1]", tls: .whenOffered, credentials: nil)
        guard case .fail(let busy) = first.receive(SMTPReply(code: 421, lines: ["busy"])) else { Issue.record("went on"); return }
        #expect(busy.retryable)
        var second = SMTPSessionMachine(ehloName: "[127.0.0.1]", tls: .whenOffered, credentials: nil)
        guard case .fail(let no) = second.receive(SMTPReply(code: 554, lines: ["no"])) else { Issue.record("went on"); return }
        #expect(!no.retryable)
    }
}

struct SMTPTransactionTests {
    private func capabilities(pipelining: Bool) -> SMTPCapabilities {
        SMTPCapabilities(ehlo: SMTPReply(code: 250, lines: pipelining ? ["mx", "PIPELINING", "SIZE 100000"] : ["mx"]))
    }
    private let ok = SMTPReply(code: 250, lines: ["ok"])
    private let go = SMTPReply(code: 354, lines: ["go"])

    @Test func pipelinedCommandsGoTogetherAndTheContentAfter354() throws {
        var transaction = try SMTPTransaction(from: "a@example.com", to: "b@example.com", message: Array("x".utf8), capabilities: capabilities(pipelining: true), resetFirst: true)
        #expect(transaction.start() == .send([.rset, try .mail(from: "a@example.com", size: 1), try .rcpt(to: "b@example.com"), .data]))
        #expect(transaction.receive(ok) == .wait)
        #expect(transaction.receive(ok) == .wait)
        #expect(transaction.receive(ok) == .wait)
        #expect(transaction.receive(go) == .send([.content(Array("x".utf8))]))
        #expect(transaction.receive(ok) == .finished(.sent))
    }

    @Test func withChunkingTheContentGoesAsBDATInTheSameWrite() throws {
        let capabilities = SMTPCapabilities(ehlo: SMTPReply(code: 250, lines: ["mx", "PIPELINING", "CHUNKING"]))
        var transaction = try SMTPTransaction(from: "a@example.com", to: "b@example.com", message: Array("x".utf8), capabilities: capabilities, resetFirst: true)
        #expect(transaction.start() == .send([.rset, try .mail(from: "a@example.com", size: nil), try .rcpt(to: "b@example.com"), .bdat(Array("x".utf8))]))
        #expect(transaction.receive(ok) == .wait)
        #expect(transaction.receive(ok) == .wait)
        #expect(transaction.receive(ok) == .wait)
        #expect(transaction.receive(ok) == .finished(.sent))
    }

    @Test func withChunkingARefusedRecipientIsTheAnswerWhateverTheChunkGets() throws {
        let capabilities = SMTPCapabilities(ehlo: SMTPReply(code: 250, lines: ["mx", "PIPELINING", "CHUNKING"]))
        let refusal = SMTPReply(code: 550, lines: ["5.1.1 no such user"])
        for chunkReply in [SMTPReply(code: 554, lines: ["5.5.1 no valid recipients"]), ok] {
            var transaction = try SMTPTransaction(from: "a@example.com", to: "b@example.com", message: [], capabilities: capabilities, resetFirst: false)
            _ = transaction.start()
            #expect(transaction.receive(ok) == .wait)
            #expect(transaction.receive(refusal) == .wait)
            #expect(transaction.receive(chunkReply) == .finished(.refused(step: "RCPT", refusal)))
        }
        let deferral = SMTPReply(code: 452, lines: ["4.3.1 insufficient storage"])
        var transaction = try SMTPTransaction(from: "a@example.com", to: "b@example.com", message: [], capabilities: capabilities, resetFirst: false)
        _ = transaction.start()
        #expect(transaction.receive(ok) == .wait)
        #expect(transaction.receive(ok) == .wait)
        #expect(transaction.receive(deferral) == .finished(.deferred(step: "the message", deferral)))
    }

    @Test func withoutPipeliningOneAtATime() throws {
        var transaction = try SMTPTransaction(from: "a@example.com", to: "b@example.com", message: [], capabilities: capabilities(pipelining: false), resetFirst: false)
        #expect(transaction.start() == .send([try .mail(from: "a@example.com", size: nil)]))
        #expect(transaction.receive(ok) == .send([try .rcpt(to: "b@example.com")]))
        #expect(transaction.receive(ok) == .send([.data]))
        #expect(transaction.receive(go) == .send([.content([])]))
        let deferral = SMTPReply(code: 451, lines: ["4.3.0 try later"])
        #expect(transaction.receive(deferral) == .finished(.deferred(step: "the message", deferral)))
    }

    @Test func aRefusedRecipientWaitsForTheRestOfThePipelinedReplies() throws {
        var transaction = try SMTPTransaction(from: "a@example.com", to: "b@example.com", message: [], capabilities: capabilities(pipelining: true), resetFirst: false)
        _ = transaction.start()
        let refusal = SMTPReply(code: 550, lines: ["5.1.1 no such user"])
        #expect(transaction.receive(ok) == .wait)
        #expect(transaction.receive(refusal) == .wait)
        #expect(transaction.receive(SMTPReply(code: 554, lines: ["no valid recipients"])) == .finished(.refused(step: "RCPT", refusal)))
    }

    @Test func dataAcceptedAfterARefusalBreaksTheConnection() throws {
        var transaction = try SMTPTransaction(from: "a@example.com", to: "b@example.com", message: [], capabilities: capabilities(pipelining: true), resetFirst: false)
        _ = transaction.start()
        _ = transaction.receive(ok)
        _ = transaction.receive(SMTPReply(code: 550, lines: ["no"]))
        guard case .finished(.broken) = transaction.receive(go) else { Issue.record("the content would have gone"); return }
    }

    @Test func a421AnywhereBreaksTheConnection() throws {
        var transaction = try SMTPTransaction(from: "a@example.com", to: "b@example.com", message: [], capabilities: capabilities(pipelining: false), resetFirst: false)
        _ = transaction.start()
        guard case .finished(.broken(let failure)) = transaction.receive(SMTPReply(code: 421, lines: ["bye"])) else { Issue.record("went on"); return }
        #expect(failure.retryable)
    }

    @Test func aMessageLargerThanSIZEAndAnUnsupportedUTF8AddressAreRefusedBeforeSending() {
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 200_000)
        #expect(throws: SMTPCommand.Refused.self) {
            try SMTPTransaction(from: "a@example.com", to: "b@example.com", message: big, capabilities: capabilities(pipelining: true), resetFirst: false)
        }
        #expect(throws: SMTPCommand.Refused.self) {
            try SMTPTransaction(from: "a@example.com", to: "bé@example.com", message: [], capabilities: capabilities(pipelining: true), resetFirst: false)
        }
    }
}

struct SMTPEndpointTests {
    @Test func urlsAreRead() throws {
        #expect(try SMTPEndpoint(url: "smtp://mail.example.com") == SMTPEndpoint(host: "mail.example.com", port: 587, mode: .whenOffered))
        #expect(try SMTPEndpoint(url: "smtps://mail.example.com") == SMTPEndpoint(host: "mail.example.com", port: 465, mode: .implicit))
        #expect(try SMTPEndpoint(url: "smtp://localhost:2525?tls=required&ca=/tmp/ca.pem")
                == SMTPEndpoint(host: "localhost", port: 2525, mode: .required, caFile: "/tmp/ca.pem"))
        #expect(try SMTPEndpoint(url: "smtp://127.0.0.1:25").serverName == nil)
    }

    @Test func aCredentialInTheURLIsRefusedWithoutRepeatingIt() {
        do {
            _ = try SMTPEndpoint(url: "smtp://user:s3cret@mail.example.com:587")
            Issue.record("accepted")
        } catch {
            #expect(!error.description.contains("s3cret") && error.description.contains("POLICYSITE_SMTP_PASSWORD"))
        }
    }

    @Test func otherSchemesAndSettingsAreRefused() {
        for bad in ["http://mail.example.com", "smtp://", "smtp://mail.example.com/path", "smtp://mail.example.com?tls=maybe",
                    "smtps://mail.example.com?tls=required", "smtp://mail.example.com?verify=no", "mail.example.com:25"] {
            #expect(throws: SMTPEndpoint.Refused.self, "\(bad)") { try SMTPEndpoint(url: bad) }
        }
    }
}
