import Foundation
import PolicySiteBuild
@testable import PolicySiteSupport
import Testing

/// Each kind of bad input is a clear error naming its file (and line), all reported together,
/// and the previous site stays as it was.
@Suite struct BadInputTests {
    private let good = versionFile("version: \"1.0\"\neffective: 2024-01-01")

    private func problems(_ files: [String: String], withConfig: Bool = true) throws -> [String] {
        let site = try TemporarySite(files, withConfig: withConfig)
        return site.buildProblems().filter(\.isError).map(\.description)
    }

    @Test func missingFrontMatter() throws {
        let found = try problems(["policies/privacy/1.0.md": "# Privacy\n\nText.\n"])
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("policies/privacy/1.0.md:1: error: missing front matter"))
    }

    @Test func unclosedFrontMatter() throws {
        let found = try problems(["policies/privacy/1.0.md": "---\nversion: \"1.0\"\neffective: 2024-01-01\n# Privacy\n"])
        #expect(found == ["policies/privacy/1.0.md:1: error: the front matter opened here is never closed with a '---' line"])
    }

    @Test func yamlThatDoesNotParse() throws {
        let found = try problems(["policies/privacy/1.0.md": "---\nversion: \"1.0\"\neffective: [2024-01-01\n---\nText\n"])
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("policies/privacy/1.0.md:"))
        #expect(found[0].contains("the YAML does not parse"))
    }

    /// libyaml's own text named one of its C functions ("set with yaml_set_max_nest_level()").
    @Test func yamlNestedTooDeeplyIsSaidInPlainWords() throws {
        let expected = "the YAML does not parse: it is nested too deeply (at most 1000 levels of lists and mappings); write the value flat, and quote it if it holds '[' or '{'"
        let settings = try TemporarySite(["policies/privacy/1.0.md": good], withConfig: false)
        try settings.write("policysite.yml", "base_url: https://example.com/legal/\ntitle: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n")
        #expect(settings.buildProblems().filter(\.isError).map(\.description) == ["policysite.yml:2: error: " + expected])

        let frontMatter = versionFile("version: \"1.0\"\neffective: 2024-01-01\nsummary: " + String(repeating: "{a: ", count: 20_000))
        #expect(try problems(["policies/privacy/1.0.md": frontMatter]) == ["policies/privacy/1.0.md:4: error: " + expected])
    }

    @Test func yamlProblemsSayWhatToDo() throws {
        let cases = [
            ("summary: \"open\n", "policies/privacy/1.0.md:5: error: the YAML does not parse: a quoted value is not closed; end it with the quote it begins with"),
            ("summary: a: b\n", "policies/privacy/1.0.md:4: error: the YAML does not parse: a ':' followed by a space inside a value; put the value in quotes"),
            ("summary: @home\n", "policies/privacy/1.0.md:4: error: the YAML does not parse: a character that cannot start a value (such as a tab, '@' or '`'); put the value in quotes"),
            ("summary: *all\n", "policies/privacy/1.0.md:4: error: the YAML does not parse: a value starts with '*', which YAML reads as an alias; put the value in quotes"),
        ]
        for (line, expected) in cases {
            let file = "---\nversion: \"1.0\"\neffective: 2024-01-01\n" + line + "---\n# Privacy\n"
            #expect(try problems(["policies/privacy/1.0.md": file]) == [expected])
        }
    }

    @Test func missingVersionAndEffective() throws {
        let found = try problems(["policies/privacy/1.0.md": versionFile("summary: Nothing else.")])
        #expect(found.contains { $0.hasPrefix("policies/privacy/1.0.md:2: error: missing 'version'") })
        #expect(found.contains { $0.hasPrefix("policies/privacy/1.0.md:2: error: missing 'effective'") })
    }

    @Test func impossibleDate() throws {
        let found = try problems(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2010-02-30")])
        #expect(found == ["policies/privacy/1.0.md:3: error: 'effective' 2010-02-30 is not a real date"])
    }

    @Test func publishedAfterEffective() throws {
        let found = try problems(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01\npublished: 2024-02-01")])
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("policies/privacy/1.0.md:4: error: 'published' 2024-02-01 is after 'effective' 2024-01-01"))
    }

    @Test func sameSegmentOrSameEffectiveDay() throws {
        let found = try problems([
            "policies/privacy/a.md": versionFile("version: \"V 1\"\neffective: 2024-01-01"),
            "policies/privacy/b.md": versionFile("version: \"v-1\"\neffective: 2024-02-01"),
            "policies/privacy/c.md": versionFile("version: \"2\"\neffective: 2024-01-01"),
        ])
        #expect(found.contains { $0.hasPrefix("policies/privacy/b.md: error: version 'v-1' has the URL segment 'v-1', as has version 'V 1' in policies/privacy/a.md") })
        #expect(found.contains { $0.hasPrefix("policies/privacy/c.md: error: version '2' takes effect on 2024-01-01, as does version 'V 1' in policies/privacy/a.md") })
    }

    @Test func badPolicyFolders() throws {
        let found = try problems([
            "policies/Privacy/1.0.md": good,
            "policies/terms/policy.yml": "title: Terms\n",
            "policies/assets/1.0.md": good,
        ])
        #expect(found.contains { $0.hasPrefix("policies/Privacy: error: the policy folder name 'Privacy' must be") })
        #expect(found.contains { $0.hasPrefix("policies/terms: error: the policy has no versions") })
        #expect(found.contains { $0.hasPrefix("policies/assets: error: 'assets' is reserved") })
    }

    @Test func notUTF8() throws {
        let site = try TemporarySite()
        try site.write("policies/privacy/1.0.md", Data(versionFile("version: \"1.0\"\neffective: 2024-01-01", body: "Line one\nCaf\u{E9}\n").utf8))
        var bytes = Data(versionFile("version: \"1.0\"\neffective: 2024-01-01", body: "Line one\nCaf").utf8)
        bytes.append(0xE9)
        bytes.append(contentsOf: Array("\n".utf8))
        try site.write("policies/privacy/1.0.md", bytes)
        let found = site.buildProblems().map(\.description)
        #expect(found == ["policies/privacy/1.0.md:6: error: the file is not UTF-8 text; save it as UTF-8"])
    }

    @Test func missingConfig() throws {
        let found = try problems(["policies/privacy/1.0.md": good], withConfig: false)
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("policysite.yml: error: no policysite.yml here"))
    }

    @Test func missingTitleAndBaseURL() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        try site.write("policysite.yml", "theme: default\n")
        let found = site.buildProblems().map(\.description)
        #expect(found.contains("policysite.yml:1: error: missing 'title': the site's name, shown on every page"))
        #expect(found.contains { $0.hasPrefix("policysite.yml:1: error: missing 'base_url'") })
    }

    @Test func badBaseURL() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        try site.write("policysite.yml", "title: T\nbase_url: example.com/legal\n")
        #expect(site.buildProblems().map(\.description) == ["policysite.yml:2: error: 'base_url' must be an absolute http or https URL, found 'example.com/legal'"])
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/legal\n")
        #expect(site.buildProblems().map(\.description) == ["policysite.yml:2: error: 'base_url' must end in '/', found 'https://example.com/legal'"])
    }

    @Test func unknownTheme() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/\ntheme: fancy\n")
        let found = site.buildProblems().map(\.description)
        #expect(found == ["policysite.yml:3: error: unknown theme 'fancy': there is no folder themes/fancy/ (leave 'theme' out for the built-in default theme)"])
    }

    @Test func everyProblemIsReportedTogether() throws {
        let site = try TemporarySite([
            "policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2010-02-30"),
            "policies/privacy/2.0.md": "no front matter\n",
            "policies/Terms/1.0.md": good,
        ])
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/\ntheme: missing\n")
        let errors = site.buildProblems().filter(\.isError)
        #expect(errors.count == 4)
        #expect(Set(errors.map(\.path)) == ["policies/privacy/1.0.md", "policies/privacy/2.0.md", "policies/Terms", "policysite.yml"])
    }

    @Test func unknownKeysAreWarningsNotErrors() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01\neffectve: 2024-01-02")])
        let report = try site.build()
        #expect(report.diagnostics.map(\.description) == ["policies/privacy/1.0.md:4: warning: unknown key 'effectve' in the front matter; it is ignored"])
    }

    @Test func aFailedBuildLeavesThePreviousSiteWhole() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        try site.build()
        let before = try site.tree("site")
        #expect(before["privacy/index.html"] != nil)

        try site.write("policies/privacy/2.0.md", versionFile("version: \"2.0\"\neffective: 2024-13-01"))
        #expect(!site.buildProblems().isEmpty)
        #expect(try site.tree("site") == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".site") }
        #expect(leftovers.isEmpty)
    }

    @Test func theOutputFolderMayNotSwallowTheSources() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        #expect(throws: BuildFailure.self) { try site.build(output: ".") }
        #expect(throws: BuildFailure.self) { try site.build(output: "policies/out") }
        try site.write("documents/notes.txt", "keep me")
        #expect(throws: BuildFailure.self) { try site.build(output: "documents") }
        #expect(try site.read("documents/notes.txt") == "keep me")
    }
}
