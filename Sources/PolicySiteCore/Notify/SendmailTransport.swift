import Foundation

/// Hands each message to a sendmail-compatible program (postfix, exim, msmtp), run directly,
/// without a shell, as `PATH -i -f <from> -- <recipient>`, with the message on standard input.
/// Exit status 0 is handed off, 75 deferred, anything else failed.
public struct SendmailTransport: MailTransport {
    public let program: URL

    public init(program: URL) {
        self.program = program
    }

    public func deliver(_ message: [UInt8], from sender: String, to recipient: String, name: String) -> DeliveryOutcome {
        // The message goes to the program as a complete file, not through a pipe: if notify is
        // killed while handing it over, a pipe would end early and sendmail would take the
        // truncated message for a whole one and send it.
        let (staged, problem) = Self.anonymousFile(holding: message)
        guard let input = staged else {
            return .deferred("cannot stage the message for \(program.lastPathComponent): \(problem)")
        }
        let process = Process()
        process.executableURL = program
        process.arguments = ["-i", "-f", sender, "--", recipient]
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failed("cannot run \(program.path): \(error.localizedDescription)")
        }
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let said = String(decoding: stderr.suffix(300), as: UTF8.self)
            .split(whereSeparator: \.isNewline).last.map { ": " + $0 } ?? ""
        switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0): return .sent
        case (.exit, 75): return .deferred("\(program.lastPathComponent) exited with 75 (try again later)\(said)")
        case (.exit, let status): return .failed("\(program.lastPathComponent) exited with \(status)\(said)")
        case (_, let signal): return .failed("\(program.lastPathComponent) was killed by signal \(signal)\(said)")
        }
    }

    /// A temporary file, already unlinked, holding the bytes and open for reading from the start;
    /// or nil, and why. It lives in shared memory (`shm_open`, /dev/shm) when the system has it,
    /// else in the temporary folder.
    private static func anonymousFile(holding bytes: [UInt8]) -> (FileHandle?, String) {
        var descriptor = Int32(-1)
        for _ in 0..<4 where descriptor < 0 {
            let name = "/policysite-message-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            descriptor = shm_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 { shm_unlink(name) }
        }
        if descriptor < 0 {
            var template = Array((FileManager.default.temporaryDirectory.path + "/policysite-message-XXXXXX").utf8CString)
            descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { return (nil, String(cString: strerror(errno))) }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        }
        if let code = bytes.withUnsafeBytes({ DescriptorWriting.writeAll($0, to: descriptor) }) {
            close(descriptor)
            return (nil, String(cString: strerror(code)))
        }
        lseek(descriptor, 0, SEEK_SET)
        return (FileHandle(fileDescriptor: descriptor, closeOnDealloc: true), "")
    }
}
