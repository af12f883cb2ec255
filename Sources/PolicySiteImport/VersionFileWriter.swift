import Foundation
import PolicySiteModel
import PolicySiteSupport

/// Writes a version file as the sample's are written (front matter: version, effective,
/// published, material, and notice_waived when given; then the Markdown), creating it exclusively: `O_CREAT | O_EXCL` fails on
/// any name already there, a file or a symbolic link, even one created a moment before by
/// another process, so a version file is never overwritten.
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

    /// Creates `url` with `contents`; on failure removes what it created.
    static func create(_ url: URL, contents: String) -> Result<Void, Failure> {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return .failure(Failure(code: errno)) }
        let bytes = Array(contents.utf8)
        let failed = bytes.withUnsafeBytes { DescriptorWriting.writeAll($0, to: descriptor) }
        let synced = failed == nil ? (fsync(descriptor) == 0 ? nil : errno) : failed
        close(descriptor)
        if let code = synced {
            unlink(url.path)
            return .failure(Failure(code: code))
        }
        return .success(())
    }
}
