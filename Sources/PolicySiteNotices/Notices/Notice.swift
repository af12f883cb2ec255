import PolicySiteModel

/// A newly published version to tell users of: `outbox/<policy>/<v>/notice.json` (SPEC section
/// 4). `notify` writes its emails from this and `recipients.csv`.
public struct Notice: Sendable, Hashable, Codable {
    public static let currentFormat = 1

    public var format = Notice.currentFormat
    /// The policy's folder name.
    public var policy: String
    public var policyTitle: String
    /// The version's title.
    public var title: String
    /// The version's label.
    public var version: String
    /// The version's URL segment: the notice's folder is `outbox/<policy>/<segment>/`.
    public var segment: String
    /// The label of the published version it replaces; nil for a policy's first version.
    public var previousVersion: String?
    public var published: CalendarDay
    public var effective: CalendarDay
    public var material: Bool
    public var noticeWaived: String?
    public var summary: String?
    /// SHA-256 of the version's Markdown body, as in the lock and `policies.json`.
    public var sha256: String
    public var versionURL: String
    public var changesURL: String?
    /// What changed, with absolute links to the sections on the changes page; nil for a first version.
    public var changes: Changes?
    public var counts: Counts
    /// Each list's data rows (the header not counted) and SHA-256, by file name
    /// (`recipients.csv`, `skipped.csv`), as build wrote them: `notify` sends nothing of a
    /// notice whose lists differ. Nil in a notice written before build recorded them.
    public var lists: [String: ListDigest]? = nil

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
    public struct ListDigest: Sendable, Hashable, Codable {
        public var rows: Int
        public var sha256: String
    }

    /// What changed, for the email: sections and word counts.
    public struct Changes: Sendable, Hashable, Codable {
        public var sectionsAdded: [SectionLink]
        public var sectionsRemoved: [SectionLink]
        public var sectionsChanged: [SectionLink]
        public var wordsInserted: Int
        public var wordsDeleted: Int

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

    public struct SectionLink: Sendable, Hashable, Codable {
        public var title: String
        public var url: String

        /// A link to a section of the version.
        package init(title: String, url: String) {
            self.title = title
            self.url = url
        }
    }

    /// How many users are told and how many are not, by reason.
    public struct Counts: Sendable, Hashable, Codable {
        public var recipients = 0
        public var skipped = 0
        /// Every reason of `SkipReason`, with 0 where none applies.
        public var skippedByReason: [String: Int] = Dictionary(uniqueKeysWithValues: SkipReason.allCases.map { ($0.rawValue, 0) })

        /// No one counted yet.
        package init() {}

        mutating func skip(_ reason: SkipReason) {
            skipped += 1
            skippedByReason[reason.rawValue, default: 0] += 1
        }

        enum CodingKeys: String, CodingKey {
            case recipients, skipped, skippedByReason = "skipped_by_reason"
        }
    }

    /// Every key is written, with null where there is no value, so the file's shape never varies.
    public func encode(to encoder: any Encoder) throws {
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
    }

    enum CodingKeys: String, CodingKey {
        case format, policy, policyTitle = "policy_title", title, version, segment, previousVersion = "previous_version"
        case published, effective, material, noticeWaived = "notice_waived", summary, sha256
        case versionURL = "version_url", changesURL = "changes_url", changes, counts, lists
    }
}
