import Foundation
import PolicySiteSupport

/// Reads a policy's optional `policy.yml`: title, description, order.
enum PolicySettingsLoader {
    struct Settings {
        var title: String?
        var description: String?
        var order: Int?
    }

    static let knownKeys: Set<String> = ["title", "description", "order"]

    /// The settings in `item`, the policy folder's `policy.yml` (none when nil).
    static func load(_ item: SourceAccess.Item?, access: SourceAccess, _ diagnostics: inout Diagnostics) -> Settings {
        guard let item, let source = access.text(item, &diagnostics),
              let yaml = YAMLMapping.parse(source.text, path: source.path, firstLine: 1, &diagnostics) else { return Settings() }
        yaml.warnOfUnknownKeys(known: knownKeys, in: "policy.yml", &diagnostics)
        var settings = Settings()
        settings.title = yaml.string("title", &diagnostics)
        settings.description = yaml.string("description", &diagnostics)
        settings.order = yaml.integer("order", in: Int(Int32.min)...Int(Int32.max), &diagnostics)
        return settings
    }
}
