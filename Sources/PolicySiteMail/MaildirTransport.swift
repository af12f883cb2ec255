import Crypto
import Foundation
import PolicySiteSupport

/// Writes each message as a file into a Maildir: into `tmp/`, then moved atomically into `new/`,
/// so a mail reader never sees half a message.
package struct MaildirTransport: MailTransport {
    package let folder: URL
    private let host: String

    /// Why a Maildir cannot be used, in words for the person who chose it (said of "this Maildir",
    /// for a message on its path).
    package struct Unusable: Error, Sendable, CustomStringConvertible {
        package var description: String
    }

    /// Creates `tmp/`, `new/` and `cur/` when they are missing, and checks that a message can be
    /// written into it, so that a folder notify cannot write to stops the run before any message.
    package init(folder: URL) throws(Unusable) {
        self.folder = folder
        host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: "/", with: "\\057").replacingOccurrences(of: ":", with: "\\072")
        for sub in ["tmp", "new", "cur"] {
            let path = folder.appending(path: sub).path
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
                guard isFolder.boolValue else { throw Unusable(description: "this Maildir's \(sub) is a file, not a folder (a Maildir holds the folders tmp, new and cur); choose another folder") }
                continue
            }
            if let code = SystemError.makeFolders(path) { throw Unusable(description: "cannot make this Maildir: \(Self.advice(code))") }
        }
        let probe = folder.appending(path: "tmp/.policysite-probe-\(getpid())")
        if let code = SystemError.writeNewFile([], at: probe.path) { throw Unusable(description: "cannot write into this Maildir: \(Self.advice(code))") }
        unlink(probe.path)
    }

    package func deliver(_ message: [UInt8], from sender: String, to recipient: String, name: String) -> DeliveryOutcome {
        // time.unique.host: unique by the message's own bytes, the process and the moment.
        let digest = Hex.encode(SHA256.hash(data: message).prefix(8))
        let unique = "\(Int(Date().timeIntervalSince1970)).P\(ProcessInfo.processInfo.processIdentifier)M\(digest).\(host)"
        let temporary = folder.appending(path: "tmp/\(unique)")
        if let code = SystemError.writeNewFile(message, at: temporary.path) {
            unlink(temporary.path)
            return .failed("cannot write into the Maildir \(folder.path): \(Self.advice(code))")
        }
        guard rename(temporary.path, folder.appending(path: "new/\(unique)").path) == 0 else {
            let code = errno
            unlink(temporary.path)
            return .failed("cannot write into the Maildir \(folder.path): \(Self.advice(code))")
        }
        return .sent
    }

    private static func advice(_ code: Int32) -> String {
        "\(SystemError.phrase(code)); choose a folder notify can write to"
    }
}
