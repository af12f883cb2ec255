import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteMail
@testable import PolicySiteModel
@testable import PolicySiteNotices
@testable import PolicySiteSource
@testable import PolicySiteSupport
import Testing

/// Each recipient's email variant: the version it compares from (the users file's `accepted`
/// column, issue 16 section 4) and the language it is written in (their `locale`, issue 15).
/// Real builds into a temporary site, real notify runs into a Maildir.
@Suite struct EmailVariantTests {
    static let config = "title: Test Site\nbase_url: https://example.com/legal/\nusers: users.csv\n"
        + "email:\n  from: Legal <legal@example.com>\n  unsubscribe_mailto: unsubscribe@example.com\n"

    /// Privacy 1.3 and 1.4 in the lock, then 1.5 published (upcoming): each a section more.
    static let users = """
        email,name,locale,accepted
        on13@example.com,On Thirteen,en,privacy=1.3
        plain@example.com,Plain,,
        de@example.com,Dora,de,
        at@example.com,Anton,de-AT,Privacy = 1.4
        ja@example.com,Jun,ja,terms=7
        bad@example.com,Bad,,privacy:1.3
        later@example.com,Later,,privacy=1.9
        same@example.com,Same,,privacy=1.5
        upper@example.com,Upper,,PRIVACY= 1.3 

        """

    static func site() throws -> (TemporarySite, BuildReport) {
        let site = try TemporarySite()
        try site.write("policysite.yml", config)
        try site.write("users.csv", users)
        try site.write("policies/privacy/1.3.md", versionFile("version: \"1.3\"\neffective: 2024-01-01", body: "# Privacy\n\n## Data\n\nWe keep little.\n"))
        try site.write("policies/privacy/1.4.md", versionFile("version: \"1.4\"\neffective: 2024-02-01\npublished: 2024-01-01",
                                                              body: "# Privacy\n\n## Data\n\nWe keep little.\n\n## Cookies\n\nNone at all.\n"))
        try site.build(asOf: "2024-02-15")
        try site.write("policies/privacy/1.5.md", versionFile("version: \"1.5\"\neffective: 2024-05-01\npublished: 2024-03-01\nsummary: We keep it shorter.",
                                                              body: "# Privacy\n\n## Data\n\nWe keep very little.\n\n## Cookies\n\nNone at all.\n\n## Retention\n\nThirty days.\n"))
        return (site, try site.build(asOf: "2024-03-02"))
    }

    @Test func aUserOnAnEarlierVersionIsComparedFromItAndTheOthersFromThePrevious() throws {
        let (site, report) = try Self.site()
        let notice = try #require(report.notices.first)
        #expect(notice.previousVersion == "1.4")
        // Only the starting versions that some recipient has are kept, each with its comparison.
        let starting = try #require(notice.startingVersions)
        #expect(starting.map(\.version) == ["1.3"])
        #expect(starting.first?.changesURL == "https://example.com/legal/privacy/versions/1.5/changes/1.3/")
        #expect(starting.first?.changes.sectionsAdded.map(\.title) == ["Cookies", "Retention"])
        #expect(starting.first?.changes.sectionsAdded.first?.url == "https://example.com/legal/privacy/versions/1.5/changes/1.3/#cookies")
        #expect(notice.changes?.sectionsAdded.map(\.title) == ["Retention"])
        // The comparison page the email links to exists, and says the same.
        #expect(site.exists("site/privacy/versions/1.5/changes/1.3/index.html"))
        // 1.3 (also as PRIVACY= 1.3 ): 2; unknown, later, the new one itself, a bad cell, none: the previous.
        #expect(notice.counts.byStartingVersion == ["1.3": 2, "1.4": 7])
        #expect(notice.counts.byLanguage == ["en": 9])
        #expect(try site.read("outbox/privacy/1.5/starting-versions.csv") == ["starting_version", "1.3", "1.4", "1.4", "1.4", "1.4", "1.4", "1.4", "1.4", "1.3"].map { $0 + "\r\n" }.joined())
        // recipients.csv keeps exactly the SPEC's columns.
        #expect(try site.read("outbox/privacy/1.5/recipients.csv").hasPrefix("email,name,locale,unsubscribe_url\r\n"))
        let warnings = report.diagnostics.filter { $0.message.contains("'accepted'") }.map(\.description)
        #expect(warnings == ["users.csv:7: warning: 'accepted' must be policy=version pairs separated by ';' (such as privacy=1.3;terms=2019-01); its emails compare with the previous version"])
        #expect(try NoticeFile.read(from: site.root.appending(path: "outbox/privacy/1.5")) == notice)
    }

    @Test func acceptedCellsParseOrAreRefusedWhole() {
        func parse(_ text: String) -> [String: String]? {
            try? AcceptedVersions.parse(ArraySlice(text.utf8)).get()
        }
        #expect(parse("") == [:])
        #expect(parse("privacy=1.3;terms=2019-01") == ["privacy": "1.3", "terms": "2019-01"])
        #expect(parse(" Privacy = 1.3 ; ; ") == ["privacy": "1.3"])
        #expect(parse("privacy=1.3;privacy=1.3") == ["privacy": "1.3"])
        for bad in ["privacy", "privacy=", "=1.3", "privacy=1=3", "privacy=1.3;privacy=1.4", "privacy=1.3\nterms=2"] {
            #expect(parse(bad) == nil, "\(bad.debugDescription)")
        }
    }

    @Test(arguments: [("de-AT", "de"), ("DE_at", "de"), ("de", "de"), ("ja", "en"), ("", "en"), ("pt-BR", "pt-BR"), ("pt", "en"), ("zh-Hant-TW", "zh-Hant"), ("fr-CA", "fr")])
    func aLocaleFallsBackToItsLanguageThenToTheDefault(_ locale: String, _ language: String) {
        #expect(LanguageTag.resolve(locale, in: ["en", "de", "fr", "pt-BR", "zh-Hant"]) == language)
    }

    @Test func theDefaultThemeHasEveryEmailStringInGermanFrenchSpanishAndArabic() throws {
        var problems = Diagnostics()
        let catalogs = EmailStrings.catalogs(builtIn: BuiltInTheme.files, site: [:], &problems)
        #expect(problems.isEmpty, "\(problems)")
        #expect(catalogs.map(\.language).sorted() == ["ar", "de", "es", "fr"])
        for catalog in catalogs {
            #expect(Set(catalog.strings.keys) == EmailStrings.keys, "\(catalog.language)")
        }
        let strings = EmailStrings(catalogs: catalogs, &problems)
        #expect(problems.isEmpty && strings.has("DE") && !strings.has("ja"))
    }

    @Test func aSiteThemeOverridesStringsOneByOne() throws {
        let file = ThemeLoader.ThemeFile(data: Data("pages: {}\nemail:\n  greeting: \"Moin,\"\n  bogus: x\n  footer: \"{{#site.title}}\"\n".utf8),
                                         displayPath: "themes/mine/i18n/de.yml")
        var problems = Diagnostics()
        let strings = EmailStrings(catalogs: EmailStrings.catalogs(builtIn: BuiltInTheme.files, site: ["i18n/de.yml": file], &problems), &problems)
        #expect(problems.all.map(\.description) == [
            "themes/mine/i18n/de.yml:4: warning: unknown key 'email.bogus'; it is ignored (the email strings are \(EmailStrings.keys.sorted().joined(separator: ", ")))",
            "themes/mine/i18n/de.yml:5: error: 'email.footer' does not parse: {{#site.title}} is never closed; add {{/site.title}} where the section ends",
        ])
        let context = EmailContext(site: EmailSiteContext(title: "t", organization: "o", baseURL: "b"), notice: EmailNoticeContext(Self.plainNotice),
                                   recipient: Recipient(line: 2, email: "e", name: "", locale: "de", unsubscribeURL: ""), unsubscribeMailto: nil)
        #expect(strings.render("greeting", language: "de", html: false, context) == "Moin,")
        #expect(strings.render("editorial", language: "de", html: false, context) == "Dies ist eine redaktionelle Änderung: Inhaltlich ändert sich nichts.")
        // A language without strings gets English; the HTML part gets the `_html` form.
        #expect(strings.render("greeting", language: "ja", html: false, context) == "Hello,")
        #expect(strings.render("intro", language: "en", html: true, context)?.contains("<strong>April 15, 2024</strong>") == true)
    }

    static let plainNotice = Notice(
        policy: "privacy", policyTitle: "Privacy", title: "Privacy", version: "2", segment: "2", previousVersion: "1",
        published: CalendarDay(iso: "2024-03-01")!, effective: CalendarDay(iso: "2024-04-15")!, material: true,
        noticeWaived: nil, summary: nil, sha256: "", versionURL: "v", changesURL: nil, changes: nil, counts: Notice.Counts())

    /// The notice as a site with German translations would have it (the translation model is the
    /// languages stream's; `NoticeTranslations.make` is where it joins).
    static func addGerman(_ site: TemporarySite) throws {
        let folder = site.root.appending(path: "outbox/privacy/1.5")
        var notice = try NoticeFile.read(from: folder)
        let base = "https://example.com/legal/de/privacy/versions/1.5/"
        let starting = (notice.startingVersions ?? []).map { version in
            var version = version
            version.changesURL = base + "changes/\(version.segment)/"
            return version
        }
        notice.translations?.append(NoticeTranslation(
            language: "de", policyTitle: "Datenschutzerklärung", title: "Datenschutzerklärung", summary: "Wir fassen uns kürzer.",
            versionURL: base, changesURL: base + "changes/", changes: notice.changes, startingVersions: starting))
        try NoticeFile.write(notice, to: folder)
    }

    /// The text part of each message in a Maildir, by recipient address, with the subject.
    static func messages(in maildir: URL) throws -> [String: (subject: String, text: String, html: String)] {
        var found: [String: (String, String, String)] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: maildir.appending(path: "new").path) {
            let raw = try String(contentsOf: maildir.appending(path: "new/\(name)"), encoding: .utf8)
            let to = try #require(raw.components(separatedBy: "\r\n").first { $0.hasPrefix("To: ") })
            let address = try #require(to.split(separator: "<").last.map { String($0.dropLast()) })
            let subject = try #require(raw.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") })
            let parts = raw.components(separatedBy: "Content-Transfer-Encoding: quoted-printable\r\n\r\n")
            func decoded(_ part: String) -> String {
                let body = part.components(separatedBy: "\r\n--=_policysite_").first ?? ""
                return QuotedPrintableDecoding.decode(body)
            }
            found[address] = (subject, decoded(parts[1]), decoded(parts[2]))
        }
        return found
    }

    @Test func eachEmailIsInTheReadersLanguageAndFromTheirStartingVersion() throws {
        let (site, _) = try Self.site()
        try Self.addGerman(site)
        let maildir = site.root.appending(path: "Maildir")
        let statuses = try Notifier.send(NotifyOptions(paths: site.paths, delivery: .maildir(maildir), now: { Date(timeIntervalSince1970: 1_709_337_600) }))
        #expect(statuses.first?.sent == 9)
        let messages = try Self.messages(in: maildir)
        for address in ["de@example.com", "at@example.com"] {
            let message = try #require(messages[address])
            #expect(message.text.hasPrefix("Guten Tag "), "\(address)")
            #expect(message.text.contains("Test Site hat Version 1.5 der Datenschutzerklärung veröffentlicht; sie ersetzt Version 1.4. Sie gilt ab dem 1. Mai 2024."))
            #expect(message.text.contains("Was sich ändert: Wir fassen uns kürzer."))
            #expect(message.text.contains("Die neue Version lesen: https://example.com/legal/de/privacy/versions/1.5/"))
            #expect(message.text.contains("Alle Änderungen markiert ansehen: https://example.com/legal/de/privacy/versions/1.5/changes/\n"))
            #expect(message.html.contains("<html lang=\"de\">") && message.html.contains("<strong>1. Mai 2024</strong>"))
        }
        // Japanese has no translation: the default language, with English words and links.
        let japanese = try #require(messages["ja@example.com"])
        #expect(japanese.text.hasPrefix("Dear Jun,\n"))
        #expect(japanese.text.contains("Read the new version: https://example.com/legal/privacy/versions/1.5/"))
        #expect(japanese.subject == "Subject: Privacy: version 1.5 takes effect on May 1, 2024")
        // From 1.3: the sections and counts of 1.3 to 1.5, and its comparison page.
        let on13 = try #require(messages["on13@example.com"])
        #expect(on13.text.contains("You last accepted version 1.3."))
        #expect(on13.text.contains("- Added: Cookies <https://example.com/legal/privacy/versions/1.5/changes/1.3/#cookies>"))
        #expect(on13.text.contains("See every change, marked: https://example.com/legal/privacy/versions/1.5/changes/1.3/\n"))
        // Without `accepted`: the previous version, as before.
        let plain = try #require(messages["plain@example.com"])
        #expect(!plain.text.contains("You last accepted"))
        #expect(!plain.text.contains("Cookies"))
        #expect(plain.text.contains("See every change, marked: https://example.com/legal/privacy/versions/1.5/changes/\n"))
    }
}

/// Quoted-printable decoding for reading the parts back (RFC 2045 section 6.7), line ends as `\n`.
private enum QuotedPrintableDecoding {
    static func decode(_ text: String) -> String {
        let source = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "="), index + 2 < source.count,
               let value = UInt8(String(decoding: source[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }
}
