import Foundation
@testable import PolicySiteModel
@testable import PolicySiteSource
@testable import PolicySiteSupport
import Testing

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
            var problems = Diagnostics()
            let theme = ThemeLoader.load(try #require(SiteConfig.load(site.paths)), paths: site.paths, &problems)
            #expect(theme == nil)
            #expect(problems.errors.map(\.description) == [expected], "\(text)")
        }
    }

    /// The scan behind both checks follows delimiter changes and skips comments.
    @Test func theTagScanFollowsDelimitersAndSkipsComments() {
        let tags = TemplateTags.scan("{{! {{> ignored}} }}\n{{> a}}{{=<% %>=}}\n<%# s %><%> b %><%/ s %>{{> c}}\n")
        #expect(tags.map { "\($0.marker)\($0.name)@\($0.line)" } == [">a@2", "#s@3", ">b@3", "/s@3"])
    }

    // The template engine parses and renders sections by recursion: 1000 nested sections, or
    // thousands left open, overflowed the stack (build and check ended with a segmentation fault).

    @Test func sectionsNestedTooDeeplyAreOneError() throws {
        let deep = "<footer>\n" + String(repeating: "{{#site}}", count: 1000) + "x" + String(repeating: "{{/site}}", count: 1000) + "\n</footer>\n"
        try Self.expectBothReport(try Self.site(["footer": deep]), [
            "themes/default/templates/footer.mustache:2: error: sections nested 1000 deep from here on; at most 100: nest them less deep, and close each section that is left open",
        ])
    }

    @Test func thousandsOfUnclosedSectionsAreOneError() throws {
        let unclosed = "<footer>\n" + String(repeating: "{{#site}}", count: 3000) + "\n"
        try Self.expectBothReport(try Self.site(["footer": unclosed]), [
            "themes/default/templates/footer.mustache:2: error: sections nested 3000 deep from here on; at most 100: nest them less deep, and close each section that is left open",
        ])
    }

    /// Each template within the limit, but nested in each other through partials beyond it.
    @Test func sectionsNestedThroughPartialsCountTogether() throws {
        var templates = ["footer": "<footer>{{> a}}</footer>\n", "c": "end\n"]
        for (name, next) in [("a", "b"), ("b", "c")] {
            templates[name] = String(repeating: "{{#site}}", count: 60) + "{{> \(next)}}" + String(repeating: "{{/site}}", count: 60) + "\n"
        }
        try Self.expectBothReport(try Self.site(templates), [
            "themes/default/templates/a.mustache:1: error: sections and includes nested 122 deep here, counting those of the templates included (a -> b -> c); at most 100: nest them less deep",
        ])
    }

    /// A chain of 3000 partials: neither the checks nor rendering may follow it by recursion.
    @Test func aLongChainOfPartialsIsOneError() throws {
        var templates = ["footer": "<footer>{{> p1}}</footer>\n", "p3001": "end\n"]
        for index in 1...3000 { templates["p\(index)"] = "{{> p\(index + 1)}}\n" }
        try Self.expectBothReport(try Self.site(templates), [
            "themes/default/templates/p2900.mustache:1: error: sections and includes nested 101 deep here, counting those of the templates included (p2900 -> p2901 -> p2902 -> ... (97 more) -> p3000 -> p3001); at most 100: nest them less deep",
        ])
    }

    @Test func nestingWithinTheLimitBuilds() throws {
        let nested = "<footer>\n" + String(repeating: "{{#site}}", count: 90) + "{{title}}" + String(repeating: "{{/site}}", count: 90) + "\n</footer>\n"
        let site = try Self.site(["footer": nested])
        try site.build()
        #expect(try site.read("site/index.html").contains("<footer>"))
    }
}
