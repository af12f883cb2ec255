import PolicySiteModel

/// A newly published version to tell users of: `outbox/<policy>/<v>/notice.json` (SPEC section
/// 4). `notify` writes its emails from this and `recipients.csv`.
package struct Notice: Sendable, Hashable, Codable {
    package static let currentFormat = 1

    package var format = Notice.currentFormat
    /// The policy's folder name.
    package var policy: String
    package var policyTitle: String
    /// The version's title.
    package var title: String
    /// The version's label.
    package var version: String
    /// The version's URL segment: the notice's folder is `outbox/<policy>/<segment>/`.
    package var segment: String
    /// The label of the published version it replaces; nil for a policy's first version.
    package var previousVersion: String?
    package var published: CalendarDay
    package var effective: CalendarDay
    package var material: Bool
    package var noticeWaived: String?
    package var summary: String?
    /// SHA-256 of the version's Markdown body, as in the lock and `policies.json`.
    package var sha256: String
    package var versionURL: String
    package var changesURL: String?
    /// What changed, with absolute links to the sections on the changes page; nil for a first version.
    package var changes: Changes?
    package var counts: Counts
    /// Each list's data rows (the header not counted) and SHA-256, by file name
    /// (`recipients.csv`, `skipped.csv`), as build wrote them: `notify` sends nothing of a
    /// notice whose lists differ. Nil in a notice written before build recorded them.
    package var lists: [String: ListDigest]? = nil
    /// The earlier versions (than the previous one) that recipients start from, oldest first,
    /// each with its comparison to this version: only those some recipient's `accepted` names.
    /// Nil in a notice written before build recorded them.
    package var startingVersions: [StartingVersion]? = nil
    /// The notice in each language that has this version, the default language first; `notify`
    /// writes each email in the recipient's language. Nil in a notice written before build
    /// recorded them (every email is then in the default language).
    package var translations: [NoticeTranslation]? = nil

    /// The languages of `translations`, the default first; `["en"]` for a notice without them.
    package var languages: [String] {
        let found = (translations ?? []).map(\.language)
        return found.isEmpty ? [Self.defaultLanguage] : found
    }

    /// The language of a notice that records no translations.
    package static let defaultLanguage = "en"

    /// The starting version whose segment is `segment`, if users start from it.
    package func startingVersion(segment: String) -> StartingVersion? {
        startingVersions?.first { $0.segment == segment }
    }

    /// A notice as `build` writes it into `notice.json`.
    package init(policy: String, policyTitle: String, title: String, version: String, segment: String, previousVersion: String?, published: CalendarDay, effective: CalendarDay, material: Bool, noticeWaived: String?, summary: String?, sha256: String, versionURL: String, changesURL: String?, changes: Changes?, counts: Counts, lists: [String: ListDigest]? = nil) {
        self.policy = policy
        self.policyTitle = policyTitle
        self.title = title
        self.version = version
        self.segment = segment
        self.previousVersion = previousVersion
        self.published = published
        self.effective = effective
        self.material = material
        self.noticeWaived = noticeWaived
        self.summary = summary
        self.sha256 = sha256
        self.versionURL = versionURL
        self.changesURL = changesURL
        self.changes = changes
        self.counts = counts
        self.lists = lists
    }

    /// What a list held when build wrote it.
    package struct ListDigest: Sendable, Hashable, Codable {
        package var rows: Int
        package var sha256: String
    }

    /// What changed, for the email: sections and word counts.
    package struct Changes: Sendable, Hashable, Codable {
        package var sectionsAdded: [SectionLink]
        package var sectionsRemoved: [SectionLink]
        package var sectionsChanged: [SectionLink]
        package var wordsInserted: Int
        package var wordsDeleted: Int

        /// What changed, as the redline found it.
        package init(sectionsAdded: [SectionLink], sectionsRemoved: [SectionLink], sectionsChanged: [SectionLink], wordsInserted: Int, wordsDeleted: Int) {
            self.sectionsAdded = sectionsAdded
            self.sectionsRemoved = sectionsRemoved
            self.sectionsChanged = sectionsChanged
            self.wordsInserted = wordsInserted
            self.wordsDeleted = wordsDeleted
        }

        enum CodingKeys: String, CodingKey {
            case sectionsAdded = "sections_added", sectionsRemoved = "sections_removed", sectionsChanged = "sections_changed"
            case wordsInserted = "words_inserted", wordsDeleted = "words_deleted"
        }
    }

    package struct SectionLink: Sendable, Hashable, Codable {
        package var title: String
        package var url: String

        /// A link to a section of the version.
        package init(title: String, url: String) {
            self.title = title
            self.url = url
        }
    }

    /// How many users are told and how many are not, by reason.
    package struct Counts: Sendable, Hashable, Codable {
        package var recipients = 0
        package var skipped = 0
        /// Every reason of `SkipReason`, with 0 where none applies.
        package var skippedByReason: [String: Int] = Dictionary(uniqueKeysWithValues: SkipReason.allCases.map { ($0.rawValue, 0) })
        /// Recipients by the version their email compares from: the previous version's label for
        /// those without an earlier `accepted` one; empty for a policy's first version, which
        /// compares with nothing. Nil in a notice written before build counted them.
        package var byStartingVersion: [String: Int]? = nil
        /// Recipients by the language their email is written in. Nil in a notice written before
        /// build counted them.
        package var byLanguage: [String: Int]? = nil

        /// No one counted yet.
        package init() {}

        /// Sets the breakdowns to their start: every language of `notice` at 0.
        mutating func startCounting(_ notice: Notice) {
            byStartingVersion = [:]
            byLanguage = Dictionary(notice.languages.map { ($0, 0) }, uniquingKeysWith: { first, _ in first })
        }

        /// Counts a recipient in the breakdowns.
        mutating func add(_ variant: RecipientVariant, previousVersion: String?) {
            if let from = variant.startingVersion.isEmpty ? previousVersion : variant.startingVersion {
                byStartingVersion?[from, default: 0] += 1
            }
            byLanguage?[variant.language, default: 0] += 1
        }

        mutating func skip(_ reason: SkipReason) {
            skipped += 1
            skippedByReason[reason.rawValue, default: 0] += 1
        }

        enum CodingKeys: String, CodingKey {
            case recipients, skipped, skippedByReason = "skipped_by_reason"
            case byStartingVersion = "by_starting_version", byLanguage = "by_language"
        }
    }

    /// Every key is written, with null where there is no value, so the file's shape never varies.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(policy, forKey: .policy)
        try container.encode(policyTitle, forKey: .policyTitle)
        try container.encode(title, forKey: .title)
        try container.encode(version, forKey: .version)
        try container.encode(segment, forKey: .segment)
        try container.encode(previousVersion, forKey: .previousVersion)
        try container.encode(published, forKey: .published)
        try container.encode(effective, forKey: .effective)
        try container.encode(material, forKey: .material)
        try container.encode(noticeWaived, forKey: .noticeWaived)
        try container.encode(summary, forKey: .summary)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(versionURL, forKey: .versionURL)
        try container.encode(changesURL, forKey: .changesURL)
        try container.encode(changes, forKey: .changes)
        try container.encode(counts, forKey: .counts)
        try container.encode(lists, forKey: .lists)
        try container.encode(startingVersions, forKey: .startingVersions)
        try container.encode(translations, forKey: .translations)
    }

    enum CodingKeys: String, CodingKey {
        case format, policy, policyTitle = "policy_title", title, version, segment, previousVersion = "previous_version"
        case published, effective, material, noticeWaived = "notice_waived", summary, sha256
        case versionURL = "version_url", changesURL = "changes_url", changes, counts, lists
        case startingVersions = "starting_versions", translations
    }
}
