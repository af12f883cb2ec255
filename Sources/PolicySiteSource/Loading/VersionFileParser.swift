import Crypto
import Foundation
import PolicySiteModel
import PolicySiteSupport

/// Reads one version file's front matter into a `VersionSource`, or reports what is wrong with it.
enum VersionFileParser {
    static let knownKeys: Set<String> = ["version", "effective", "published", "title", "summary", "material", "notice_waived"]

    /// The version, or nil (with the problems added) when the file holds an error.
    static func parse(_ source: SourceText, file: URL, _ diagnostics: inout Diagnostics) -> VersionSource? {
        let path = source.path
        guard let frontMatter = FrontMatter.split(source.text, path: path, &diagnostics),
              let yaml = YAMLMapping.parse(frontMatter.yaml, path: path, firstLine: frontMatter.yamlFirstLine, &diagnostics) else { return nil }
        var problems = Diagnostics()
        yaml.warnOfUnknownKeys(known: knownKeys, in: "the front matter", &problems)
        let label = yaml.required("version", "the label readers see, such as \"1.4\"", &problems)
        let effective = yaml.day("effective", required: "the day this version takes effect, as YYYY-MM-DD", &problems)
        let published = yaml.day("published", &problems) ?? effective
        let title = yaml.string("title", &problems)
        let summary = yaml.string("summary", &problems)
        let material = yaml.bool("material", &problems) ?? true
        let noticeWaived = yaml.string("notice_waived", &problems)

        var segment = ""
        if let label {
            segment = VersionSource.segment(for: label)
            if label.count > VersionSource.maximumLabelLength || segment.utf8.count > VersionSource.maximumLabelLength {
                problems.error(path, line: yaml.line(of: "version"), "the version label is \(label.count) characters long; a label may have at most \(VersionSource.maximumLabelLength), because it names a folder of the site")
            } else if !VersionSource.isUsableSegment(segment) {
                problems.error(path, line: yaml.line(of: "version"), "the version label '\(label)' gives no usable URL segment: it needs an ASCII letter or digit (a-z, A-Z, 0-9) for its URL segment, since other characters are left out of the URL, and must not start with '.'")
            }
        }
        if let published, let effective, published > effective {
            problems.error(path, line: yaml.line(of: "published"), "'published' \(published) is after 'effective' \(effective): a version is announced on or before the day it takes effect")
        }
        problems.add(bodyControlCharacters(frontMatter, path: path))
        problems.add(bodyMojibake(frontMatter, path: path))
        diagnostics.add(problems)
        guard let label, let effective, let published, !problems.hasErrors else { return nil }
        var version = VersionSource(
            path: path, file: file, label: label, segment: segment, effective: effective, published: published,
            title: title, summary: summary, material: material, noticeWaived: noticeWaived,
            bodyFirstLine: frontMatter.bodyFirstLine,
            bodySHA256: Hex.encode(SHA256.hash(data: Data(frontMatter.body.utf8)))
        )
        version.keyLines = Dictionary(uniqueKeysWithValues: yaml.keyOrder.map { ($0, yaml.line(of: $0)) })
        return version
    }

    /// One warning for the control characters in the Markdown text, which `VersionBody` removes:
    /// they would break the feeds and show as nothing or as garbage on the pages.
    static func bodyControlCharacters(_ frontMatter: FrontMatter, path: String) -> [Diagnostic] {
        let found = ControlCharacters.all(in: frontMatter.body)
        guard let first = found.first else { return [] }
        let line = frontMatter.bodyFirstLine + first.line
        if found.count == 1 {
            return [.warning(path, line: line, "removed \(ControlCharacters.name(first.scalar)) from the text: control characters cannot stand in a web page or a feed; delete it from the file (text pasted from a word processor often brings one)")]
        }
        return [.warning(path, line: line, "removed \(found.count) control characters from the text, the first \(ControlCharacters.name(first.scalar)) on this line: they cannot stand in a web page or a feed; delete them from the file (text pasted from a word processor often brings them)")]
    }

    /// One warning for text that looks like mojibake (UTF-8 once read as Windows-1252): the
    /// build renders it as written, so readers would see `â€™` where the author wrote `’`.
    static func bodyMojibake(_ frontMatter: FrontMatter, path: String) -> [Diagnostic] {
        guard let found = MojibakeTelltale.lines(in: frontMatter.body), let firstLine = found.lines.first else { return [] }
        let line = frontMatter.bodyFirstLine + firstLine - 1
        let more = found.lines.count > 1 ? " (and on \(found.lines.count - 1) more line\(found.lines.count == 2 ? "" : "s"))" : ""
        return [.warning(path, line: line, "this looks like mojibake, '\(ControlCharacters.escaped(found.first))'\(more): text saved as UTF-8 was read as Windows-1252 somewhere on its way; replace it with the character meant ('â€™' is ’, 'Ã©' is é, 'Â ' a space), or import the original with 'policysite import', which repairs it")]
    }
}
