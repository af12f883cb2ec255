/// The language a recipient's email is written in, from their `locale` (BCP 47) and the
/// languages a notice has: the tag, then the tag without its last subtag, and so on (`de-AT`,
/// then `de`), compared without regard to case, `_` taken for `-`; else the default language,
/// the first of the notice's. An empty or unknown locale gets the default.
package enum RecipientLanguage {
    /// The language of `languages` (the default first) that `locale` falls back to.
    package static func resolve(_ locale: String, among languages: [String]) -> String {
        guard let fallback = languages.first else { return "" }
        var tag = locale.lowercased().replacingUnderscores()
        while !tag.isEmpty {
            if let match = languages.first(where: { $0.lowercased().replacingUnderscores() == tag }) { return match }
            guard let dash = tag.lastIndex(of: "-") else { break }
            tag = String(tag[..<dash])
        }
        return fallback
    }
}

private extension String {
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
