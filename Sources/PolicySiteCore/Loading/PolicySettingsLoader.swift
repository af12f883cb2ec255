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

    static func load(_ url: URL, displayPath: String) -> Settings {
        guard FileManager.default.fileExists(atPath: url.path) else { return Settings() }
        let source: SourceText
        switch SourceText.read(url, displayPath: displayPath) {
        case .success(let text): source = text
        case .failure(let problem): return Settings(problems: [problem])
        }
        let yaml: YAMLMapping
        switch YAMLMapping.parse(source.text, path: displayPath, firstLine: 1) {
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
