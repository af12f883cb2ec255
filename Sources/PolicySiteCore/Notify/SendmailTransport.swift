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
        let process = Process()
        process.executableURL = program
        process.arguments = ["-i", "-f", sender, "--", recipient]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failed("cannot run \(program.path): \(error.localizedDescription)")
        }
        var writeProblem: String?
        do {
            try input.fileHandleForWriting.write(contentsOf: message)
        } catch {
            writeProblem = "the program stopped reading the message: \(error.localizedDescription)"
        }
        try? input.fileHandleForWriting.close()  // closing our end of a pipe; nothing to report
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let said = String(decoding: stderr.suffix(300), as: UTF8.self)
            .split(whereSeparator: \.isNewline).last.map { ": " + $0 } ?? ""
        switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0) where writeProblem == nil: return .sent
        case (.exit, 0): return .failed(writeProblem ?? "")
        case (.exit, 75): return .deferred("\(program.lastPathComponent) exited with 75 (try again later)\(said)")
        case (.exit, let status): return .failed("\(program.lastPathComponent) exited with \(status)\(said)")
        case (_, let signal): return .failed("\(program.lastPathComponent) was killed by signal \(signal)\(said)")
        }
    }
}
