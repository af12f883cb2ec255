import Crypto
import Foundation
import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport

/// A document to import: its bytes, the name notes give it, and what the command line (or the
/// commit) settles over its text.
package struct ImportInput: Sendable {
    package var path: String
    package var data: Data
    package var overrides: ImportOverrides

    package init(path: String, data: Data, overrides: ImportOverrides) {
        self.path = path
        self.data = data
        self.overrides = overrides
    }

    /// A version of a file in git: it takes effect, and is labelled, on its commit's day.
    package init(_ revision: GitHistory.Revision) {
        path = revision.displayPath
        data = revision.data
        var overrides = ImportOverrides(version: revision.day.iso, effective: revision.day, published: revision.day)
        overrides.effectiveOrigin = "the day of commit \(revision.commit.prefix(12))"
        overrides.versionOrigin = "the commit's day"
        overrides.publishedOrigin = "the day of commit \(revision.commit.prefix(12))"
        self.overrides = overrides
    }
}

/// Where `import` writes, and what it must not contradict.
package struct ImportRequest: Sendable {
    package var paths: SitePaths
    package var policy: String
    /// The policy's versions as `policysite.lock` records them.
    package var recorded: [RecordedVersion]
    /// Report what would be written, and write nothing.
    package var dryRun: Bool
    /// Written as `notice_waived` into each imported version that replaces an earlier one with
    /// less than the site's notice: for a history whose announcements were not recorded.
    package var noticeWaived: String?

    package init(paths: SitePaths, policy: String, recorded: [RecordedVersion], dryRun: Bool, noticeWaived: String? = nil) {
        self.paths = paths
        self.policy = policy
        self.recorded = recorded
        self.dryRun = dryRun
        self.noticeWaived = noticeWaived
    }
}

/// What an import found, guessed and wrote.
package struct ImportReport: Sendable {
    package var notes: [ImportNote]
    package var warnings: [Diagnostic]
    /// The version files written (or, for a dry run, that would be), as named in messages.
    package var written: [String]
    package var documents: [ConvertedDocument]
}

/// `policysite import`: legacy documents into version files of one policy, all or nothing. Every
/// document is converted and checked first (its version new to the policy's folder, to this
/// import and to the lock, or the lock's record matched exactly); only when no document has an
/// error are the files created, each exclusively, and a failure removes those this run created.
package enum Importer {
    /// The problem with a policy name, nil for a good one.
    package static func check(policy: String) -> String? {
        if !PolicySource.isValidID(policy) {
            return "the policy name '\(ControlCharacters.escaped(policy))' must be lower-case letters, digits and dashes, starting with a letter or digit (it names the folder policies/<policy>/ and the policy's address on the site), such as 'privacy' or 'terms-of-service'"
        }
        if PolicySource.reservedIDs.contains(policy) { return "'\(policy)' is reserved for the site's own files; choose another policy name" }
        if policy.utf8.count > VersionSource.maximumLabelLength { return "the policy name may have at most \(VersionSource.maximumLabelLength) characters" }
        return nil
    }

    package static func run(_ request: ImportRequest, inputs: [ImportInput], notes initialNotes: [ImportNote] = [],
                            problems initialProblems: Diagnostics = Diagnostics()) throws(ImportFailure) -> ImportReport {
        var notes = initialNotes
        var problems = initialProblems
        let paths = request.paths
        if let problem = check(policy: request.policy) {
            throw ImportFailure(problems.all + [.error("--policy", problem)], notes: notes)
        }
        var info = stat()
        if lstat(paths.config.path, &info) != 0 {
            problems.error(paths.display(SiteConfig.fileName), "there is no \(SiteConfig.fileName) here, so this is not a site root; pass --root with the site's folder, or make a site with 'policysite init'")
            throw ImportFailure(problems.all, notes: notes)
        }
        let folder = "policies/\(request.policy)"
        let existing = PolicyVersionsLoader.load(policy: request.policy, paths, &problems) ?? []

        var documents: [ConvertedDocument] = []
        for input in inputs {
            if let document = DocumentConverter.convert(input.data, path: input.path, overrides: input.overrides, notes: &notes, &problems) {
                documents.append(document)
            }
        }

        var targets: [Target] = []
        var seenSegments: [String: String] = [:]
        var seenDays: [CalendarDay: String] = [:]
        let recorded = Dictionary(request.recorded.map { (VersionSource.segment(for: $0.label), $0) }, uniquingKeysWith: { first, _ in first })
        let newestRecorded = request.recorded.map(\.effective).max()
        for document in documents {
            let path = document.path
            let label = document.label
            let segment = VersionSource.segment(for: label)
            if ControlCharacters.first(in: label) != nil || label.contains("\n") {
                problems.error(path, "the version label holds a control character; pass --version with a plain label")
                continue
            }
            if label.count > VersionSource.maximumLabelLength || !VersionSource.isUsableSegment(segment) {
                problems.error(path, "the version label '\(label)' gives no usable URL segment (it needs a letter or digit, at most \(VersionSource.maximumLabelLength) characters, and must not start with '.'); pass --version with another label")
                continue
            }
            let relative = "\(folder)/\(segment).md"
            if let other = existing.first(where: { $0.segment == segment }) {
                problems.error(path, "\(request.policy) already has version '\(other.label)' (\(other.path)); import never changes a version file: remove that file first if it is wrong, or pass --version to import this as another version")
                continue
            }
            if let other = existing.first(where: { $0.effective == document.effective }) {
                problems.error(path, "version '\(other.label)' (\(other.path)) already takes effect on \(document.effective); two versions cannot take effect on one day: pass --effective with this document's day")
                continue
            }
            if let other = seenSegments[segment] {
                problems.error(path, "this would be version '\(label)', as would \(other); pass one document at a time with --version")
                continue
            }
            if let other = seenDays[document.effective] {
                problems.error(path, "this would take effect on \(document.effective), as would \(other); pass one document at a time with --effective")
                continue
            }
            let sha256 = Hex.encode(SHA256.hash(data: Data(document.body.utf8)))
            if let record = recorded[segment] {
                if record.sha256 != sha256 || record.effective != document.effective {
                    let what = record.sha256 != sha256 ? "another text" : "the effective day \(record.effective)"
                    problems.error(path, "\(SitePaths.lockFileName) records version '\(record.label)' of \(request.policy) with \(what); a published version does not change: pass --version to import this as another version")
                    continue
                }
                notes.append(ImportNote(path, "version '\(label)' is what \(SitePaths.lockFileName) records, text and day: its file is written back"))
            } else if let newest = newestRecorded, document.effective <= newest {
                problems.warning(path, "version '\(label)' takes effect on \(document.effective), not after the newest version \(SitePaths.lockFileName) records (\(newest)); build records it only with --insert \(request.policy)/\(segment) --reason \"...\"")
            }
            var target = stat()
            if lstat(paths.url(relative).path, &target) == 0 {
                problems.error(paths.display(relative), "there is already a file here; import never overwrites one: move it away, or pass --version to import as another version")
                continue
            }
            seenSegments[segment] = path
            seenDays[document.effective] = path
            targets.append(Target(document: document, relative: relative))
        }
        if problems.hasErrors { throw ImportFailure(problems.all, notes: notes) }
        targets = checkNotice(targets, existing: existing, request: request, &problems)

        let written = targets.map { paths.display($0.relative) }
        if request.dryRun {
            return ImportReport(notes: notes, warnings: problems.warnings, written: written, documents: targets.map(\.document))
        }
        if let problem = makeFolder(paths, "policies") ?? makeFolder(paths, folder) {
            throw ImportFailure(problems.all + [problem], notes: notes)
        }
        var created: [URL] = []
        for target in targets {
            let url = paths.url(target.relative)
            switch VersionFileWriter.create(url, contents: VersionFileWriter.contents(target.document)) {
            case .success:
                created.append(url)
            case .failure(let failure):
                for url in created { unlink(url.path) }
                let advice = failure.code == EEXIST ? "a file appeared there while import ran; import never overwrites one: look at it, then import again" : "check the folder's permissions and free space, then import again"
                throw ImportFailure(problems.all + [.error(paths.display(target.relative), "cannot create the version file: \(SystemError.phrase(failure.code)); \(advice)")], notes: notes)
            }
        }
        return ImportReport(notes: notes, warnings: problems.warnings, written: written, documents: targets.map(\.document))
    }

    struct Target: Sendable {
        var document: ConvertedDocument
        var relative: String
    }

    /// The notice rule as the build applies it (a material version that replaces an earlier one
    /// is published `notice_days` before it takes effect): an imported version without a known
    /// announcement day breaks it, and a build would refuse it. With `--notice-waived` such a
    /// version says so in `notice_waived`; without, a warning says what to do.
    private static func checkNotice(_ targets: [Target], existing: [VersionSource], request: ImportRequest, _ problems: inout Diagnostics) -> [Target] {
        let noticeDays = SiteConfig.load(request.paths)?.noticeDays ?? 30
        let earliest = (existing.map(\.effective) + targets.map(\.document.effective)).min()
        return targets.map { target in
            var target = target
            let document = target.document
            let notice = document.published.days(until: document.effective)
            guard document.effective != earliest, notice < noticeDays else { return target }
            if let reason = request.noticeWaived {
                target.document.noticeWaived = reason
            } else {
                problems.warning(document.path, "version '\(document.label)' replaces an earlier version with \(notice) days' notice (published \(document.published), effective \(document.effective)), and the site asks for \(noticeDays): build will refuse it. Pass --published with the day it was announced, or --notice-waived \"<reason>\" (shown on its page), such as \"imported from the policy's history; how it was announced is not recorded\"")
            }
            return target
        }
    }

    /// Creates a folder of the site that is not there yet; a problem when it cannot, or when
    /// something else (a file, a link) has its name.
    private static func makeFolder(_ paths: SitePaths, _ relative: String) -> Diagnostic? {
        let url = paths.url(relative)
        if mkdir(url.path, 0o755) == 0 || errno == EEXIST {
            var info = stat()
            if stat(url.path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR { return nil }
            return .error(paths.display(relative), "this is not a folder; move it away, then import again")
        }
        return .error(paths.display(relative), "cannot create the folder: \(SystemError.phrase(errno)); check the permissions of the site's folders")
    }
}
