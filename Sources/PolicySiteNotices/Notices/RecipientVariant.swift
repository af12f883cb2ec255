import PolicySiteModel

/// Which email a recipient of a notice gets: the version it compares from and the language it
/// is written in. `build` counts recipients by both; `notify` writes each email by them.
package struct RecipientVariant: Sendable, Hashable {
    /// The label of the earlier version the email compares from; empty for the previous version.
    package var startingVersion: String
    /// The language of the notice's `languages` that the recipient's locale falls back to.
    package var language: String

    /// A recipient's variant: `startingVersion` as the notice's starting-version list gives it
    /// (a label that is not there, or empty, is the previous version), the language from `locale`.
    package init(startingVersion: String, locale: String, in notice: Notice) {
        self.init(startingVersion: startingVersion, language: LanguageTag.resolve(locale, in: notice.languages), in: notice)
    }

    /// A variant whose language is resolved already.
    init(startingVersion: String, language: String, in notice: Notice) {
        self.startingVersion = notice.startingVersions?.contains { $0.version == startingVersion } == true ? startingVersion : ""
        self.language = language
    }

    /// A user's variant: the version `accepted` names for the notice's policy, when the notice
    /// has a comparison from it (an earlier version than the previous one); else the previous
    /// version, as for a version that is unknown, later, the previous one or the new one itself.
    /// `languages` resolves the user's locale.
    static func of(_ user: RegisteredUser, in notice: Notice, languages: inout NoticeLanguages) -> RecipientVariant {
        let accepted = user.accepted[notice.policy.lowercased()].flatMap { notice.startingVersion(segment: VersionSource.segment(for: $0)) }
        return RecipientVariant(startingVersion: accepted?.version ?? "", language: languages.resolve(user.locale), in: notice)
    }
}
