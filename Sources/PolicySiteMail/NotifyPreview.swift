import Foundation
import PolicySiteModel
import PolicySiteNotices
import PolicySiteSupport

extension Notifier {
    /// What `notify --preview` wrote for a notice.
    package struct PreviewedNotice: Sendable, Hashable {
        /// `<policy>/<segment>`.
        package var id: String
        package var messages: Int
        /// The messages written by language and by the version they compare from.
        package var byLanguage: [String: Int] = [:]
        package var byStartingVersion: [String: Int] = [:]
    }

    /// `notify --preview DIR`: writes the messages of every notice in the outbox, byte for byte as
    /// a transport would get them, as `<policy>-<segment>-<line>.eml` files (named by the
    /// recipient's line in `recipients.csv`, not by anything personal) into `folder`, which must
    /// be new or empty; at most `limit` per notice. Neither reads nor writes the ledger, and takes
    /// no lock, so it runs beside a `notify` that sends.
    package static func preview(_ paths: SitePaths, into folder: URL, limit: Int?, now: @Sendable () -> Date = Date.init) throws(NotifyFailure) -> [PreviewedNotice] {
        let setup = try NotifySetup.load(paths)
        try prepareEmptyFolder(folder)
        var previewed: [PreviewedNotice] = []
        for notice in setup.notices {
            var composer = MessageComposer(setup: setup, notice: notice.notice)
            let list = setup.recipientsList(of: notice.notice)
            var written = 0
            var byLanguage: [String: Int] = [:]
            var byStartingVersion: [String: Int] = [:]
            // The ledger imports one row per address; the preview leaves out the same repeats.
            var seen = Set<String>()
            do throws(Diagnostics) {
                try list.forEach { recipient, key throws(Diagnostics) in
                    if let limit, written >= limit { return }
                    guard seen.insert(key).inserted else { return }
                    let message = composer.message(for: recipient, date: now())
                    let file = folder.appending(path: "\(notice.notice.policy)-\(notice.notice.segment)-\(recipient.line).eml")
                    if let code = SystemError.writeNewFile(message.bytes, at: file.path) {
                        throw Diagnostics([.error(file.path, "cannot write the preview: \(SystemError.phrase(code)); choose a folder notify can write to")])
                    }
                    written += 1
                    let variant = composer.variant(of: recipient)
                    byLanguage[variant.language, default: 0] += 1
                    if let from = variant.startingVersion.isEmpty ? notice.notice.previousVersion : variant.startingVersion {
                        byStartingVersion[from, default: 0] += 1
                    }
                }
            } catch {
                throw NotifyFailure(error)
            }
            previewed.append(PreviewedNotice(id: notice.id, messages: written, byLanguage: byLanguage, byStartingVersion: byStartingVersion))
        }
        return previewed
    }

    /// Makes the folder, or checks that it is an empty one: a preview never mixes with, or
    /// overwrites, other files.
    private static func prepareEmptyFolder(_ folder: URL) throws(NotifyFailure) {
        var info = stat()
        guard stat(folder.path, &info) == 0 else {
            let code = errno
            guard code == ENOENT else {
                throw NotifyFailure([.error(folder.path, "cannot use the preview folder: \(SystemError.phrase(code))")])
            }
            if let failure = SystemError.makeFolders(folder.path) {
                throw NotifyFailure([.error(folder.path, "cannot make the preview folder: \(SystemError.phrase(failure)); choose a folder notify can write to")])
            }
            return
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw NotifyFailure([.error(folder.path, "not a folder; --preview writes the messages into a new or empty folder")])
        }
        guard let directory = opendir(folder.path) else {
            throw NotifyFailure([.error(folder.path, "cannot read the preview folder: \(SystemError.phrase(errno))")])
        }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." {
                throw NotifyFailure([.error(folder.path, "the folder is not empty; --preview writes into a new or empty folder, so that no file is overwritten or mixed in: name another")])
            }
        }
    }
}
