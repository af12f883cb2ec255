/// The settings of `policysite.yml`.
package struct SiteConfig: Sendable, Hashable {
    /// The site's name.
    package var title: String
    /// The company's name, for emails and the footer: `organization`, else the title.
    package var organization: String
    /// The absolute `http(s)` URL of the published site, ending in `/`.
    package var baseURL: String
    /// The folder under `themes/`, else the built-in default theme.
    package var theme: String
    /// The output folder, relative to the site root unless absolute.
    package var output: String
    /// The least days from `published` to `effective` for a material version that replaces another.
    package var noticeDays: Int
    /// The CSV of registered users, relative to the site root unless absolute, or a
    /// `postgres://` URL (`DatabaseLocation`) with `usersQuery`.
    package var users: String?
    /// With a database `users`: the SQL whose result has the users file's columns by name.
    package var usersQuery: String?
    /// A `postgres://` URL of a ledger that several `notify` workers share; nil: SQLite in the outbox.
    package var ledger: String?
    /// Where notification lists and the delivery ledger live.
    package var outbox: String

    /// The users file's path, nil when `users` is unset or names a database.
    package var usersFile: String? {
        users.flatMap { DatabaseLocation.isDatabaseURL($0) ? nil : $0 }
    }
    package var email: EmailConfig
    /// The site's languages (BCP 47), the default and authoritative one first: `languages`, else `[en]`.
    package var languages: [String] = ["en"]
    /// The sentence each translated page carries instead of the theme's, by language; a single
    /// `authoritative_note` string is stored under `*`, for every language.
    package var authoritativeNotes: [String: String] = [:]
    /// Whether a published version without a translation in every language is an error.
    package var requireTranslations = false
    /// The line of each key in `policysite.yml`, for messages about its values.
    package var keyLines: [String: Int] = [:]

    /// The settings as read from `policysite.yml`; `keyLines` are the lines of its keys, for messages.
    package init(title: String, organization: String? = nil, baseURL: String, theme: String, output: String, noticeDays: Int,
                 users: String?, outbox: String, email: EmailConfig, keyLines: [String: Int] = [:]) {
        self.title = title
        self.organization = organization ?? title
        self.baseURL = baseURL
        self.theme = theme
        self.output = output
        self.noticeDays = noticeDays
        self.users = users
        self.outbox = outbox
        self.email = email
        self.keyLines = keyLines
    }

    /// The default and authoritative language: the first of `languages`.
    package var defaultLanguage: String { languages.first ?? "en" }

    /// The folder of a language's pages, relative to the site root: "" for the default language,
    /// else its tag in lower case and a slash (`de/`).
    package func pathPrefix(of language: String) -> String {
        language == defaultLanguage ? "" : language.lowercased() + "/"
    }

    /// Whether the site has languages besides its default one.
    package var isMultilingual: Bool { languages.count > 1 }

    /// The file name a site root is recognised by.
    package static let fileName = "policysite.yml"
}

/// The `email` settings of `policysite.yml`.
package struct EmailConfig: Sendable, Hashable {
    /// `Name <address>`; required by `notify`.
    package var from: String?
    package var replyTo: String?
    /// An https URL template with `{token}`.
    package var unsubscribeURL: String?
    package var unsubscribeMailto: String?

    package init(from: String? = nil, replyTo: String? = nil, unsubscribeURL: String? = nil, unsubscribeMailto: String? = nil) {
        self.from = from
        self.replyTo = replyTo
        self.unsubscribeURL = unsubscribeURL
        self.unsubscribeMailto = unsubscribeMailto
    }
}
