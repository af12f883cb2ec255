/// The values the theme's email templates (`email-subject`, `email-text`, `email-html`) see:
/// `site`, `notice`, `recipient` and `unsubscribe`, as docs/themes.md lists them. Built as plain
/// dictionaries, which the template engine reads directly; a missing value is a missing key.
enum EmailContext {
    /// The part shared by every message of a notice.
    static func shared(site: SiteConfig, notice: Notice) -> [String: Any] {
        func day(_ day: CalendarDay) -> [String: Any] { ["iso": day.iso, "long": day.longForm] }
        func links(_ sections: [Notice.SectionLink]?) -> [[String: Any]] {
            (sections ?? []).map { ["title": $0.title, "url": $0.url] }
        }
        var values: [String: Any] = [
            "policy": notice.policy, "policyTitle": notice.policyTitle, "title": notice.title,
            "version": notice.version, "published": day(notice.published), "effective": day(notice.effective),
            "material": notice.material, "editorial": !notice.material, "versionURL": notice.versionURL,
            "sectionsAdded": links(notice.changes?.sectionsAdded), "sectionsRemoved": links(notice.changes?.sectionsRemoved),
            "sectionsChanged": links(notice.changes?.sectionsChanged),
            "hasSections": !(notice.changes.map { $0.sectionsAdded.isEmpty && $0.sectionsRemoved.isEmpty && $0.sectionsChanged.isEmpty } ?? true),
        ]
        values["previousVersion"] = notice.previousVersion
        values["summary"] = notice.summary
        values["noticeWaived"] = notice.noticeWaived
        values["changesURL"] = notice.changesURL
        return ["site": ["title": site.title, "baseURL": site.baseURL], "notice": values]
    }

    /// The whole context of one message.
    static func message(shared: [String: Any], recipient: Recipient, unsubscribeMailto: String?) -> [String: Any] {
        var context = shared
        var person: [String: Any] = ["email": recipient.email]
        if !recipient.name.isEmpty { person["name"] = recipient.name }
        if !recipient.locale.isEmpty { person["locale"] = recipient.locale }
        context["recipient"] = person
        var unsubscribe: [String: Any] = [:]
        if !recipient.unsubscribeURL.isEmpty { unsubscribe["url"] = recipient.unsubscribeURL }
        if let unsubscribeMailto { unsubscribe["mailto"] = unsubscribeMailto }
        if !unsubscribe.isEmpty { context["unsubscribe"] = unsubscribe }
        return context
    }
}
