import Foundation
import PolicySiteModel
import PolicySiteSupport

/// Reads and checks `policysite.yml`.
package enum SiteConfigLoader {
    static let knownKeys: Set<String> = ["title", "organization", "base_url", "theme", "output", "notice_days", "users", "users_query", "ledger", "outbox", "email", "languages", "authoritative_note", "require_translations"]
    static let knownEmailKeys: Set<String> = ["from", "reply_to", "unsubscribe_url", "unsubscribe_mailto"]

    /// The settings, or nil (with the problems added) when they cannot be read or hold an error.
    package static func load(_ paths: SitePaths, _ diagnostics: inout Diagnostics) -> SiteConfig? {
        let path = paths.display(SiteConfig.fileName)
        // The settings name the private places; until they are read, the defaults stand for them.
        let access = SourceAccess(paths: paths, config: nil)
        var lookup = Diagnostics()
        let found = access.item(SiteConfig.fileName, &lookup)
        diagnostics.add(lookup)
        guard let item = found else {
            if lookup.isEmpty {
                diagnostics.error(path, "no \(SiteConfig.fileName) here: this is not a site root (use --root, or 'policysite init DIR' to start a site)")
            }
            return nil
        }
        guard let source = access.text(item, &diagnostics),
              let yaml = YAMLMapping.parse(source.text, path: path, firstLine: 1, &diagnostics) else { return nil }
        return read(yaml, path: path, &diagnostics)
    }

    static func read(_ yaml: YAMLMapping, path: String, _ diagnostics: inout Diagnostics) -> SiteConfig? {
        var problems = Diagnostics()
        yaml.warnOfUnknownKeys(known: knownKeys, in: SiteConfig.fileName, &problems)
        let title = yaml.required("title", "the site's name, shown on every page", &problems)
        let organization = yaml.string("organization", &problems)
        let baseURL = yaml.required("base_url", "the absolute http(s) URL of the published site, ending in '/'", &problems)
        if let baseURL, let reason = baseURLProblem(baseURL) {
            problems.error(path, line: yaml.line(of: "base_url"), "'base_url' \(reason)")
        }
        let theme = yaml.string("theme", &problems) ?? "default"
        if theme.contains("/") || theme.hasPrefix(".") {
            problems.error(path, line: yaml.line(of: "theme"), "'theme' must be the name of a folder under themes/, found '\(theme)'")
        }
        let output = yaml.string("output", &problems) ?? "site"
        let noticeDays = yaml.integer("notice_days", in: 0...3650, &problems) ?? 30
        let users = yaml.string("users", &problems)
        let usersQuery = yaml.string("users_query", &problems)
        let ledger = yaml.string("ledger", &problems)
        checkDatabaseSettings(users: users, usersQuery: usersQuery, ledger: ledger, yaml: yaml, path: path, &problems)
        let outbox = yaml.string("outbox", &problems) ?? "outbox"
        var email = EmailConfig()
        if let mapping = yaml.mapping("email", &problems) {
            mapping.warnOfUnknownKeys(known: knownEmailKeys, in: "email", &problems)
            email.from = mapping.string("from", &problems)
            email.replyTo = mapping.string("reply_to", &problems)
            email.unsubscribeURL = mapping.string("unsubscribe_url", &problems)
            email.unsubscribeMailto = mapping.string("unsubscribe_mailto", &problems)
            if let template = email.unsubscribeURL, !(template.hasPrefix("https://") && template.contains("{token}")) {
                problems.error(path, line: mapping.line(of: "unsubscribe_url"), "'email.unsubscribe_url' must be an https URL with {token} in it")
            }
        }
        let languages = readLanguages(yaml, path: path, &problems)
        let notes = PerLanguageText.read("authoritative_note", in: yaml, languages: languages, path: path, &problems)
        let requireTranslations = yaml.bool("require_translations", &problems) ?? false
        diagnostics.add(problems)
        guard let title, let baseURL, !problems.hasErrors else { return nil }
        var config = SiteConfig(title: title, organization: organization, baseURL: baseURL, theme: theme, output: output, noticeDays: noticeDays,
                                users: users, outbox: outbox, email: email)
        config.languages = languages
        config.authoritativeNotes = notes
        config.requireTranslations = requireTranslations
        config.usersQuery = usersQuery
        config.ledger = ledger
        config.keyLines = Dictionary(uniqueKeysWithValues: yaml.keyOrder.map { ($0, yaml.line(of: $0)) })
        return config
    }

    /// `languages`: BCP 47 tags, each once; `[en]` when absent.
    static func readLanguages(_ yaml: YAMLMapping, path: String, _ problems: inout Diagnostics) -> [String] {
        guard let items = yaml.list("languages", &problems) else { return ["en"] }
        var languages: [String] = []
        for item in items {
            if !LanguageTag.isWellFormed(item.text) {
                problems.error(path, line: item.line, "'languages' holds '\(item.text)', which is not a language tag; write BCP 47 tags such as en, de, fr or pt-BR")
            } else if languages.contains(where: { $0.lowercased() == item.text.lowercased() }) {
                problems.error(path, line: item.line, "'languages' names '\(item.text)' twice; name each language once")
            } else {
                languages.append(item.text)
            }
        }
        if items.isEmpty {
            problems.error(path, line: yaml.line(of: "languages"), "'languages' is empty; name at least the site's default language, such as [en]")
        }
        return languages.isEmpty ? ["en"] : languages
    }

    /// `users` as a database needs `users_query`, and `users_query` needs it; a database URL must
    /// be one policysite can use, with no password (it comes from the environment).
    static func checkDatabaseSettings(users: String?, usersQuery: String?, ledger: String?, yaml: YAMLMapping, path: String,
                                      _ problems: inout Diagnostics) {
        let usersIsDatabase = users.map(DatabaseLocation.isDatabaseURL) ?? false
        if let users, usersIsDatabase, case .failure(let problem) = DatabaseLocation.parse(users) {
            problems.error(path, line: yaml.line(of: "users"), "'users' \(problem.reason)")
        }
        if usersIsDatabase && (usersQuery ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.error(path, line: yaml.line(of: "users"), "'users' names a PostgreSQL database, so 'users_query' must say which users to read: SQL whose result has the columns email (and optionally id, name, locale, policies, notify, status), such as 'SELECT email, name, locale FROM users'")
        }
        if usersQuery != nil && !usersIsDatabase {
            problems.error(path, line: yaml.line(of: "users_query"), "'users_query' is read only when 'users' is a postgres:// URL; remove it, or point 'users' at the database")
        }
        if let ledger {
            if !DatabaseLocation.isDatabaseURL(ledger) {
                problems.error(path, line: yaml.line(of: "ledger"), "'ledger' must be a postgres:// URL (a ledger that several notify workers share); leave it out to keep the ledger in the outbox")
            } else if case .failure(let problem) = DatabaseLocation.parse(ledger) {
                problems.error(path, line: yaml.line(of: "ledger"), "'ledger' \(problem.reason)")
            }
        }
    }

    /// Why a base URL is unusable, or nil when it is fine.
    static func baseURLProblem(_ text: String) -> String? {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else {
            return "must be an absolute http or https URL, found '\(text)'"
        }
        guard components.query == nil, components.fragment == nil else {
            return "must not have a query or a fragment, found '\(text)'"
        }
        guard text.hasSuffix("/") else { return "must end in '/', found '\(text)'" }
        return nil
    }
}

extension SiteConfig {
    /// The settings of a site root, or nil when they cannot be read (a build says why).
    package static func load(_ paths: SitePaths) -> SiteConfig? {
        var ignored = Diagnostics()
        return SiteConfigLoader.load(paths, &ignored)
    }
}
