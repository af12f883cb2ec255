import PolicySiteModel
import PolicySiteSupport

/// A published version without a translation in each of the site's languages: a warning (its
/// pages in that language show the authoritative text with a note), or an error with
/// `require_translations: true`.
enum TranslationRule {
    static func problems(_ policies: [PolicySource], config: SiteConfig, asOf: CalendarDay) -> [Diagnostic] {
        let others = config.languages.dropFirst()
        guard !others.isEmpty else { return [] }
        var problems: [Diagnostic] = []
        for policy in policies {
            for version in policy.versions where version.published <= asOf {
                let missing = others.filter { version.translations[$0] == nil }
                guard !missing.isEmpty else { continue }
                let stem = TranslationName.stem(of: version.path)
                let files = missing.map { "\(stem).\($0).md" }.joined(separator: ", ")
                if config.requireTranslations {
                    problems.append(.error(version.path, "version \(version.label) is published and has no translation in \(missing.joined(separator: ", ")), and 'require_translations' is true: add \(files)"))
                } else {
                    problems.append(.warning(version.path, "version \(version.label) has no translation in \(missing.joined(separator: ", ")) (\(files)): its pages in \(missing.count == 1 ? "that language" : "those languages") show the authoritative text with a note"))
                }
            }
        }
        return problems
    }
}

/// How a version file's name gives its translations' names.
enum TranslationName {
    /// `policies/privacy/1.4.md` → `1.4`.
    static func stem(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }
}
