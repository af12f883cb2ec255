import Foundation
import PolicySiteModel
import PolicySiteSupport

/// Compares a site's versions with its lock (SPEC section 3, "The lock"):
/// - with no lock, every published version is recorded as the baseline, and none gets a notice;
/// - a published version not yet in the lock is new: it is recorded, and gets a notice;
/// - a new version that takes effect no later than its policy's newest recorded version is an
///   error (it would announce an old change to everyone), unless an `--insert` request names it,
///   which records it and tells nobody;
/// - a `notice` request for a recorded version that got no notice gives it one now;
/// - a recorded version whose body, effective day or materiality changed is an error, unless a
///   `--correct` request names it, which records a correction and tells nobody;
/// - a recorded version whose file is gone is an error.
enum LockReconciler {
    struct Input: Sendable {
        var previous: PolicyLock?
        /// The lock file's bytes, to name the line of an entry in messages.
        var previousData: Data?
        var policies: [PolicySource]
        var asOf: CalendarDay
        var corrections: [CorrectionRequest]
        var insertions: [CorrectionRequest] = []
        var noticeRequests: [CorrectionRequest] = []
        /// Whether `users` is configured, so that new versions get a notification list.
        var hasUsersFile: Bool
        var lockDisplayPath: String
    }

    /// The update, with every problem found added to `diagnostics`.
    static func reconcile(_ input: Input, _ diagnostics: inout Diagnostics) -> LockUpdate {
        let isBaseline = input.previous == nil
        var lock = input.previous ?? PolicyLock()
        var newVersions: [PublishedVersions.Entry] = []
        var usedCorrections = Set<CorrectionRequest>()
        var lateNotices: [PublishedVersions.Entry] = []
        var inserted = 0
        var usedInsertions = Set<CorrectionRequest>()
        var usedNoticeRequests = Set<CorrectionRequest>()
        var seen = Set<String>()
        let noticeRecord: LockedVersion.NoticeOutcome = isBaseline ? .baseline : input.hasUsersFile ? .outbox : .noUsersFile

        for (policyIndex, policy) in input.policies.enumerated() {
            for (versionIndex, version) in policy.versions.enumerated() {
                let correction = input.corrections.first { $0.names(policy.id, version) }
                if let correction { usedCorrections.insert(correction) }
                let insertion = input.insertions.first { $0.names(policy.id, version) }
                if let insertion { usedInsertions.insert(insertion) }
                let noticeRequest = input.noticeRequests.first { $0.names(policy.id, version) }
                if let noticeRequest { usedNoticeRequests.insert(noticeRequest) }
                guard var entry = lock[policy.id, version.segment] else {
                    let isPublished = version.published <= input.asOf
                    if let correction {
                        let state = !isPublished ? "it is not published yet, so it may change freely" : "it is published for the first time in this build, so there is nothing to correct"
                        diagnostics.add(.error(version.path, "--correct \(correction.target): this version is not recorded in \(PolicyLock.fileName); \(state)"))
                    }
                    if let noticeRequest {
                        let state = !isPublished ? "it is not published as of \(input.asOf); it gets its notice from the build of the day it is published"
                            : "a build records it as new, with its notice; run policysite build"
                        diagnostics.add(.error(version.path, "notice \(noticeRequest.target): this version is not recorded in \(PolicyLock.fileName); \(state)"))
                    }
                    guard isPublished else {
                        if let insertion {
                            diagnostics.add(.error(version.path, "--insert \(insertion.target): this version is not published as of \(input.asOf) (its 'published' day is \(version.published)); there is nothing to insert yet"))
                        }
                        continue
                    }
                    var record = noticeRecord
                    var acknowledgement: Acknowledgement?
                    let newest = isBaseline ? nil : input.previous?.policies[policy.id]?.max { ($0.value.effective, $0.key) < ($1.value.effective, $1.key) }
                    if let newest, version.effective <= newest.value.effective {
                        guard let insertion else {
                            diagnostics.add(backdatedProblem(policy: policy.id, version, newest: newest.value))
                            continue
                        }
                        record = .inserted
                        acknowledgement = Acknowledgement(day: input.asOf, reason: insertion.reason)
                    } else if let insertion {
                        let reason = isBaseline ? "the first build records every published version as the baseline, with no notice"
                            : newest.map { "it takes effect on \(version.effective), after version \($0.value.version) (effective \($0.value.effective)), the newest recorded version of \(policy.id), so it is recorded as new, with its notice" }
                            ?? "\(policy.id) has no recorded version, so it is recorded as new, with its notice"
                        diagnostics.add(.error(version.path, line: version.keyLines["effective"], "--insert \(insertion.target): this version is not backdated: \(reason); leave out --insert"))
                        continue
                    }
                    var entry = LockedVersion(
                        version: version.label, sha256: version.bodySHA256, effective: version.effective,
                        material: version.material, published: version.published, recorded: input.asOf,
                        notice: record
                    )
                    entry.inserted = acknowledgement
                    for (language, translation) in version.translations {
                        entry.translations[language] = LockedTranslation(sha256: translation.bodySHA256, recorded: input.asOf)
                    }
                    lock[policy.id, version.segment] = entry
                    seen.insert(key(policy.id, version.segment))
                    if acknowledgement != nil {
                        inserted += 1
                    } else if !isBaseline {
                        newVersions.append(.init(policy: policyIndex, version: versionIndex))
                    }
                    continue
                }
                seen.insert(key(policy.id, version.segment))
                if let insertion {
                    diagnostics.add(.error(version.path, "--insert \(insertion.target): version \(version.label) is already recorded in \(PolicyLock.fileName) (on \(entry.recorded)); there is nothing to insert"))
                }
                if let noticeRequest {
                    let line = input.previousData.flatMap { LockFile.line(of: policy.id, version.segment, in: $0) }
                    if entry.notice == .outbox {
                        let when = entry.lateNotice.map { "by policysite notice on \($0.day)" } ?? "by the build of \(entry.recorded)"
                        diagnostics.add(.error(input.lockDisplayPath, line: line, "notice \(noticeRequest.target): version \(version.label) already has a notice, written \(when); notify sends it (see notify --status)"))
                    } else if !input.hasUsersFile {
                        diagnostics.add(.error(input.lockDisplayPath, line: line, "notice \(noticeRequest.target): 'users' is not set in \(SiteConfig.fileName), so there is nobody to tell; set it to the users file and run again"))
                    } else {
                        entry.lateNotice = LateNotice(day: input.asOf, reason: noticeRequest.reason, previous: entry.notice)
                        entry.notice = .outbox
                        lateNotices.append(.init(policy: policyIndex, version: versionIndex))
                    }
                }
                entry.version = version.label
                if version.published != entry.published {
                    diagnostics.add(.warning(version.path, line: version.keyLines["published"], "version \(version.label) was recorded as published on \(entry.published); its 'published' day now says \(version.published), and \(PolicyLock.fileName) keeps \(entry.published)"))
                }
                let changed = changes(from: entry, to: version)
                let translationsChanged = reconcileTranslations(&entry, version, policy: policy.id, correction: correction, input, &diagnostics)
                if changed.isEmpty {
                    if let correction, !translationsChanged {
                        diagnostics.add(.error(version.path, "--correct \(correction.target): the version matches \(PolicyLock.fileName); there is nothing to correct"))
                    }
                } else if let correction {
                    entry.corrections.append(Correction(
                        day: input.asOf, reason: correction.reason, changed: changed.map(\.name),
                        previousSHA256: entry.sha256, previousEffective: entry.effective, previousMaterial: entry.material
                    ))
                    entry.sha256 = version.bodySHA256
                    entry.effective = version.effective
                    entry.material = version.material
                } else {
                    diagnostics.add(changedVersionProblem(policy: policy.id, version, entry: entry, changed: changed))
                }
                lock[policy.id, version.segment] = entry
            }
        }

        for (policy, versions) in lock.policies.sorted(by: { $0.key < $1.key }) {
            for segment in versions.keys.sorted() where !seen.contains(key(policy, segment)) {
                let line = input.previousData.flatMap { LockFile.line(of: policy, segment, in: $0) }
                diagnostics.add(.error(input.lockDisplayPath, line: line, "\(policy)/\(segment) was published (version \(versions[segment]?.version ?? segment)), and policies/\(policy)/ has no version with that label any more: restore its file; a published version stays on the site"))
            }
        }
        for correction in input.corrections where !usedCorrections.contains(correction) {
            diagnostics.add(.error(input.lockDisplayPath, "--correct \(correction.target): no version '\(correction.version)' of a policy '\(correction.policy)' in policies/"))
        }
        for insertion in input.insertions where !usedInsertions.contains(insertion) {
            diagnostics.add(.error(input.lockDisplayPath, "--insert \(insertion.target): no version '\(insertion.version)' of a policy '\(insertion.policy)' in policies/"))
        }
        for request in input.noticeRequests where !usedNoticeRequests.contains(request) {
            diagnostics.add(.error(input.lockDisplayPath, "notice \(request.target): no version '\(request.version)' of a policy '\(request.policy)' in policies/"))
        }
        return LockUpdate(lock: lock, isChanged: lock != input.previous, isBaseline: isBaseline, newVersions: newVersions,
                          lateNotices: lateNotices, inserted: inserted)
    }

    /// Records a recorded version's translations: one new to the lock (a late translation) is
    /// recorded as of today; one whose text changed is an error unless `correction` names the
    /// version, which records a correction; one recorded whose file is gone is an error. True
    /// when a translation's text changed.
    private static func reconcileTranslations(_ entry: inout LockedVersion, _ version: VersionSource, policy: String, correction: CorrectionRequest?,
                                              _ input: Input, _ diagnostics: inout Diagnostics) -> Bool {
        var changed = false
        for (language, translation) in version.translations.sorted(by: { $0.key < $1.key }) {
            guard var recorded = entry.translations[language] else {
                entry.translations[language] = LockedTranslation(sha256: translation.bodySHA256, recorded: input.asOf)
                continue
            }
            guard recorded.sha256 != translation.bodySHA256 else { continue }
            changed = true
            if let correction {
                recorded.corrections.append(TranslationCorrection(day: input.asOf, reason: correction.reason, previousSHA256: recorded.sha256))
                recorded.sha256 = translation.bodySHA256
                entry.translations[language] = recorded
            } else {
                diagnostics.add(.error(translation.path, line: translation.bodyFirstLine,
                                       "this translation of version \(version.label) was recorded in \(PolicyLock.fileName) on \(recorded.recorded), and its text changed since (SHA-256 \(recorded.sha256.prefix(12))… is now \(translation.bodySHA256.prefix(12))…): a published translation must not change silently. To fix a mistake, record a correction: policysite build --correct \(policy)/\(version.segment) --reason \"...\""))
            }
        }
        for language in entry.translations.keys.sorted() where version.translations[language] == nil {
            let line = input.previousData.flatMap { LockFile.line(of: policy, version.segment, in: $0) }
            diagnostics.add(.error(input.lockDisplayPath, line: line, "\(policy)/\(version.segment) was published in '\(language)' (recorded on \(entry.translations[language]?.recorded.iso ?? "")), and its translation file is gone: restore it beside \(version.path); a published translation stays on the site"))
        }
        return changed
    }

    /// One way a recorded version can differ from its file.
    private struct Change {
        var name: String
        var detail: String
        var line: Int?
    }

    private static func changes(from entry: LockedVersion, to version: VersionSource) -> [Change] {
        var changes: [Change] = []
        if entry.sha256 != version.bodySHA256 {
            changes.append(Change(name: "body", detail: "its text (SHA-256 \(entry.sha256.prefix(12))… is now \(version.bodySHA256.prefix(12))…)", line: version.bodyFirstLine))
        }
        if entry.effective != version.effective {
            changes.append(Change(name: "effective", detail: "its effective day (\(entry.effective), now \(version.effective))", line: version.keyLines["effective"]))
        }
        if entry.material != version.material {
            changes.append(Change(name: "material", detail: "its materiality (\(entry.material), now \(version.material))", line: version.keyLines["material"]))
        }
        return changes
    }

    private static func changedVersionProblem(policy: String, _ version: VersionSource, entry: LockedVersion, changed: [Change]) -> Diagnostic {
        let what = changed.map(\.detail).joined(separator: ", ")
        return .error(version.path, line: changed.compactMap(\.line).first,
                      "version \(version.label) was published on \(entry.published) and is recorded in \(PolicyLock.fileName), and \(what) changed since: a published version must not change. Publish the change as a new version, or, to fix a mistake, record a correction: policysite build --correct \(policy)/\(version.segment) --reason \"...\"")
    }

    private static func backdatedProblem(policy: String, _ version: VersionSource, newest: LockedVersion) -> Diagnostic {
        .error(version.path, line: version.keyLines["effective"],
               "version \(version.label) is new to \(PolicyLock.fileName), but it takes effect on \(version.effective), not after version \(newest.version) (effective \(newest.effective)), the newest recorded version of \(policy): announcing it would tell every user of an older change as if it were new. If a lock entry was deleted, restore \(PolicyLock.fileName) from version control; if the version belongs in the history, record it without a notice: policysite build --insert \(policy)/\(version.segment) --reason \"...\"")
    }

    private static func key(_ policy: String, _ segment: String) -> String { policy + "/" + segment }
}
