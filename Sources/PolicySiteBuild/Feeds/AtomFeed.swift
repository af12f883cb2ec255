import Foundation
import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport

/// Atom feeds (RFC 4287): one entry per published version, upcoming ones included, newest first.
enum AtomFeed {
    /// The site's feed, relative to the site root.
    static let sitePath = "feed.xml"

    /// A policy's feed, relative to the site root.
    static func path(policy id: String) -> String { "\(id)/feed.xml" }

    static func site(_ record: PublishedVersions) -> String {
        feed(record, entries: record.listed.flatMap(record.entries(of:)),
             title: record.config.title, selfURL: record.config.baseURL + sitePath, pageURL: record.config.baseURL)
    }

    static func policy(_ record: PublishedVersions, _ policy: Int) -> String {
        let id = record.timelines[policy].policy.id
        return feed(record, entries: record.entries(of: policy),
                    title: record.language.strings.format("policy_feed_title", ["title": record.titles[policy], "site": record.config.title]),
                    selfURL: record.config.baseURL + path(policy: id), pageURL: record.url(.policy(id)))
    }

    private static func feed(_ record: PublishedVersions, entries: [PublishedVersions.Entry], title: String, selfURL: String, pageURL: String) -> String {
        let sorted = entries.sorted { a, b in
            let (x, y) = (record.source(a), record.source(b))
            if x.published != y.published { return x.published > y.published }
            if record.policyID(a) != record.policyID(b) { return record.policyID(a) < record.policyID(b) }
            return x.effective > y.effective
        }
        let updated = sorted.first.map { record.source($0).published } ?? record.asOf
        var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(escape(record.language.code))">
        <id>\(escape(selfURL))</id>
        <title>\(escape(title))</title>
        <updated>\(timestamp(updated))</updated>
        <link rel="self" type="application/atom+xml" href="\(escape(selfURL))"/>
        <link rel="alternate" type="text/html" href="\(escape(pageURL))"/>
        <author><name>\(escape(record.config.title))</name></author>
        <generator>policysite</generator>

        """
        for entry in sorted {
            xml += self.entry(record, entry)
        }
        return xml + "</feed>\n"
    }

    private static func entry(_ record: PublishedVersions, _ entry: PublishedVersions.Entry) -> String {
        let version = record.source(entry)
        let facts = record.facts(entry)
        let title = record.language.strings.format("feed_entry_title", ["title": facts?.title ?? record.titles[entry.policy], "version": version.label])
        var xml = """
        <entry>
        <id>\(escape(tagURI(record, entry)))</id>
        <title>\(escape(title))</title>
        <published>\(timestamp(version.published))</published>
        <updated>\(timestamp(version.published))</updated>
        <link rel="alternate" type="text/html" href="\(escape(record.versionURL(entry)))"/>

        """
        if let changes = record.changesURL(entry) {
            xml += "<link rel=\"related\" type=\"text/html\" title=\"\(escape(record.language.strings["feed_what_changed"]))\" href=\"\(escape(changes))\"/>\n"
        }
        xml += "<category term=\"\(version.material ? "material" : "editorial")\"/>\n"
        xml += "<summary type=\"text\">\(escape(summaryText(record, entry)))</summary>\n</entry>\n"
        return xml
    }

    /// The version's summary, when it takes effect, and what changed in numbers.
    static func summaryText(_ record: PublishedVersions, _ entry: PublishedVersions.Entry) -> String {
        let version = record.source(entry)
        let strings = record.language.strings
        var parts: [String] = []
        if let summary = version.summary { parts.append(summary) }
        let key = version.effective <= record.asOf ? "feed_took_effect" : "feed_takes_effect"
        parts.append(strings.format(key, ["day": record.language.days.long(version.effective)]))
        if let waived = version.noticeWaived { parts.append(strings.format("feed_shorter_notice", ["reason": waived])) }
        if let changes = record.facts(entry)?.changes {
            parts.append(describe(changes, strings))
        }
        return parts.joined(separator: " ")
    }

    /// `Sections added: Retention. Sections changed: Cookies. 12 words inserted, 3 deleted.`
    static func describe(_ changes: ChangeSummary, _ strings: ThemeStrings) -> String {
        if changes.isUnchanged { return strings["feed_unchanged"] }
        var parts: [String] = []
        func list(_ key: String, _ sections: [ChangeSummary.Section]) {
            if !sections.isEmpty { parts.append(strings.format(key, ["sections": sections.map(\.title).joined(separator: "; ")])) }
        }
        list("feed_sections_added", changes.sectionsAdded)
        list("feed_sections_removed", changes.sectionsRemoved)
        list("feed_sections_changed", changes.sectionsChanged)
        parts.append(strings.format(changes.wordsInserted == 1 ? "feed_words_one" : "feed_words",
                                    ["inserted": String(changes.wordsInserted), "deleted": String(changes.wordsDeleted)]))
        return parts.joined(separator: " ")
    }

    /// A stable id (RFC 4151): `tag:policies.example.com,2010-01-30:/plimus/versions/1.4/`.
    static func tagURI(_ record: PublishedVersions, _ entry: PublishedVersions.Entry) -> String {
        let components = URLParts(record.config.baseURL)
        let path = components.path + SitePath.version(record.policyID(entry), record.source(entry).segment).folder
        return "tag:\(components.host),\(record.source(entry).published.iso):\(path)"
    }

    static func timestamp(_ day: CalendarDay) -> String { "\(day.iso)T00:00:00Z" }

    static func escape(_ text: String) -> String { HTMLEscaping.attribute(text) }
}

/// The host and path of the site's base URL (checked to be an absolute http(s) URL).
struct URLParts {
    let host: String
    let path: String

    init(_ url: String) {
        let components = URLComponents(string: url)
        host = components?.host?.lowercased() ?? ""
        let path = components?.percentEncodedPath ?? "/"
        self.path = path.isEmpty ? "/" : path
    }
}
