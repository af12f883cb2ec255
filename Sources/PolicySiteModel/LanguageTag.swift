/// BCP 47 language tags as the site uses them: which of the site's languages serves a reader's
/// tag, and which way a language's script runs.
package enum LanguageTag {
    /// Whether `tag` is written like a BCP 47 tag: a 2 or 3 letter language, then subtags of 1 to 8
    /// letters or digits (`de`, `de-AT`, `zh-Hant-TW`).
    package static func isWellFormed(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy(\.isASCIILetter) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit } }
    }

    /// Whether a file name's part reads as a language tag: lower-case `xx` or `xxx`, with subtags
    /// (`de`, `pt-br`, `pt-BR`), as a translation's file name carries it.
    package static func looksLikeLanguage(_ part: String) -> Bool {
        guard let first = part.split(separator: "-", omittingEmptySubsequences: false).first,
              first.allSatisfy({ $0.isASCIILetter && $0.isLowercase }) else { return false }
        return isWellFormed(part)
    }

    /// The site language that serves `tag`: the tag itself, else each shorter prefix of it
    /// (`de-AT` → `de`), compared without regard to case; nil when none does (the caller uses
    /// the default language).
    package static func match(_ tag: String, in languages: [String]) -> String? {
        var parts = tag.replacingUnderscores.split(separator: "-").map(String.init)
        while !parts.isEmpty {
            let candidate = parts.joined(separator: "-").lowercased()
            if let found = languages.first(where: { $0.lowercased() == candidate }) { return found }
            parts.removeLast()
        }
        return nil
    }

    /// `match`, or the default language (the first of `languages`).
    package static func resolve(_ tag: String?, in languages: [String]) -> String {
        tag.flatMap { match($0, in: languages) } ?? languages.first ?? "en"
    }

    /// The fallbacks of `tag`, most specific first: `de-AT` → `[de-AT, de]`.
    package static func fallbacks(_ tag: String) -> [String] {
        let parts = tag.replacingUnderscores.split(separator: "-").map(String.init)
        return (1...max(parts.count, 1)).reversed().map { parts.prefix($0).joined(separator: "-") }.filter { !$0.isEmpty }
    }

    /// Languages written right to left (their primary subtag), for `dir="rtl"`.
    static let rightToLeft: Set<String> = ["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ku", "ps", "sd", "syr", "ug", "ur", "yi"]

    /// Scripts written right to left, when a tag names its script (`az-Arab`).
    static let rightToLeftScripts: Set<String> = ["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"]

    /// Whether text in `tag` runs right to left: by its script subtag when it has one, else by its language.
    package static func isRightToLeft(_ tag: String) -> Bool {
        let parts = tag.replacingUnderscores.split(separator: "-").map { $0.lowercased() }
        if let script = parts.dropFirst().first(where: { $0.count == 4 }) { return rightToLeftScripts.contains(script) }
        return parts.first.map(rightToLeft.contains) ?? false
    }
}

private extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}

private extension Character {
    var isASCIILetter: Bool { isASCII && isLetter }
    var isASCIIDigit: Bool { isASCII && isNumber }
}
