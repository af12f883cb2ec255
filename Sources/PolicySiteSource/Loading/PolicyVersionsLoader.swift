import Foundation
import PolicySiteModel
import PolicySiteSupport

/// The version files of one policy, read as a build reads them: what `import` checks a new
/// version against (its label's URL segment and its effective day must be new to the policy).
package enum PolicyVersionsLoader {
    /// The versions in `policies/<policy>/`, empty when the folder is not there yet; nil, with
    /// the problems added, when a file cannot be read or its front matter is wrong.
    package static func load(policy: String, _ paths: SitePaths, _ diagnostics: inout Diagnostics) -> [VersionSource]? {
        var problems = Diagnostics()
        defer { diagnostics.add(problems) }
        let config = SiteConfig.load(paths)
        let access = SourceAccess(paths: paths, config: config)
        guard let policies = access.item("policies", &problems) else { return problems.hasErrors ? nil : [] }
        guard policies.kind == .folder else {
            problems.error(paths.display("policies"), "this is a file, not a folder; policies/ holds a folder for each policy: move this file away")
            return nil
        }
        guard let folder = access.item(policy, in: policies, &problems) else { return problems.hasErrors ? nil : [] }
        guard folder.kind == .folder else {
            problems.error(paths.display(folder.relative), "this is a file, not a policy folder; move it away")
            return nil
        }
        var versions: [VersionSource] = []
        let languages = config?.languages ?? ["en"]
        for item in access.list(folder, &problems) where item.name.hasSuffix(".md") && item.kind == .file && !isTranslation(item.name, languages) {
            if let version = access.text(item, &problems).flatMap({ VersionFileParser.parse($0, file: item.url, &problems) }) {
                versions.append(version)
            }
        }
        return problems.hasErrors ? nil : versions
    }

    /// A translation's file name (`1.4.de.md` for a site language other than the default): not a version.
    private static func isTranslation(_ name: String, _ languages: [String]) -> Bool {
        let stem = name.dropLast(".md".count)
        guard let dot = stem.lastIndex(of: ".") else { return false }
        let tag = stem[stem.index(after: dot)...].lowercased()
        return languages.dropFirst().contains { $0.lowercased() == tag }
    }
}
