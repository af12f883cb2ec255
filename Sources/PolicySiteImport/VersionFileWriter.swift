import Foundation
import PolicySiteModel
import PolicySiteSupport

/// Writes a version file as the sample's are written (front matter: version, effective,
/// published, material, and notice_waived when given; then the Markdown), never over a file.
enum VersionFileWriter {
    static func contents(_ document: ConvertedDocument) -> String {
        """
        ---
        version: \(quoted(document.label))
        effective: \(document.effective)
        published: \(document.published)
        material: true

        """ + (document.noticeWaived.map { "notice_waived: \(quoted($0))\n" } ?? "") + "---\n" + document.body
    }

    /// A YAML double-quoted scalar. A label holds no control character (`Importer` refuses one),
    /// so only the backslash and the quote need escaping.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Why a file could not be created.
    struct Failure: Error {
        var code: Int32
    }

    /// Creates `url` with `contents`, never over anything there. The text is written to a hidden
    /// file beside it (created with `O_EXCL`, synced), which is then moved to its name only if
    /// the name is still free (`Rename.moveExclusively`): a run killed at any moment leaves either
    /// no version file or a whole one, and at worst a hidden leftover that builds ignore.
    static func create(_ url: URL, contents: String) -> Result<Void, Failure> {
        var info = stat()
        if lstat(url.path, &info) == 0 { return .failure(Failure(code: EEXIST)) }
        let staged = url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).policysite-import-\(getpid())-\(UUID().uuidString.prefix(8))")
        let descriptor = open(staged.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return .failure(Failure(code: errno)) }
        let bytes = Array(contents.utf8)
        let failed = bytes.withUnsafeBytes { DescriptorWriting.writeAll($0, to: descriptor) }
        let synced = failed == nil ? (fsync(descriptor) == 0 ? nil : errno) : failed
        close(descriptor)
        if let code = synced ?? Rename.moveExclusively(staged, to: url) {
            unlink(staged.path)
            return .failure(Failure(code: code))
        }
        // The new name itself is made durable by syncing its folder.
        let folder = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
        return .success(())
    }
}
