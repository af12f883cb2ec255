import Foundation

/// A translation of a version, read from the file beside its original (`policies/privacy/1.4.de.md`).
/// Only its title, summary and text are its own: version, dates, materiality and notice are the
/// original's. Its body is not kept either: it is read again when its page is rendered.
package struct TranslationSource: Sendable, Hashable {
    /// The file as named in messages: `policies/privacy/1.4.de.md`.
    package var path: String
    /// The file on disk.
    package var file: URL
    /// The language, as written in `languages`.
    package var language: String
    package var title: String?
    package var summary: String?
    /// The file line on which the Markdown body starts.
    package var bodyFirstLine: Int
    /// SHA-256 of the Markdown body's UTF-8 bytes, hex: what the lock and `policies.json` hold.
    package var bodySHA256: String

    /// A translation as read from its file.
    package init(path: String, file: URL, language: String, title: String?, summary: String?, bodyFirstLine: Int, bodySHA256: String) {
        self.path = path
        self.file = file
        self.language = language
        self.title = title
        self.summary = summary
        self.bodyFirstLine = bodyFirstLine
        self.bodySHA256 = bodySHA256
    }
}
