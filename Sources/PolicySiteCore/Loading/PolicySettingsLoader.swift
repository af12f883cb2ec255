import Foundation

/// Reads a policy's optional `policy.yml`: title, description, order.
enum PolicySettingsLoader {
    struct Settings {
        var title: String?
        var description: String?
        var order: Int?
        var problems: [Diagnostic] = []
    }

    static let knownKeys: Set<String> = ["title", "description", "order"]

    /// The settings in `item`, the policy folder's `policy.yml` (none when nil).
    static func load(_ item: SourceAccess.Item?, access: SourceAccess) -> Settings {
        guard let item else { return Settings() }
        let source: SourceText
        switch access.text(item) {
        case .success(let text): source = text
        case .failure(let problem): return Settings(problems: [problem])
        }
        let yaml: YAMLMapping
        switch YAMLMapping.parse(source.text, path: source.path, firstLine: 1) {
        case .success(let mapping): yaml = mapping
        case .failure(let problem): return Settings(problems: [problem])
        }
        var settings = Settings(problems: yaml.unknownKeys(known: knownKeys, in: "policy.yml"))
        settings.title = yaml.string("title", &settings.problems)
        settings.description = yaml.string("description", &settings.problems)
        settings.order = yaml.integer("order", in: Int(Int32.min)...Int(Int32.max), &settings.problems)
        return settings
    }
}
