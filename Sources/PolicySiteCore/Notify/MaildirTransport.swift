import Crypto
import Foundation

/// Writes each message as a file into a Maildir: into `tmp/`, then moved atomically into `new/`,
/// so a mail reader never sees half a message.
public struct MaildirTransport: MailTransport {
    public let folder: URL
    private let host: String

    /// Creates `tmp/`, `new/` and `cur/` when they are missing.
    public init(folder: URL) throws {
        self.folder = folder
        for sub in ["tmp", "new", "cur"] {
            try FileManager.default.createDirectory(at: folder.appending(path: sub), withIntermediateDirectories: true)
        }
        host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: "/", with: "\\057").replacingOccurrences(of: ":", with: "\\072")
    }

    public func deliver(_ message: [UInt8], from sender: String, to recipient: String, name: String) -> DeliveryOutcome {
        // time.unique.host: unique by the message's own bytes, the process and the moment.
        let digest = Hex.encode(SHA256.hash(data: message).prefix(8))
        let unique = "\(Int(Date().timeIntervalSince1970)).P\(ProcessInfo.processInfo.processIdentifier)M\(digest).\(host)"
        let temporary = folder.appending(path: "tmp/\(unique)")
        do {
            try Data(message).write(to: temporary)
            try Rename.move(temporary, to: folder.appending(path: "new/\(unique)"))
            return .sent
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            return .failed("cannot write into \(folder.path): \(error.localizedDescription)")
        }
    }
}
