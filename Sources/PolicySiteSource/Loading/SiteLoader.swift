import Foundation
import PolicySiteModel
import PolicySiteSupport

/// Reads a site's policies: every policy folder and version file under `policies/`. Every problem
/// is collected; the policies are returned only when there is no error.
package enum SiteLoader {
    /// Every policy under `policies/` with its versions' front matter, read on `jobs` threads; nil when a problem added to `diagnostics` stops the build.
    /// `languages`: the site's, the default first; a file named `<v>.<lang>.md` for another of them is
    /// a translation of `<v>.md`. `memo`: version files parsed before, which are not read again
    /// while unchanged.
    package static func loadPolicies(_ paths: SitePaths, access: SourceAccess, jobs: Int, languages: [String] = ["en"],
                                     memo: (any VersionFileMemo)? = nil, _ diagnostics: inout Diagnostics) -> [PolicySource]? {
        var problems = Diagnostics()
        defer { diagnostics.add(problems) }
        guard let folder = access.item("policies", &problems) else {
            guard problems.isEmpty else { return nil }
            problems.warning(paths.display("policies"), "there is no policies/ folder: the site has no policies")
            return []
        }
        guard folder.kind == .folder else {
            // One error, and no policies: an empty list would read as every locked version gone.
            problems.error(paths.display("policies"), "this is a file, not a folder; policies/ holds a folder for each policy: move this file away and create the folder policies/")
            return nil
        }
        var policyFolders: [SourceAccess.Item] = []
        for entry in access.list(folder, &problems) {
            let display = paths.display(entry.relative)
            if entry.kind != .folder {
                problems.warning(display, "not a policy folder; version files belong in policies/<policy>/, so this file is ignored")
            } else if !PolicySource.isValidID(entry.name) {
                problems.error(display, "the policy folder name '\(entry.name)' must be lower-case letters, digits and dashes, starting with a letter or digit; rename the folder (its name is the policy's address on the site, such as 'privacy' or 'terms-of-service')")
            } else if entry.name.utf8.count > VersionSource.maximumLabelLength {
                problems.error(display, "the policy folder name is \(entry.name.utf8.count) characters long; a policy name may have at most \(VersionSource.maximumLabelLength), because it names a folder of the site")
            } else if PolicySource.reservedIDs.contains(entry.name) {
                problems.error(display, "'\(entry.name)' is reserved for the site's own files; choose another policy name")
            } else {
                policyFolders.append(entry)
            }
        }

        // Each policy folder's entries: version files, policy.yml, and others that are ignored.
        // Listed on every core (a lookup per entry), the problems added in the folders' order.
        let folders = policyFolders
        let listed = ParallelWork.map(count: folders.count, jobs: jobs) { index in
            var found = Diagnostics()
            let folder = Self.sortEntries(of: folders[index], access: access, paths: paths, languages: languages, &found)
            return (folder, found)
        }
        var contents: [String: (versions: [SourceAccess.Item], settings: SourceAccess.Item?)] = [:]
        var translationFiles: [TranslationFiles.File] = []
        for (policy, (folder, found)) in zip(policyFolders, listed) {
            problems.add(found)
            translationFiles += folder.translations
            contents[policy.name] = (folder.versions, folder.settings)
        }

        // Read and parse every version file in parallel; the order of the results is the order of the list.
        let files = policyFolders.flatMap { policy in (contents[policy.name]?.versions ?? []).map { (policy: policy.name, item: $0) } }
        let parsed = ParallelWork.map(count: files.count, jobs: jobs) { index -> ParsedVersionFile in
            let item = files[index].item
            let parse = {
                var found = Diagnostics()
                let version = access.text(item, &found).flatMap { VersionFileParser.parse($0, file: item.url, &found) }
                return ParsedVersionFile(version: version, found: found)
            }
            return memo?.parsed(real: item.real, display: paths.display(item.relative), parse: parse) ?? parse()
        }

        var policies: [PolicySource] = []
        for policy in policyFolders {
            let id = policy.name
            let indices = files.indices.filter { files[$0].policy == id }
            var versions: [VersionSource] = []
            var hadBadFile = false
            for index in indices {
                problems.add(parsed[index].found)
                if let version = parsed[index].version { versions.append(version) } else { hadBadFile = true }
            }
            let settings = PolicySettingsLoader.load(contents[id]?.settings, access: access, languages: languages, &problems)
            if indices.isEmpty {
                problems.error(paths.display(policy.relative), "the policy has no versions: add a Markdown file with front matter (version, effective)")
                continue
            }
            reportDuplicates(versions, &problems)
            guard !hadBadFile else { continue }
            let translations = TranslationFiles.parse(translationFiles.filter { $0.policy == id }, originals: versions,
                                                      access: access, jobs: jobs, &problems)
            for index in versions.indices {
                versions[index].translations = translations[TranslationFiles.fileName(versions[index].path)] ?? [:]
            }
            versions.sort { ($0.effective, $0.path) < ($1.effective, $1.path) }
            var source = PolicySource(id: id, title: settings.title, description: settings.description, order: settings.order, versions: versions)
            source.localizedTitles = settings.localizedTitles
            source.localizedDescriptions = settings.localizedDescriptions
            policies.append(source)
        }
        policies.sort { ($0.order ?? Int.max, $0.id) < ($1.order ?? Int.max, $1.id) }
        return problems.hasErrors ? nil : policies
    }

    /// A policy folder's entries: its version files, its translations and its `policy.yml`.
    private static func sortEntries(of policy: SourceAccess.Item, access: SourceAccess, paths: SitePaths, languages: [String],
                                    _ problems: inout Diagnostics)
        -> (versions: [SourceAccess.Item], translations: [TranslationFiles.File], settings: SourceAccess.Item?) {
        let items = access.list(policy, &problems)
        var versions: [SourceAccess.Item] = []
        var settings: SourceAccess.Item?
        let markdown = items.filter { $0.name.hasSuffix(".md") && $0.kind != .folder }
        let sorted = TranslationFiles.sort(markdown, policy: policy.name, languages: languages, paths: paths, &problems)
        for item in items {
            let name = item.name
            if name.hasSuffix(".md") && item.kind == .folder {
                problems.error(paths.display(item.relative), "a folder named like a version file; a version is a Markdown file: rename the folder, or move it out of policies/")
            } else if name.hasSuffix(".md") {
                if sorted.versions.contains(name) { versions.append(item) }
            } else if name == "policy.yml" {
                settings = item
            } else {
                problems.warning(paths.display(item.relative), "ignored: a policy folder holds version files (*.md) and policy.yml")
            }
        }
        return (versions, sorted.translations, settings)
    }

    /// Two versions of one policy with one URL segment, or one effective day, are errors.
    static func reportDuplicates(_ versions: [VersionSource], _ problems: inout Diagnostics) {
        var bySegment: [String: VersionSource] = [:]
        var byEffective: [CalendarDay: VersionSource] = [:]
        for version in versions.sorted(by: { $0.path < $1.path }) {
            if let other = bySegment[version.segment] {
                problems.error(version.path, "version '\(version.label)' has the URL segment '\(version.segment)', as has version '\(other.label)' in \(other.path): give them labels that differ in letters or digits")
            } else {
                bySegment[version.segment] = version
            }
            if let other = byEffective[version.effective] {
                problems.error(version.path, "version '\(version.label)' takes effect on \(version.effective), as does version '\(other.label)' in \(other.path): two versions cannot take effect on one day")
            } else {
                byEffective[version.effective] = version
            }
        }
    }
}
