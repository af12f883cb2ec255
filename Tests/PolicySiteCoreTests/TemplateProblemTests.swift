import Foundation
import Testing
@testable import PolicySiteCore

/// A theme's templates that cannot work are theme errors found before anything is rendered: a
/// cycle of includes (which crashed build and check), and a template that does not parse (one
/// error in plain words, not the template engine's names and a cascade).
@Suite struct TemplateProblemTests {
    private static let version = versionFile("version: \"1.0\"\neffective: 2024-01-01")
    private static let engineNames = ["sectionCloseNameIncorrect", "expectedSectionEnd", "unfinishedName", "ParserError",
                                      "Error Domain", "NSCocoaErrorDomain", "overflow"]

    private static func site(_ templates: [String: String]) throws -> TemporarySite {
        var files = ["policies/privacy/1.0.md": version]
        for (name, text) in templates { files["themes/default/templates/\(name).mustache"] = text }
        return try TemporarySite(files)
    }

    /// `build` and `check` both end with status 1 (not a crash) and print exactly `expected` as errors.
    private static func expectBothReport(_ site: TemporarySite, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for command in ["build", "check"] {
            let result = try CommandLineTool.run([command, "--as-of", "2024-06-01"], in: site.root)
            #expect(result.status == 1, "\(command) ended with \(result.status)", sourceLocation: sourceLocation)
            let errors = result.standardError.split(separator: "\n").filter { $0.contains(": error: ") }.map(String.init)
            #expect(errors == expected, "\(command)", sourceLocation: sourceLocation)
            for name in engineNames {
                #expect(!result.standardError.contains(name), "\(command): \(result.standardError)", sourceLocation: sourceLocation)
            }
        }
        #expect(!site.exists("site"), sourceLocation: sourceLocation)
    }

    @Test func aPartialThatIncludesItselfIsAThemeError() throws {
        let site = try Self.site(["footer": "<footer>\n{{> footer}}\n</footer>\n"])
        try Self.expectBothReport(site, [
            "themes/default/templates/footer.mustache:2: error: the template includes itself: footer -> footer; remove that include, since rendering it would never end",
        ])
    }

    @Test func partialsThatIncludeEachOtherAreAThemeError() throws {
        let site = try Self.site(["header": "<header>{{> nav}}</header>\n", "nav": "<nav>\n{{#site}}{{> header}}{{/site}}</nav>\n"])
        try Self.expectBothReport(site, [
            "themes/default/templates/header.mustache:1: error: the templates include each other in a cycle: header -> nav -> header; break the cycle, since rendering it would never end",
        ])
    }

    @Test func aSectionClosedWithAnotherNameIsOneErrorInPlainWords() throws {
        // Every page template builds on the layout: its error is the only one.
        let site = try Self.site(["layout": "<html>\n{{#site}}\n{{title}}\n{{/page}}\n</html>\n"])
        try Self.expectBothReport(site, [
            "themes/default/templates/layout.mustache:4: error: the template does not parse: {{/page}} does not close the section that is open here, {{#site}} from line 2; close sections innermost first, each with its own name",
        ])
    }

    @Test func aSectionNeverClosedIsOneErrorInPlainWords() throws {
        let site = try Self.site(["header": "<header>\n{{#site}}\n{{title}}\n</header>\n"])
        try Self.expectBothReport(site, [
            "themes/default/templates/header.mustache:2: error: the template does not parse: {{#site}} is never closed; add {{/site}} where the section ends",
        ])
    }

    @Test func otherParseErrorsAreInPlainWords() throws {
        let cases = [
            ("{{/site}}\n", "themes/default/templates/footer.mustache:1: error: the template does not parse: {{/site}} closes a section that is not open; remove it, or open the section before it with {{#site}}"),
            ("<p>\n{{site.title\n", "themes/default/templates/footer.mustache:2: error: the template does not parse: a tag is not finished before the template ends; check that every {{ has its }}"),
            ("<p>\n{{=<%=}}\n", "themes/default/templates/footer.mustache:2: error: the template does not parse: a delimiter change is not well formed; write it as {{=<% %>=}}, two delimiters separated by a space"),
        ]
        for (text, expected) in cases {
            let site = try Self.site(["footer": text])
            let (theme, problems) = ThemeLoader.load(try #require(SiteConfig.load(site.paths)), paths: site.paths)
            #expect(theme == nil)
            #expect(problems.filter(\.isError).map(\.description) == [expected], "\(text)")
        }
    }

    /// The scan behind both checks follows delimiter changes and skips comments.
    @Test func theTagScanFollowsDelimitersAndSkipsComments() {
        let tags = TemplateTags.scan("{{! {{> ignored}} }}\n{{> a}}{{=<% %>=}}\n<%# s %><%> b %><%/ s %>{{> c}}\n")
        #expect(tags.map { "\($0.marker)\($0.name)@\($0.line)" } == [">a@2", "#s@3", ">b@3", "/s@3"])
    }
}
