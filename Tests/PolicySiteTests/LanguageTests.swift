import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteModel
@testable import PolicySiteSource
import PolicySiteSupport
import Testing

/// Translated versions (issue 15): the source rules of a translation, the lock's record of each,
/// the theme's catalogs with their fallbacks, and what a reader of a language is given.
@Suite struct LanguageTests {
    /// Privacy 1 (2024-01-01) with a German translation, and 2 (published 2024-05-01) without one.
    static func site(languages: String = "[en, de, fr]", extra: String = "") throws -> TemporarySite {
        let site = try TemporarySite()
        try site.write("policysite.yml", "title: Test Site\nbase_url: https://example.com/legal/\nlanguages: \(languages)\n\(extra)")
        try site.write("policies/privacy/1.md", versionFile("version: \"1\"\neffective: 2024-01-01\ntitle: Privacy\nsummary: First.", body: "# Privacy\n\nWe keep little.\n"))
        try site.write("policies/privacy/1.de.md", versionFile("title: Datenschutz\nsummary: Erste.", body: "# Datenschutz\n\nWir speichern wenig.\n"))
        try site.write("policies/privacy/2.md", versionFile("version: \"2\"\neffective: 2024-06-15\npublished: 2024-05-01\ntitle: Privacy", body: "# Privacy\n\nWe keep very little.\n"))
        return site
    }

    func lock(_ site: TemporarySite) throws -> PolicyLock {
        try LockFile.decode(Data(site.read(PolicyLock.fileName).utf8), displayPath: "")
    }

    @Test func aTranslationTakesItsDatesFromTheOriginalAndAnyOtherValueIsAnErrorAtItsLine() throws {
        let site = try Self.site()
        try site.write("policies/privacy/1.de.md", versionFile("title: Datenschutz\nversion: \"1\"\neffective: 2024-01-02\nmaterial: false"))
        let problems = site.buildProblems(asOf: "2024-02-01")
        let errors = problems.filter(\.isError)
        #expect(errors.count == 2)
        #expect(errors.contains { $0.path == "policies/privacy/1.de.md" && $0.line == 4 && $0.message.contains("'effective' is 2024-01-02 here and 2024-01-01 in policies/privacy/1.md") })
        #expect(errors.contains { $0.path == "policies/privacy/1.de.md" && $0.line == 5 && $0.message.contains("'material'") })
        #expect(!site.exists("site") && !site.exists(PolicyLock.fileName))
    }

    @Test func anUnknownLanguageAMissingOriginalAndTheDefaultLanguageAreErrors() throws {
        let site = try Self.site()
        try site.write("policies/privacy/1.ja.md", versionFile("title: X"))
        try site.write("policies/privacy/3.de.md", versionFile("title: X"))
        try site.write("policies/privacy/1.en.md", versionFile("title: X"))
        let errors = site.buildProblems(asOf: "2024-02-01").filter(\.isError)
        #expect(errors.contains { $0.path == "policies/privacy/1.ja.md" && $0.message.contains("'ja' is not one of the site's languages (en, de, fr)") })
        #expect(errors.contains { $0.path == "policies/privacy/3.de.md" && $0.message.contains("there is no 3.md beside it") })
        #expect(errors.contains { $0.path == "policies/privacy/1.en.md" && $0.message.contains("default language") })
    }

    @Test func aMissingTranslationIsAWarningOrWithRequireTranslationsAnError() throws {
        let site = try Self.site()
        let report = try site.build(asOf: "2024-02-01")
        #expect(report.diagnostics.contains { !$0.isError && $0.path == "policies/privacy/1.md" && $0.message.contains("no translation in fr (1.fr.md)") })
        let strict = try Self.site(extra: "require_translations: true\n")
        let errors = strict.buildProblems(asOf: "2024-02-01").filter(\.isError)
        #expect(errors.contains { $0.path == "policies/privacy/1.md" && $0.message.contains("'require_translations' is true") })
    }

    @Test func theLockRecordsEachTranslationALateOneOnItsDayAndAChangeIsACorrection() throws {
        let site = try Self.site()
        try site.build(asOf: "2024-02-01")
        let first = try #require(try lock(site)["privacy", "1"])
        #expect(first.translations["de"]?.recorded == CalendarDay(iso: "2024-02-01"))
        #expect(first.translations["fr"] == nil)

        try site.write("policies/privacy/1.fr.md", versionFile("title: Confidentialité", body: "# Confidentialité\n\nNous gardons peu.\n"))
        let late = try site.build(asOf: "2024-03-01")
        #expect(late.notices.isEmpty, "a late translation tells nobody")
        #expect(try lock(site)["privacy", "1"]?.translations["fr"]?.recorded == CalendarDay(iso: "2024-03-01"))

        let before = try site.read(PolicyLock.fileName)
        try site.write("policies/privacy/1.de.md", versionFile("title: Datenschutz", body: "# Datenschutz\n\nWir speichern sehr wenig.\n"))
        let refused = site.buildProblems(asOf: "2024-03-02").filter(\.isError)
        #expect(refused.contains { $0.path == "policies/privacy/1.de.md" && $0.message.contains("--correct privacy/1") })
        #expect(try site.read(PolicyLock.fileName) == before)

        var options = site.options(asOf: "2024-03-02")
        options.corrections = [try #require(CorrectionRequest(target: "privacy/1", reason: "Tippfehler"))]
        try SiteBuilder.build(options)
        let corrected = try #require(try lock(site)["privacy", "1"]?.translations["de"])
        #expect(corrected.corrections.map(\.reason) == ["Tippfehler"])

        try site.remove("policies/privacy/1.fr.md")
        #expect(site.buildProblems(asOf: "2024-03-03").contains { $0.isError && $0.message.contains("its translation file is gone") })
    }

    @Test func aOneLanguageSiteWritesTheLockItAlwaysDid() throws {
        let site = try TemporarySite()
        try site.write("policysite.yml", "title: Test Site\nbase_url: https://example.com/legal/\n")
        try site.write("policies/privacy/1.md", versionFile("version: \"1\"\neffective: 2024-01-01"))
        try site.build(asOf: "2024-02-01")
        #expect(!(try site.read(PolicyLock.fileName)).contains("translations"))
        #expect(!(try site.read("site/policies.json")).contains("translations"))
    }

    @Test func pagesOfEachLanguageGoUnderItsFolderWithTheirLanguageAndDates() throws {
        let site = try Self.site(languages: "[en, de, ar]")
        try site.build(asOf: "2024-06-20")
        let german = try site.read("site/de/privacy/versions/1/index.html")
        #expect(german.contains("<html lang=\"de\">") && german.contains("Wir speichern wenig.") && german.contains("1. Januar 2024"))
        #expect(german.contains("hreflang=\"x-default\" href=\"https://example.com/legal/privacy/versions/1/\""))
        let arabic = try site.read("site/ar/privacy/versions/1/index.html")
        #expect(arabic.contains("<html lang=\"ar\" dir=\"rtl\">") && arabic.contains("class=\"ps-text\" lang=\"en\""))
        let english = try site.read("site/privacy/versions/1/index.html")
        #expect(english.contains("<html lang=\"en\">") && english.contains("href=\"../../../de/privacy/versions/1/\""))
        #expect(site.exists("site/de/feed.xml") && site.exists("site/ar/privacy/feed.xml") && !site.exists("site/de/404.html"))
    }

    @Test func policyYmlGivesThePolicysTitleAndDescriptionPerLanguage() throws {
        let site = try Self.site()
        try site.write("policies/privacy/policy.yml", "title:\n  en: Privacy Policy\n  de: Datenschutzerklärung\ndescription: How we use data.\n")
        try site.build(asOf: "2024-06-20")
        #expect(try site.read("site/de/privacy/versions/index.html").contains("Datenschutzerklärung"))
        #expect(try site.read("site/fr/privacy/versions/index.html").contains("Privacy Policy"))
        #expect(try site.read("site/privacy/versions/index.html").contains("Privacy Policy"))
        #expect(try site.read("site/de/index.html").contains("How we use data."))

        try site.write("policies/privacy/policy.yml", "title:\n  en: Privacy Policy\n  ja: プライバシー\n")
        let errors = site.buildProblems(asOf: "2024-06-21").filter(\.isError)
        #expect(errors.count == 1)
        #expect(errors.first?.path == "policies/privacy/policy.yml" && errors.first?.line == 3)
        #expect(errors.first?.message.contains("'title' has a text for 'ja', which is not in 'languages' (en, de, fr)") == true)
    }

    @Test func catalogsFallBackFromRegionToLanguageToTheDefault() throws {
        let site = try Self.site()
        try site.write("themes/default/i18n/de.yml", "skip_link: Zum Inhalt\n")
        var diagnostics = Diagnostics()
        let config = try #require(SiteConfigLoader.load(site.paths, &diagnostics))
        let theme = try #require(ThemeLoader.load(config, paths: site.paths, &diagnostics))
        let austrian = theme.strings(LanguageTag.resolve("de-AT", in: config.languages), defaultLanguage: config.defaultLanguage)
        #expect(austrian.language == "de" && austrian["skip_link"] == "Zum Inhalt" && austrian["version_history"] == "Versionsgeschichte")
        let japanese = theme.strings(LanguageTag.resolve("ja-JP", in: config.languages), defaultLanguage: config.defaultLanguage)
        #expect(japanese.language == "en" && japanese["skip_link"] == "Skip to the text")
    }

    @Test func aDamagedCatalogIsReportedOnceForThePagesAndTheEmails() throws {
        let site = try Self.site()
        try site.write("themes/default/i18n/de.yml", "skip_link: [Zum Inhalt\nemail:\n  greeting: Hallo,\n")
        var diagnostics = Diagnostics()
        let config = try #require(SiteConfigLoader.load(site.paths, &diagnostics))
        #expect(ThemeLoader.load(config, paths: site.paths, &diagnostics) == nil)
        #expect(diagnostics.all.filter { $0.isError && $0.path.hasSuffix("i18n/de.yml") }.count == 1, "\(diagnostics.all)")
    }

    @Test func languageTagsMatchAndRunRightToLeft() {
        #expect(LanguageTag.match("de-AT", in: ["en", "de"]) == "de")
        #expect(LanguageTag.match("pt_BR", in: ["en", "pt-BR"]) == "pt-BR")
        #expect(LanguageTag.resolve("ja", in: ["en", "de"]) == "en")
        #expect(LanguageTag.isRightToLeft("ar") && LanguageTag.isRightToLeft("he-IL") && !LanguageTag.isRightToLeft("az-Latn"))
        #expect(!LanguageTag.isWellFormed("english!") && LanguageTag.isWellFormed("zh-Hant-TW"))
    }
}
