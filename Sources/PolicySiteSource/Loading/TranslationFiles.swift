import Foundation
import PolicySiteModel
import PolicySiteSupport

/// Tells a policy folder's translations (`1.4.de.md`) from its version files, and reads them.
enum TranslationFiles {
    /// A translation file found in a policy folder.
    struct File: Sendable {
        var policy: String
        var item: SourceAccess.Item
        var language: String
        /// The original's file name: `1.4.md`.
        var original: String
    }

    /// Which Markdown files of a policy folder are version files (by name) and which are
    /// translations. A name `<v>.<lang>.md` is a translation when `<lang>` is one of the site's
    /// languages other than the default; one for the default language, one for a version that has
    /// no file, and one whose `<lang>` reads as a language the site does not have beside an
    /// existing `<v>.md` are errors.
    static func sort(_ files: [SourceAccess.Item], policy: String, languages: [String], paths: SitePaths,
                     _ problems: inout Diagnostics) -> (versions: Set<String>, translations: [File]) {
        let names = Set(files.map(\.name))
        var versions: Set<String> = []
        var translations: [File] = []
        let listed = languages.joined(separator: ", ")
        for item in files {
            let stem = String(item.name.dropLast(".md".count))
            guard let dot = stem.lastIndex(of: "."), dot != stem.startIndex else {
                versions.insert(item.name)
                continue
            }
            let tag = String(stem[stem.index(after: dot)...])
            let original = String(stem[..<dot]) + ".md"
            let display = paths.display(item.relative)
            if let language = languages.first(where: { $0.lowercased() == tag.lowercased() }) {
                if language == languages.first {
                    problems.error(display, "'\(tag)' is the site's default language, whose text is the version file itself (\(original)); remove this file, or put its text in \(original)")
                } else if !names.contains(original) {
                    problems.error(display, "a translation of a version that does not exist: there is no \(original) beside it; add the version, or correct the file name (a translation is named like its original, with the language before .md)")
                } else {
                    translations.append(File(policy: policy, item: item, language: language, original: original))
                }
            } else if LanguageTag.looksLikeLanguage(tag) && names.contains(original) {
                problems.error(display, "'\(tag)' is not one of the site's languages (\(listed)); add it to 'languages' in \(SiteConfig.fileName), or rename the file")
            } else {
                versions.insert(item.name)
            }
        }
        return (versions, translations)
    }

    /// Reads the translations of one policy in parallel against their originals; by the
    /// original's file name, each one's translations by language.
    static func parse(_ files: [File], originals: [VersionSource], access: SourceAccess, jobs: Int,
                      _ problems: inout Diagnostics) -> [String: [String: TranslationSource]] {
        let byName = Dictionary(originals.map { (fileName($0.path), $0) }, uniquingKeysWith: { first, _ in first })
        let parsed = ParallelWork.map(count: files.count, jobs: jobs) { index -> (TranslationSource?, Diagnostics) in
            let file = files[index]
            var found = Diagnostics()
            guard let original = byName[file.original] else { return (nil, found) }
            let translation = access.text(file.item, &found).flatMap {
                TranslationFileParser.parse($0, file: file.item.url, language: file.language, original: original, &found)
            }
            return (translation, found)
        }
        var result: [String: [String: TranslationSource]] = [:]
        for (file, (translation, found)) in zip(files, parsed) {
            problems.add(found)
            if let translation { result[file.original, default: [:]][file.language] = translation }
        }
        return result
    }

    /// The file name of a path as shown in messages: `1.4.md`.
    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
