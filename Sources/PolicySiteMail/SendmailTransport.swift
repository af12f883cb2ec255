import Foundation
import PolicySiteSupport

/// Hands each message to a sendmail-compatible program (postfix, exim, msmtp), run directly,
/// without a shell, as `PATH -i -f <from> -- <recipient>`, with the message on standard input.
/// Exit status 0 is handed off, 75 deferred, anything else failed; a hand-off that takes longer
/// than `timeout` is ended and deferred.
package struct SendmailTransport: MailTransport {
    package let program: URL
    /// Seconds a hand-off may take before it is ended (TERM, then KILL) and deferred.
    package let timeout: Double
    /// Seconds between TERM and KILL, for the program to clean up.
    static let grace = 2.0

    package init(program: URL, timeout: Double = 120) {
        self.program = program
        self.timeout = timeout
    }

    package func deliver(_ message: [UInt8], from sender: String, to recipient: String, name: String) -> DeliveryOutcome {
        let outcome = handOff(message, from: sender, to: recipient)
        // What the program said goes into the ledger and onto the terminal: never the address.
        switch outcome {
        case .sent: return .sent
        case .deferred(let detail): return .deferred(RecipientRedaction.redacting(address: recipient, name: name, in: detail))
        case .failed(let detail): return .failed(RecipientRedaction.redacting(address: recipient, name: name, in: detail))
        case .notHandedOver(let detail): return .notHandedOver(RecipientRedaction.redacting(address: recipient, name: name, in: detail))
        }
    }

    private func handOff(_ message: [UInt8], from sender: String, to recipient: String) -> DeliveryOutcome {
        let name = program.lastPathComponent
        // The message goes to the program as a complete file, not through a pipe: if notify is
        // killed while handing it over, a pipe would end early and sendmail would take the
        // truncated message for a whole one and send it.
        let (staged, problem) = Self.anonymousFile(holding: message)
        guard let input = staged else {
            return .deferred("cannot stage the message for \(name): \(problem)")
        }
        defer { close(input) }
        let child: ChildProcess
        switch ChildProcess.spawn(program.path, arguments: ["-i", "-f", sender, "--", recipient], standardInput: input) {
        case .success(let started): child = started
        case .failure(let failure): return .failed("cannot run \(program.path): \(SystemError.phrase(failure.code))")
        }
        let ending = child.wait(timeout: timeout, grace: Self.grace)
        // Its last line, as plain text: no control character of the program's reaches the terminal.
        let lastLine = ending.output.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }).last ?? []
        let said = HeaderText.sanitized(String(decoding: lastLine.suffix(300), as: UTF8.self))
        let saidPart = said.isEmpty ? "" : ": " + said
        switch ending.reason {
        case .exited(0): return .sent
        case .exited(75): return .deferred("\(name) exited with 75 (try again later)\(saidPart)")
        case .exited(let status): return .failed("\(name) exited with \(status)\(saidPart)")
        case .signaled(let signal): return .failed("\(name) was killed by signal \(signal)\(saidPart)")
        case .timedOut:
            let seconds = timeout == timeout.rounded() && timeout < 1e9 ? String(Int(timeout)) : String(timeout)
            return .deferred("\(name) did not finish within \(seconds) second\(timeout == 1 ? "" : "s") (--timeout) and was ended; the next run tries again\(saidPart)")
        }
    }

    /// A temporary file descriptor, already unlinked, holding the bytes and open for reading from
    /// the start; or nil, and why. It lives in shared memory (`SharedMemoryFile`) when the
    /// system has it, else in the temporary folder. Close-on-exec, so that no other child
    /// inherits it.
    private static func anonymousFile(holding bytes: [UInt8]) -> (Int32?, String) {
        let descriptor: Int32
        if let shared = SharedMemoryFile.openUnlinked(prefix: "/policysite-message") {
            descriptor = shared
        } else {
            var template = Array((FileManager.default.temporaryDirectory.path + "/policysite-message-XXXXXX").utf8CString)
            let (made, code) = ChildProcess.creatingDescriptors { () -> (Int32, Int32) in
                let made = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
                if made >= 0 { ChildProcess.closeOnExec(made) }
                return (made, errno)
            }
            guard made >= 0 else { return (nil, SystemError.phrase(code)) }
            descriptor = made
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        }
        if let code = bytes.withUnsafeBytes({ DescriptorWriting.writeAll($0, to: descriptor) }) {
            close(descriptor)
            return (nil, SystemError.phrase(code))
        }
        lseek(descriptor, 0, SEEK_SET)
        return (descriptor, "")
    }
}
