import Crypto
import Foundation

/// Reads one version file's front matter into a `VersionSource`, or reports what is wrong with it.
enum VersionFileParser {
    static let knownKeys: Set<String> = ["version", "effective", "published", "title", "summary", "material", "notice_waived"]

    static func parse(_ source: SourceText, file: URL) -> (VersionSource?, [Diagnostic]) {
        let path = source.path
        let frontMatter: FrontMatter
        switch FrontMatter.split(source.text, path: path) {
        case .success(let split): frontMatter = split
        case .failure(let problem): return (nil, [problem])
        }
        let yaml: YAMLMapping
        switch YAMLMapping.parse(frontMatter.yaml, path: path, firstLine: frontMatter.yamlFirstLine) {
        case .success(let mapping): yaml = mapping
        case .failure(let problem): return (nil, [problem])
        }
        var problems = yaml.unknownKeys(known: knownKeys, in: "the front matter")
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
                problems.append(.error(path, line: yaml.line(of: "version"), "the version label is \(label.count) characters long; a label may have at most \(VersionSource.maximumLabelLength), because it names a folder of the site"))
            } else if !VersionSource.isUsableSegment(segment) {
                problems.append(.error(path, line: yaml.line(of: "version"), "the version label '\(label)' gives no usable URL segment: it needs an ASCII letter or digit (a-z, A-Z, 0-9) for its URL segment, since other characters are left out of the URL, and must not start with '.'"))
            }
        }
        if let published, let effective, published > effective {
            problems.append(.error(path, line: yaml.line(of: "published"), "'published' \(published) is after 'effective' \(effective): a version is announced on or before the day it takes effect"))
        }
        problems += bodyControlCharacters(frontMatter, path: path)
        guard let label, let effective, let published, !problems.contains(where: \.isError) else {
            return (nil, problems)
        }
        var version = VersionSource(
            path: path, file: file, label: label, segment: segment, effective: effective, published: published,
            title: title, summary: summary, material: material, noticeWaived: noticeWaived,
            bodyFirstLine: frontMatter.bodyFirstLine,
            bodySHA256: Hex.encode(SHA256.hash(data: Data(frontMatter.body.utf8)))
        )
        version.keyLines = Dictionary(uniqueKeysWithValues: yaml.keyOrder.map { ($0, yaml.line(of: $0)) })
        return (version, problems)
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
}
