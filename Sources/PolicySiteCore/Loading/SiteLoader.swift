import Foundation

/// Reads a site's policies: every policy folder and version file under `policies/`. Every problem
/// is collected; the policies are returned only when there is no error.
enum SiteLoader {
    static func loadPolicies(_ paths: SitePaths, jobs: Int) -> ([PolicySource]?, [Diagnostic]) {
        let folder = paths.policies
        var problems: [Diagnostic] = []
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return ([], [.warning(paths.display("policies"), "there is no policies/ folder: the site has no policies")])
        }
        var policyFolders: [String] = []
        for name in visibleEntries(of: folder, &problems, displayPath: paths.display("policies")) {
            let display = paths.display("policies/\(name)")
            if !isFolder(folder.appending(path: name)) {
                problems.append(.warning(display, "not a policy folder; version files belong in policies/<policy>/, so this file is ignored"))
            } else if !PolicySource.isValidID(name) {
                problems.append(.error(display, "the policy folder name '\(name)' must be lower-case letters, digits and dashes, starting with a letter or digit"))
            } else if name.utf8.count > VersionSource.maximumLabelLength {
                problems.append(.error(display, "the policy folder name is \(name.utf8.count) characters long; a policy name may have at most \(VersionSource.maximumLabelLength), because it names a folder of the site"))
            } else if PolicySource.reservedIDs.contains(name) {
                problems.append(.error(display, "'\(name)' is reserved for the site's own files; choose another policy name"))
            } else {
                policyFolders.append(name)
            }
        }

        // Read and parse every version file in parallel; the order of the results is the order of the list.
        let files = policyFolders.flatMap { policy in
            visibleEntries(of: folder.appending(path: policy), &problems, displayPath: paths.display("policies/\(policy)"))
                .filter { $0.hasSuffix(".md") }
                .map { (policy: policy, name: $0) }
        }
        let parsed = ParallelWork.map(count: files.count, jobs: jobs) { index -> (VersionSource?, [Diagnostic]) in
            let relative = "policies/\(files[index].policy)/\(files[index].name)"
            let url = paths.url(relative)
            switch SourceText.read(url, displayPath: paths.display(relative)) {
            case .success(let source): return VersionFileParser.parse(source, file: url)
            case .failure(let problem): return (nil, [problem])
            }
        }

        var policies: [PolicySource] = []
        for id in policyFolders {
            let indices = files.indices.filter { files[$0].policy == id }
            var versions: [VersionSource] = []
            var hadBadFile = false
            for index in indices {
                problems += parsed[index].1
                if let version = parsed[index].0 { versions.append(version) } else { hadBadFile = true }
            }
            let policyFolder = folder.appending(path: id)
            problems += otherFiles(in: policyFolder, paths: paths, policy: id)
            let settings = PolicySettingsLoader.load(policyFolder.appending(path: "policy.yml"), displayPath: paths.display("policies/\(id)/policy.yml"))
            problems += settings.problems
            if indices.isEmpty {
                problems.append(.error(paths.display("policies/\(id)"), "the policy has no versions: add a Markdown file with front matter (version, effective)"))
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

    /// Files in a policy folder that are neither versions nor `policy.yml`.
    private static func otherFiles(in folder: URL, paths: SitePaths, policy: String) -> [Diagnostic] {
        var ignored: [Diagnostic] = []
        for name in visibleEntries(of: folder, &ignored, displayPath: "") where !name.hasSuffix(".md") && name != "policy.yml" {
            ignored.append(.warning(paths.display("policies/\(policy)/\(name)"), "ignored: a policy folder holds version files (*.md) and policy.yml"))
        }
        return ignored.filter { !$0.isError }
    }

    /// The names in a folder, sorted, without hidden files.
    static func visibleEntries(of folder: URL, _ problems: inout [Diagnostic], displayPath: String) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            problems.append(.error(displayPath, "cannot list the folder: \(error.localizedDescription)"))
            return []
        }
    }

    static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
