import Crypto
import Foundation
import PolicySiteModel
import PolicySiteSupport

/// Reads a translation's front matter (`1.4.de.md`) against its original: it may carry `title`
/// and `summary`; the version, dates, materiality and notice are the original's, and any of them
/// written differently is an error at its line.
enum TranslationFileParser {
    /// The keys a translation may write only as its original has them.
    static let originalKeys: Set<String> = ["version", "effective", "published", "material", "notice_waived"]
    static let ownKeys: Set<String> = ["title", "summary"]

    /// The translation, or nil (with the problems added) when the file holds an error.
    static func parse(_ source: SourceText, file: URL, language: String, original: VersionSource, _ diagnostics: inout Diagnostics) -> TranslationSource? {
        let path = source.path
        guard let frontMatter = FrontMatter.split(source.text, path: path, &diagnostics),
              let yaml = YAMLMapping.parse(frontMatter.yaml, path: path, firstLine: frontMatter.yamlFirstLine, &diagnostics) else { return nil }
        var problems = Diagnostics()
        yaml.warnOfUnknownKeys(known: originalKeys.union(ownKeys), in: "the front matter", &problems)
        let title = yaml.string("title", &problems)
        let summary = yaml.string("summary", &problems)
        for key in yaml.keyOrder where originalKeys.contains(key) {
            guard let written = yaml.string(key, &problems), let differs = difference(key, written, original) else { continue }
            problems.error(path, line: yaml.line(of: key), "'\(key)' is \(differs.written) here and \(differs.original) in \(original.path): a translation takes its version, dates, materiality and notice from the original; remove the line (a translation's front matter carries only 'title' and 'summary')")
        }
        problems.add(VersionFileParser.bodyControlCharacters(frontMatter, path: path))
        problems.add(VersionFileParser.bodyMojibake(frontMatter, path: path))
        diagnostics.add(problems)
        guard !problems.hasErrors else { return nil }
        return TranslationSource(path: path, file: file, language: language, title: title, summary: summary,
                                 bodyFirstLine: frontMatter.bodyFirstLine,
                                 bodySHA256: Hex.encode(SHA256.hash(data: Data(frontMatter.body.utf8))))
    }

    /// How a key written in a translation differs from its original, or nil when it says the same.
    private static func difference(_ key: String, _ written: String, _ original: VersionSource) -> (written: String, original: String)? {
        func quoted(_ text: String?) -> String { text.map { "'\($0)'" } ?? "not set" }
        switch key {
        case "version":
            return written == original.label ? nil : (quoted(written), quoted(original.label))
        case "effective":
            return CalendarDay(iso: written) == original.effective ? nil : (written, original.effective.iso)
        case "published":
            return CalendarDay(iso: written) == original.published ? nil : (written, original.published.iso)
        case "material":
            let value: Bool? = ["true", "yes", "on"].contains(written.lowercased()) ? true : ["false", "no", "off"].contains(written.lowercased()) ? false : nil
            return value == original.material ? nil : (written, String(original.material))
        case "notice_waived":
            return written == original.noticeWaived ? nil : (quoted(written), quoted(original.noticeWaived))
        default:
            return nil
        }
    }
}
