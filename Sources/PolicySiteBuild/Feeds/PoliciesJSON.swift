import Foundation
import PolicySiteModel
import PolicySiteSupport

/// `policies.json`: the machine-readable record that apps poll to know which version a user must
/// accept. Its schema is documented in docs/site.md and kept stable: keys are only ever added,
/// every key is always present (null when it has no value), and `schema_version` changes if a
/// key ever changes meaning.
enum PoliciesJSON {
    static let schemaVersion = 1

    /// The record of the default language's `record`; on a site with other languages, each
    /// version lists its translations from theirs (`translations`, one record per language).
    /// The policies are encoded on `jobs` threads, each on its own, and put in their place in the
    /// document: the same bytes as encoding the whole document at once (`PoliciesJSONTests`). On
    /// 200 × 50 the whole took 1.1 s on one thread, the longest piece of the site-wide lists.
    static func encode(_ record: PublishedVersions, translations: [PublishedVersions] = [], jobs: Int = 1) throws -> Data {
        let listed = record.listed
        let policies = ParallelWork.map(count: listed.count, jobs: jobs) { index in
            Result { try encoder.encode(policy(record, listed[index], translations)) }
        }
        let document = try encoder.encode(self.document(record, translations, policies: [placeholder]))
        guard !policies.isEmpty, let placed = place(try policies.map { try $0.get() }, in: document) else {
            return try encodedWhole(record, translations: translations)
        }
        return placed + Data("\n".utf8)
    }

    /// The whole document encoded at once: what `encode` gives, byte for byte.
    static func encodedWhole(_ record: PublishedVersions, translations: [PublishedVersions] = []) throws -> Data {
        try encoder.encode(document(record, translations, policies: record.listed.map { policy(record, $0, translations) })) + Data("\n".utf8)
    }

    private static func document<Policies: Encodable>(_ record: PublishedVersions, _ translations: [PublishedVersions], policies: [Policies]) -> Document<Policies> {
        Document(
            schemaVersion: schemaVersion,
            site: Site(title: record.config.title, baseURL: record.config.baseURL,
                       languages: translations.isEmpty ? nil : [record.language.code] + translations.map(\.language.code)),
            asOf: record.asOf.iso,
            policies: policies
        )
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Stands for the policies in the document: the only element of the only array two levels
    /// deep (the site's languages are three), so its line is found once and nowhere else.
    private static let placeholder = "policysite:policies"
    /// How deep the policies' elements are indented: a pretty-printed level is two spaces.
    private static let elementIndent = Data("    ".utf8)

    /// Puts the policies, each encoded on its own, in the place of the placeholder: indented two
    /// levels, separated as the encoder separates array elements; nil if the placeholder is not
    /// found. A JSON string holds no line break (it is escaped), so each line of a policy starts
    /// a line of the document; the encoder leaves the line inside an empty array empty.
    private static func place(_ policies: [Data], in document: Data) -> Data? {
        guard let range = document.firstRange(of: elementIndent + Data("\"\(placeholder)\"".utf8)) else { return nil }
        var placed = Data(document[..<range.lowerBound])
        placed.reserveCapacity(document.count + policies.reduce(0) { $0 + $1.count + $1.count / 4 })
        for (number, policy) in policies.enumerated() {
            if number > 0 { placed.append(contentsOf: ",\n".utf8) }
            for (position, line) in policy.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
                if position > 0 { placed.append(UInt8(ascii: "\n")) }
                if !line.isEmpty { placed.append(elementIndent) }
                placed.append(contentsOf: line)
            }
        }
        placed.append(document[range.upperBound...])
        return placed
    }

    private static func policy(_ record: PublishedVersions, _ index: Int, _ translations: [PublishedVersions]) -> Policy {
        let timeline = record.timelines[index]
        let id = timeline.policy.id
        return Policy(
            id: id, title: record.titles[index], description: timeline.policy.description,
            url: record.url(.policy(id)), historyURL: record.url(.history(id)), feedURL: record.config.baseURL + AtomFeed.path(policy: id),
            currentVersion: timeline.currentIndex.map { timeline.policy.versions[$0].label },
            upcomingVersion: timeline.upcomingIndex.map { timeline.policy.versions[$0].label },
            versions: record.entries(of: index).map { version(record, $0, translations) }
        )
    }

    private static func version(_ record: PublishedVersions, _ entry: PublishedVersions.Entry, _ translations: [PublishedVersions]) -> Version {
        let source = record.source(entry)
        let facts = record.facts(entry)
        var translated: [String: Translation]?
        if !translations.isEmpty {
            translated = [:]
            for other in translations where source.translations[other.language.code] != nil {
                let text = other.source(entry)
                translated?[other.language.code] = Translation(
                    title: other.facts(entry)?.title, summary: text.summary, sha256: text.bodySHA256,
                    url: other.versionURL(entry), changesURL: other.changesURL(entry)
                )
            }
        }
        return Version(
            version: source.label, segment: source.segment, title: facts?.title,
            published: source.published.iso, effective: source.effective.iso, status: record.status(entry).rawValue,
            material: source.material, summary: source.summary, noticeWaived: source.noticeWaived,
            sha256: facts?.bodySHA256 ?? "", url: record.versionURL(entry), changesURL: record.changesURL(entry),
            changes: facts?.changes,
            corrections: record.corrections(entry).map { CorrectionEntry(day: $0.day.iso, reason: $0.reason) },
            inserted: record.inserted(entry).map { CorrectionEntry(day: $0.day.iso, reason: $0.reason) },
            translations: translated
        )
    }

    /// The record, its policies encoded as `Policies` (`Policy`, or the placeholder).
    private struct Document<Policies: Encodable>: Encodable {
        let schemaVersion: Int
        let site: Site
        let asOf: String
        let policies: [Policies]

        enum CodingKeys: String, CodingKey {
            case schemaVersion = "schema_version", site, asOf = "as_of", policies
        }
    }

    private struct Site: Encodable {
        let title: String
        let baseURL: String
        /// The site's languages, the default first; left out on a one-language site.
        let languages: [String]?

        enum CodingKeys: String, CodingKey { case title, baseURL = "base_url", languages }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(title, forKey: .title)
            try container.encode(baseURL, forKey: .baseURL)
            try container.encodeIfPresent(languages, forKey: .languages)
        }
    }

    /// A version's text in another language: its own title, summary, hash and pages.
    private struct Translation: Encodable {
        let title: String?
        let summary: String?
        let sha256: String
        let url: String
        let changesURL: String?

        enum CodingKeys: String, CodingKey { case title, summary, sha256, url, changesURL = "changes_url" }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(title, forKey: .title)
            try container.encode(summary, forKey: .summary)
            try container.encode(sha256, forKey: .sha256)
            try container.encode(url, forKey: .url)
            try container.encode(changesURL, forKey: .changesURL)
        }
    }

    private struct Policy: Encodable {
        let id: String
        let title: String
        let description: String?
        let url: String
        let historyURL: String
        let feedURL: String
        let currentVersion: String?
        let upcomingVersion: String?
        let versions: [Version]

        enum CodingKeys: String, CodingKey {
            case id, title, description, url, historyURL = "history_url", feedURL = "feed_url"
            case currentVersion = "current_version", upcomingVersion = "upcoming_version", versions
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(description, forKey: .description)
            try container.encode(url, forKey: .url)
            try container.encode(historyURL, forKey: .historyURL)
            try container.encode(feedURL, forKey: .feedURL)
            try container.encode(currentVersion, forKey: .currentVersion)
            try container.encode(upcomingVersion, forKey: .upcomingVersion)
            try container.encode(versions, forKey: .versions)
        }
    }

    private struct Version: Encodable {
        let version: String
        let segment: String
        let title: String?
        let published: String
        let effective: String
        let status: String
        let material: Bool
        let summary: String?
        let noticeWaived: String?
        let sha256: String
        let url: String
        let changesURL: String?
        let changes: ChangeSummary?
        let corrections: [CorrectionEntry]
        /// Set for a version put into the history with `build --insert`; the key is left out otherwise.
        let inserted: CorrectionEntry?
        /// Its translations by language, on a site with several languages (the key is left out on
        /// a one-language site).
        let translations: [String: Translation]?

        enum CodingKeys: String, CodingKey {
            case version, segment, title, published, effective, status, material, summary
            case noticeWaived = "notice_waived", sha256, url, changesURL = "changes_url", changes, corrections, inserted, translations
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(version, forKey: .version)
            try container.encode(segment, forKey: .segment)
            try container.encode(title, forKey: .title)
            try container.encode(published, forKey: .published)
            try container.encode(effective, forKey: .effective)
            try container.encode(status, forKey: .status)
            try container.encode(material, forKey: .material)
            try container.encode(summary, forKey: .summary)
            try container.encode(noticeWaived, forKey: .noticeWaived)
            try container.encode(sha256, forKey: .sha256)
            try container.encode(url, forKey: .url)
            try container.encode(changesURL, forKey: .changesURL)
            try container.encode(changes, forKey: .changes)
            try container.encode(corrections, forKey: .corrections)
            try container.encodeIfPresent(inserted, forKey: .inserted)
            try container.encodeIfPresent(translations, forKey: .translations)
        }
    }

    /// A correction of a published version, recorded with `build --correct`.
    private struct CorrectionEntry: Encodable {
        let day: String
        let reason: String
    }
}
