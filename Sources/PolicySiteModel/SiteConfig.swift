/// The settings of `policysite.yml`.
public struct SiteConfig: Sendable, Hashable {
    /// The site's name.
    public var title: String
    /// The company's name, for emails and the footer: `organization`, else the title.
    public var organization: String
    /// The absolute `http(s)` URL of the published site, ending in `/`.
    public var baseURL: String
    /// The folder under `themes/`, else the built-in default theme.
    public var theme: String
    /// The output folder, relative to the site root unless absolute.
    public var output: String
    /// The least days from `published` to `effective` for a material version that replaces another.
    public var noticeDays: Int
    /// The CSV of registered users, relative to the site root unless absolute.
    public var users: String?
    /// Where notification lists and the delivery ledger live.
    public var outbox: String
    public var email: EmailConfig
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

    /// The file name a site root is recognised by.
    public static let fileName = "policysite.yml"
}

/// The `email` settings of `policysite.yml`.
public struct EmailConfig: Sendable, Hashable {
    /// `Name <address>`; required by `notify`.
    public var from: String?
    public var replyTo: String?
    /// An https URL template with `{token}`.
    public var unsubscribeURL: String?
    public var unsubscribeMailto: String?

    public init(from: String? = nil, replyTo: String? = nil, unsubscribeURL: String? = nil, unsubscribeMailto: String? = nil) {
        self.from = from
        self.replyTo = replyTo
        self.unsubscribeURL = unsubscribeURL
        self.unsubscribeMailto = unsubscribeMailto
    }
}
