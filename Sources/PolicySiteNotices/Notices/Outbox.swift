import Foundation
import PolicySiteSupport

/// The outbox's layout, in one place: one folder per notice, `<policy>/<segment>/`, holding its
/// `notice.json`, `recipients.csv` and `skipped.csv`. `build` writes notices into a staging
/// folder laid out the same way and moves them in; `notify` reads them. Every path into the
/// outbox, and its name in messages, comes from here.
package struct Outbox: Sendable {
    /// The outbox folder, or a staging folder laid out as one.
    package let folder: URL
    /// The folder as messages name it: as the site's settings spell it, relative to the site root.
    package let displayPath: String

    /// `displayPath` defaults to the folder's path.
    package init(folder: URL, displayPath: String? = nil) {
        self.folder = folder
        self.displayPath = displayPath ?? folder.path
    }

    /// `<policy>/<segment>`: a notice's folder relative to the outbox, which also names the
    /// notice in the ledger.
    static func noticePath(policy: String, segment: String) -> String { "\(policy)/\(segment)" }

    /// A notice's folder relative to the outbox, which also names it in the ledger.
    package static func noticePath(of notice: Notice) -> String { noticePath(policy: notice.policy, segment: notice.segment) }

    /// The folder of one policy's notices.
    package func policyFolder(_ policy: String) -> URL { folder.appending(path: policy) }

    /// The folder of a notice given by its policy and segment.
    package func noticeFolder(policy: String, segment: String) -> URL { policyFolder(policy).appending(path: segment) }

    /// The folder of a notice: its `notice.json` and its lists.
    package func noticeFolder(of notice: Notice) -> URL { noticeFolder(policy: notice.policy, segment: notice.segment) }

    /// A path relative to the outbox, as messages show it.
    package func display(_ relative: String) -> String { displayPath + "/" + relative }

    /// A notice's folder as messages show it.
    package func display(policy: String, segment: String) -> String { display(Self.noticePath(policy: policy, segment: segment)) }

    /// A notice's folder as messages show it.
    package func display(of notice: Notice) -> String { display(Self.noticePath(of: notice)) }

    /// A file of a notice's folder (`notice.json`, a list), as messages show it.
    package func display(_ name: String, of notice: Notice) -> String { display(of: notice) + "/" + name }

    /// Every notice in the outbox, read from its `<policy>/<segment>/notice.json`, in order of
    /// policy and segment. Names that begin with a dot (a build's staging folder, the ledger's
    /// files) are not notices. A notice folder without a readable `notice.json` is an error,
    /// added to `diagnostics`: its recipients would otherwise never be told.
    package func notices(_ diagnostics: inout Diagnostics) -> [Notice] {
        guard Self.isFolder(folder) else { return [] }
        var notices: [Notice] = []
        for policy in entries(of: folder, &diagnostics, displayPath: displayPath) where Self.isFolder(policyFolder(policy)) {
            for segment in entries(of: policyFolder(policy), &diagnostics, displayPath: display(policy)) {
                let notice = noticeFolder(policy: policy, segment: segment)
                guard Self.isFolder(notice) else { continue }
                do {
                    notices.append(try NoticeFile.read(from: notice))
                } catch {
                    diagnostics.error(display(policy: policy, segment: segment), "\(error), so notify cannot tell what this notice is and sends nothing; restore the folder from a backup of the outbox, or move it out of the outbox if it is not a notice that build wrote")
                }
            }
        }
        return notices
    }

    /// The names in a folder of the outbox, sorted, without those that begin with a dot.
    private func entries(of folder: URL, _ diagnostics: inout Diagnostics, displayPath: String) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            diagnostics.error(displayPath, "cannot list the folder: \(FileOperationError.describe(error))")
            return []
        }
    }

    private static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// A notice's `recipients.csv`.
    package func recipientsList(of notice: Notice) -> RecipientsList {
        let sibling = notice.lists?[RecipientsList.startingVersionsFileName] == nil ? nil : list(RecipientsList.startingVersionsFileName, of: notice)
        return RecipientsList(file: list(RecipientsList.fileName, of: notice), startingVersions: sibling)
    }

    /// A list of a notice (`recipients.csv`, `skipped.csv`), read back: a list that cannot be
    /// read is not the one `build` wrote, so nothing of the notice is sent until it is restored.
    package func list(_ name: String, of notice: Notice) -> CSVFile {
        CSVFile(url: noticeFolder(of: notice).appending(path: name), displayPath: display(name, of: notice), noun: "the list",
                advice: "nothing of this notice is sent; restore \(display(of: notice)) from a backup of the outbox")
    }

    /// A list of a notice being written by `build`, into a staging folder laid out as the outbox.
    func listBeingWritten(_ name: String, of notice: Notice) -> CSVFile {
        CSVFile(url: noticeFolder(of: notice).appending(path: name), displayPath: display(name, of: notice), noun: "the list",
                advice: Self.writingAdvice)
    }

    /// What to do when `build` cannot write a notice into the outbox's staging folder.
    static let writingAdvice = "free some space, or make the outbox's folder writable, and build again"
}
