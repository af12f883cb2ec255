import Foundation

/// One version file of a policy, as declared in its front matter. The Markdown body is not kept:
/// it is read again when the version is rendered, so that a large site never sits in memory.
package struct VersionSource: Sendable, Hashable {
    /// The file as named in messages: `policies/plimus/1.4.md`.
    package var path: String
    /// The file on disk.
    package var file: URL
    /// The label readers see: `1.4`.
    package var label: String
    /// The label as a URL segment: `1.4`, `2024-edition`.
    package var segment: String
    package var effective: CalendarDay
    /// The day it is announced; never after `effective`.
    package var published: CalendarDay
    package var title: String?
    package var summary: String?
    /// False for an editorial change.
    package var material: Bool
    /// Why a material version may take effect with less than the site's notice period.
    package var noticeWaived: String?
    /// The file line on which the Markdown body starts.
    package var bodyFirstLine: Int
    /// SHA-256 of the Markdown body's UTF-8 bytes (everything after the closing `---` line), hex:
    /// what `policies.json` publishes and `policysite.lock` holds a published version to.
    package var bodySHA256: String
    /// The line of each front matter key, for messages about its value.
    package var keyLines: [String: Int] = [:]
    /// The translations beside the file (`1.4.de.md`), by language; empty on a one-language site.
    package var translations: [String: TranslationSource] = [:]

    /// A version as read from its file; `keyLines` are the front matter's lines, for messages.
    package init(path: String, file: URL, label: String, segment: String, effective: CalendarDay, published: CalendarDay, title: String?, summary: String?, material: Bool, noticeWaived: String?, bodyFirstLine: Int, bodySHA256: String, keyLines: [String: Int] = [:]) {
        self.path = path
        self.file = file
        self.label = label
        self.segment = segment
        self.effective = effective
        self.published = published
        self.title = title
        self.summary = summary
        self.material = material
        self.noticeWaived = noticeWaived
        self.bodyFirstLine = bodyFirstLine
        self.bodySHA256 = bodySHA256
        self.keyLines = keyLines
    }

    /// The URL segment of a version label: lower-cased, each run of characters outside
    /// `[a-z0-9.]` turned into `-`, dashes trimmed at both ends.
    package static func segment(for label: String) -> String {
        var segment = ""
        var pendingDash = false
        for character in label.lowercased().unicodeScalars {
            let isKept = ("a"..."z").contains(character) || ("0"..."9").contains(character) || character == "."
            if isKept {
                if pendingDash && !segment.isEmpty { segment.append("-") }
                pendingDash = false
                segment.unicodeScalars.append(character)
            } else {
                pendingDash = true
            }
        }
        return segment
    }

    /// The most characters a version label (and its URL segment) may have, so that every folder
    /// the site and the outbox are made of stays far below the 255 bytes a file name may have.
    package static let maximumLabelLength = 100

    /// A segment that names a real, visible folder: not empty, and not starting with a dot.
    package static func isUsableSegment(_ segment: String) -> Bool {
        !segment.isEmpty && !segment.hasPrefix(".")
    }
}
