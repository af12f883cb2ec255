import Foundation

/// Reads and checks `policysite.yml`.
enum SiteConfigLoader {
    static let knownKeys: Set<String> = ["title", "base_url", "theme", "output", "notice_days", "users", "outbox", "email"]
    static let knownEmailKeys: Set<String> = ["from", "reply_to", "unsubscribe_url", "unsubscribe_mailto"]

    static func load(_ paths: SitePaths) -> (SiteConfig?, [Diagnostic]) {
        let path = paths.display(SiteConfig.fileName)
        // The settings name the private places; until they are read, the defaults stand for them.
        let access = SourceAccess(paths: paths, config: nil)
        let item: SourceAccess.Item
        switch access.item(SiteConfig.fileName) {
        case .failure(let problem): return (nil, [problem])
        case .success(let found):
            guard let found else {
                return (nil, [.error(path, "no \(SiteConfig.fileName) here: this is not a site root (use --root, or 'policysite init DIR' to start a site)")])
            }
            item = found
        }
        let source: SourceText
        switch access.text(item) {
        case .success(let text): source = text
        case .failure(let problem): return (nil, [problem])
        }
        let yaml: YAMLMapping
        switch YAMLMapping.parse(source.text, path: path, firstLine: 1) {
        case .success(let mapping): yaml = mapping
        case .failure(let problem): return (nil, [problem])
        }
        return read(yaml, path: path)
    }

    static func read(_ yaml: YAMLMapping, path: String) -> (SiteConfig?, [Diagnostic]) {
        var problems = yaml.unknownKeys(known: knownKeys, in: SiteConfig.fileName)
        let title = yaml.required("title", "the site's name, shown on every page", &problems)
        let baseURL = yaml.required("base_url", "the absolute http(s) URL of the published site, ending in '/'", &problems)
        if let baseURL, let reason = baseURLProblem(baseURL) {
            problems.append(.error(path, line: yaml.line(of: "base_url"), "'base_url' \(reason)"))
        }
        let theme = yaml.string("theme", &problems) ?? "default"
        if theme.contains("/") || theme.hasPrefix(".") {
            problems.append(.error(path, line: yaml.line(of: "theme"), "'theme' must be the name of a folder under themes/, found '\(theme)'"))
        }
        let output = yaml.string("output", &problems) ?? "site"
        let noticeDays = yaml.integer("notice_days", in: 0...3650, &problems) ?? 30
        let users = yaml.string("users", &problems)
        let outbox = yaml.string("outbox", &problems) ?? "outbox"
        var email = EmailConfig()
        if let mapping = yaml.mapping("email", &problems) {
            problems += mapping.unknownKeys(known: knownEmailKeys, in: "email")
            email.from = mapping.string("from", &problems)
            email.replyTo = mapping.string("reply_to", &problems)
            email.unsubscribeURL = mapping.string("unsubscribe_url", &problems)
            email.unsubscribeMailto = mapping.string("unsubscribe_mailto", &problems)
            if let template = email.unsubscribeURL, !(template.hasPrefix("https://") && template.contains("{token}")) {
                problems.append(.error(path, line: mapping.line(of: "unsubscribe_url"), "'email.unsubscribe_url' must be an https URL with {token} in it"))
            }
        }
        guard let title, let baseURL, !problems.contains(where: \.isError) else { return (nil, problems) }
        var config = SiteConfig(title: title, baseURL: baseURL, theme: theme, output: output, noticeDays: noticeDays,
                                users: users, outbox: outbox, email: email)
        config.keyLines = Dictionary(uniqueKeysWithValues: yaml.keyOrder.map { ($0, yaml.line(of: $0)) })
        return (config, problems)
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
    public static func load(_ paths: SitePaths) -> SiteConfig? {
        SiteConfigLoader.load(paths).0
    }
}
