import Foundation

/// Reads a site's policies: every policy folder and version file under `policies/`. Every problem
/// is collected; the policies are returned only when there is no error.
enum SiteLoader {
    static func loadPolicies(_ paths: SitePaths, access: SourceAccess, jobs: Int) -> ([PolicySource]?, [Diagnostic]) {
        var problems: [Diagnostic] = []
        let folder: SourceAccess.Item
        switch access.item("policies") {
        case .failure(let problem):
            return (nil, [problem])
        case .success(let found):
            guard let found else {
                return ([], [.warning(paths.display("policies"), "there is no policies/ folder: the site has no policies")])
            }
            guard found.kind == .folder else {
                // One error, and no policies: an empty list would read as every locked version gone.
                return (nil, [.error(paths.display("policies"), "this is a file, not a folder; policies/ holds a folder for each policy: move this file away and create the folder policies/")])
            }
            folder = found
        }
        var policyFolders: [SourceAccess.Item] = []
        let (entries, listProblems) = access.list(folder)
        problems += listProblems
        for entry in entries {
            let display = paths.display(entry.relative)
            if entry.kind != .folder {
                problems.append(.warning(display, "not a policy folder; version files belong in policies/<policy>/, so this file is ignored"))
            } else if !PolicySource.isValidID(entry.name) {
                problems.append(.error(display, "the policy folder name '\(entry.name)' must be lower-case letters, digits and dashes, starting with a letter or digit; rename the folder (its name is the policy's address on the site, such as 'privacy' or 'terms-of-service')"))
            } else if entry.name.utf8.count > VersionSource.maximumLabelLength {
                problems.append(.error(display, "the policy folder name is \(entry.name.utf8.count) characters long; a policy name may have at most \(VersionSource.maximumLabelLength), because it names a folder of the site"))
            } else if PolicySource.reservedIDs.contains(entry.name) {
                problems.append(.error(display, "'\(entry.name)' is reserved for the site's own files; choose another policy name"))
            } else {
                policyFolders.append(entry)
            }
        }

        // Each policy folder's entries: version files, policy.yml, and others that are ignored.
        var contents: [String: (versions: [SourceAccess.Item], settings: SourceAccess.Item?)] = [:]
        for policy in policyFolders {
            let (items, itemProblems) = access.list(policy)
            problems += itemProblems
            var versions: [SourceAccess.Item] = []
            var settings: SourceAccess.Item?
            for item in items {
                if item.name.hasSuffix(".md") && item.kind == .folder {
                    problems.append(.error(paths.display(item.relative), "a folder named like a version file; a version is a Markdown file: rename the folder, or move it out of policies/"))
                } else if item.name.hasSuffix(".md") {
                    versions.append(item)
                } else if item.name == "policy.yml" {
                    settings = item
                } else {
                    problems.append(.warning(paths.display(item.relative), "ignored: a policy folder holds version files (*.md) and policy.yml"))
                }
            }
            contents[policy.name] = (versions, settings)
        }

        // Read and parse every version file in parallel; the order of the results is the order of the list.
        let files = policyFolders.flatMap { policy in (contents[policy.name]?.versions ?? []).map { (policy: policy.name, item: $0) } }
        let parsed = ParallelWork.map(count: files.count, jobs: jobs) { index -> (VersionSource?, [Diagnostic]) in
            let item = files[index].item
            switch access.text(item) {
            case .success(let source): return VersionFileParser.parse(source, file: item.url)
            case .failure(let problem): return (nil, [problem])
            }
        }

        var policies: [PolicySource] = []
        for policy in policyFolders {
            let id = policy.name
            let indices = files.indices.filter { files[$0].policy == id }
            var versions: [VersionSource] = []
            var hadBadFile = false
            for index in indices {
                problems += parsed[index].1
                if let version = parsed[index].0 { versions.append(version) } else { hadBadFile = true }
            }
            let settings = PolicySettingsLoader.load(contents[id]?.settings, access: access)
            problems += settings.problems
            if indices.isEmpty {
                problems.append(.error(paths.display(policy.relative), "the policy has no versions: add a Markdown file with front matter (version, effective)"))
                continue
            }
            problems += duplicateProblems(versions)
            guard !hadBadFile else { continue }
            versions.sort { ($0.effective, $0.path) < ($1.effective, $1.path) }
            policies.append(PolicySource(id: id, title: settings.title, description: settings.description, order: settings.order, versions: versions))
        }
        policies.sort { ($0.order ?? Int.max, $0.id) < ($1.order ?? Int.max, $1.id) }
        return (problems.contains(where: \.isError) ? nil : policies, problems)
    }

    /// Two versions of one policy with one URL segment, or one effective day, are errors.
    static func duplicateProblems(_ versions: [VersionSource]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var bySegment: [String: VersionSource] = [:]
        var byEffective: [CalendarDay: VersionSource] = [:]
        for version in versions.sorted(by: { $0.path < $1.path }) {
            if let other = bySegment[version.segment] {
                problems.append(.error(version.path, "version '\(version.label)' has the URL segment '\(version.segment)', as has version '\(other.label)' in \(other.path): give them labels that differ in letters or digits"))
            } else {
                bySegment[version.segment] = version
            }
            if let other = byEffective[version.effective] {
                problems.append(.error(version.path, "version '\(version.label)' takes effect on \(version.effective), as does version '\(other.label)' in \(other.path): two versions cannot take effect on one day"))
            } else {
                byEffective[version.effective] = version
            }
        }
        return problems
    }

    /// The names in a folder, sorted, without hidden files.
    static func visibleEntries(of folder: URL, _ problems: inout [Diagnostic], displayPath: String) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            problems.append(.error(displayPath, "cannot list the folder: \(FileOperationError.describe(error))"))
            return []
        }
    }

    static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
