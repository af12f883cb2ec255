import PolicySiteModel

/// `policysite.lock`: the record of every published version, committed with the policies. It is
/// the memory that makes each notice happen once, and that keeps a published version from
/// changing silently (SPEC section 3).
package struct PolicyLock: Sendable, Hashable, Codable {
    /// The file name, in the site root.
    package static let fileName = SitePaths.lockFileName
    /// The layout of this file; a build refuses a lock of a layout it does not know.
    package static let currentFormat = 1

    package var format: Int
    /// Policy id → version URL segment → what was recorded.
    package var policies: [String: [String: LockedVersion]]

    package init(policies: [String: [String: LockedVersion]] = [:]) {
        format = Self.currentFormat
        self.policies = policies
    }

    package subscript(policy: String, segment: String) -> LockedVersion? {
        get { policies[policy]?[segment] }
        set { policies[policy, default: [:]][segment] = newValue }
    }

    /// The latest day any build wrote into the lock: a version recorded, corrected, inserted or
    /// given its notice; nil for an empty lock.
    package var latestDay: CalendarDay? {
        policies.values.flatMap(\.values).flatMap { entry -> [CalendarDay] in
            var days: [CalendarDay] = [entry.recorded] + entry.corrections.map(\.day)
            days += [entry.inserted?.day, entry.lateNotice?.day].compactMap { $0 }
            for translation in entry.translations.values {
                days.append(translation.recorded)
                days += translation.corrections.map(\.day)
            }
            return days
        }.max()
    }
}

/// One published version as the lock records it.
package struct LockedVersion: Sendable, Hashable, Codable {
    /// The label readers see, kept up to date (it is not part of what may not change).
    package var version: String
    /// SHA-256 of the Markdown body, hex.
    package var sha256: String
    package var effective: CalendarDay
    package var material: Bool
    /// The version's `published` day when it was first recorded.
    package var published: CalendarDay
    /// The `--as-of` day of the build that recorded it.
    package var recorded: CalendarDay
    /// What the build that recorded it did about a notice.
    package var notice: NoticeOutcome
    /// Corrections recorded with `build --correct`, oldest first.
    package var corrections: [Correction]
    /// Set when `build --insert` recorded this version: a version new to the lock that takes
    /// effect no later than one recorded before it, recorded without a notice.
    package var inserted: Acknowledgement?
    /// Set when `policysite notice` wrote this version's notice after it was recorded without one.
    package var lateNotice: LateNotice?
    /// Its translations as recorded, by language; written only when there is one, so that the
    /// lock of a one-language site stays as it was.
    package var translations: [String: LockedTranslation] = [:]

    /// What happened about telling users of a version when it was recorded.
    package enum NoticeOutcome: String, Sendable, Hashable, Codable {
        /// Recorded by the first build, which writes no notices.
        case baseline
        /// A notification list was written to the outbox.
        case outbox
        /// The site configures no `users` file, so no list was written.
        case noUsersFile = "no-users-file"
        /// Recorded with `build --insert`: a backdated version, told to nobody.
        case inserted
    }

    enum CodingKeys: String, CodingKey {
        case version, sha256, effective, material, published, recorded, notice, corrections, inserted
        case lateNotice = "late_notice"
        case translations
    }

    package init(version: String, sha256: String, effective: CalendarDay, material: Bool, published: CalendarDay,
                recorded: CalendarDay, notice: NoticeOutcome, corrections: [Correction] = []) {
        self.version = version
        self.sha256 = sha256
        self.effective = effective
        self.material = material
        self.published = published
        self.recorded = recorded
        self.notice = notice
        self.corrections = corrections
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(String.self, forKey: .version)
        sha256 = try container.decode(String.self, forKey: .sha256)
        effective = try container.decode(CalendarDay.self, forKey: .effective)
        material = try container.decode(Bool.self, forKey: .material)
        published = try container.decode(CalendarDay.self, forKey: .published)
        recorded = try container.decode(CalendarDay.self, forKey: .recorded)
        notice = try container.decode(NoticeOutcome.self, forKey: .notice)
        corrections = try container.decodeIfPresent([Correction].self, forKey: .corrections) ?? []
        inserted = try container.decodeIfPresent(Acknowledgement.self, forKey: .inserted)
        lateNotice = try container.decodeIfPresent(LateNotice.self, forKey: .lateNotice)
        translations = try container.decodeIfPresent([String: LockedTranslation].self, forKey: .translations) ?? [:]
    }

    /// Writes `corrections` only when there is one, so that most entries stay short.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(effective, forKey: .effective)
        try container.encode(material, forKey: .material)
        try container.encode(published, forKey: .published)
        try container.encode(recorded, forKey: .recorded)
        try container.encode(notice, forKey: .notice)
        if !corrections.isEmpty { try container.encode(corrections, forKey: .corrections) }
        try container.encodeIfPresent(inserted, forKey: .inserted)
        try container.encodeIfPresent(lateNotice, forKey: .lateNotice)
        if !translations.isEmpty { try container.encode(translations, forKey: .translations) }
    }
}

/// A translation of a published version as the lock records it: its own text's hash and the
/// day it was first recorded (a translation may come after its version). Changing it afterwards
/// is a correction, as for the original.
package struct LockedTranslation: Sendable, Hashable, Codable {
    /// SHA-256 of the translation's Markdown body, hex.
    package var sha256: String
    /// The `--as-of` day of the build that recorded it.
    package var recorded: CalendarDay
    /// Corrections recorded with `build --correct`, oldest first.
    package var corrections: [TranslationCorrection] = []

    enum CodingKeys: String, CodingKey { case sha256, recorded, corrections }

    package init(sha256: String, recorded: CalendarDay) {
        self.sha256 = sha256
        self.recorded = recorded
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sha256 = try container.decode(String.self, forKey: .sha256)
        recorded = try container.decode(CalendarDay.self, forKey: .recorded)
        corrections = try container.decodeIfPresent([TranslationCorrection].self, forKey: .corrections) ?? []
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(recorded, forKey: .recorded)
        if !corrections.isEmpty { try container.encode(corrections, forKey: .corrections) }
    }
}

/// A change to a recorded translation, recorded on purpose with a reason.
package struct TranslationCorrection: Sendable, Hashable, Codable {
    package var day: CalendarDay
    package var reason: String
    package var previousSHA256: String

    enum CodingKeys: String, CodingKey {
        case day, reason
        case previousSHA256 = "previous_sha256"
    }
}

/// A decision recorded on purpose, with the day and the user's reason.
package struct Acknowledgement: Sendable, Hashable, Codable {
    /// The `--as-of` day of the build that recorded it.
    package var day: CalendarDay
    package var reason: String
}

/// A notice written with `policysite notice` for a version recorded without one.
package struct LateNotice: Sendable, Hashable, Codable {
    /// The day the notice was written.
    package var day: CalendarDay
    package var reason: String
    /// What the lock said about the version's notice before.
    package var previous: LockedVersion.NoticeOutcome
}

/// A change to a published version, recorded on purpose with a reason; it tells nobody.
package struct Correction: Sendable, Hashable, Codable {
    /// The `--as-of` day of the build that recorded it.
    package var day: CalendarDay
    package var reason: String
    /// What changed: `body`, `effective` and/or `material`.
    package var changed: [String]
    /// What the lock held before.
    package var previousSHA256: String
    package var previousEffective: CalendarDay
    package var previousMaterial: Bool

    enum CodingKeys: String, CodingKey {
        case day, reason, changed
        case previousSHA256 = "previous_sha256"
        case previousEffective = "previous_effective"
        case previousMaterial = "previous_material"
    }
}
