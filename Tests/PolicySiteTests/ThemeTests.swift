import Foundation
@testable import PolicySiteSource
@testable import PolicySiteSupport
import Testing

@Suite struct ThemeTests {
    private let version = versionFile("version: \"1.0\"\neffective: 2024-01-01")

    /// A string's `{name}`s are filled in one pass: a value that holds a name itself (a title
    /// "Terms {version}") stays as it is, whichever order the arguments come in; an unknown name
    /// and a lone brace stay as written.
    @Test func namesAreFilledInOnePass() {
        let strings = ThemeStrings(language: "en", values: [
            "page": "{title}, version {version}",
            "odd": "{{title}} {unknown} {version",
        ])
        #expect(strings.format("page", ["title": "Terms {version}", "version": "{title}"]) == "Terms {version}, version {title}")
        #expect(strings.format("odd", ["title": "T", "version": "2"]) == "{T} {unknown} {version")
        // A brace that a combining mark or joiner follows or precedes is still a brace.
        let marks = ThemeStrings(language: "hi", values: ["page": "{title}\u{093E} {title}\u{200D}x \u{0600}{title}"])
        #expect(marks.format("page", ["title": "T"]) == "T\u{093E} T\u{200D}x \u{0600}T")
        #expect(strings.format("page", [:]) == "{title}, version {version}")
        #expect(strings.format("missing key", ["key": "k"]) == "missing key")
    }

    @Test func theBuiltInThemeIsTheRepositoryTheme() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = repository.appending(path: "themes/default")
        let onDisk = try #require(FileTree.regularFiles(below: folder.path))
        #expect(Set(BuiltInTheme.files.keys) == Set(onDisk))
        for path in onDisk {
            #expect(BuiltInTheme.files[path] == (try Data(contentsOf: folder.appending(path: path))), "\(path)")
        }
    }

    /// The walk of the source fingerprint: regular files, nested ones
    /// too, hidden ones left out.
    @Test func theFileTreeListsVisibleFilesBelowAFolder() throws {
        let site = try TemporarySite([
            "policies/privacy/1.0.md": version,
            "policies/privacy/policy.yml": "title: Privacy\n",
            "policies/privacy/.draft.md": version,
            "policies/.hidden/1.0.md": version,
            "policies/terms/nested/deep/notes.txt": "x\n",
            "themes/custom/templates/page.mustache": "{{title}}\n",
        ])
        #expect(FileTree.regularFiles(below: site.root.appending(path: "policies").path)
                == ["privacy/1.0.md", "privacy/policy.yml", "terms/nested/deep/notes.txt"])
        #expect(FileTree.regularFiles(below: site.root.appending(path: "themes").path) == ["custom/templates/page.mustache"])
        #expect(FileTree.regularFiles(below: site.root.appending(path: "missing").path) == nil)
    }

    @Test func aSiteWithoutThemesUsesTheBuiltInTheme() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": version])
        try site.build()
        #expect(try site.read("site/assets/style.css").contains("@media print"))
    }

    @Test func aSiteThemeOverridesFileByFile() throws {
        let site = try TemporarySite([
            "policies/privacy/1.0.md": version,
            "themes/default/templates/footer.mustache": "<footer class=\"custom\">Custom footer for {{site.title}}</footer>\n",
            "themes/default/assets/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ])
        try site.build()
        let page = try site.read("site/privacy/index.html")
        #expect(page.contains("<footer class=\"custom\">Custom footer for Test Site</footer>"))
        #expect(page.contains("class=\"site-header\""))
        #expect(site.exists("site/assets/logo.svg"))
        #expect(site.exists("site/assets/style.css"))
    }

    @Test func aNamedThemeOverridesTheDefault() throws {
        let site = try TemporarySite([
            "policies/privacy/1.0.md": version,
            "themes/corporate/assets/style.css": "body { color: black; }\n",
        ])
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/\ntheme: corporate\n")
        try site.build()
        #expect(try site.read("site/assets/style.css") == "body { color: black; }\n")
    }

    @Test func aTemplateThatDoesNotParseIsNamed() throws {
        let site = try TemporarySite([
            "policies/privacy/1.0.md": version,
            "themes/default/templates/history.mustache": "<h1>{{policy.title}}</h1>\n{{#versions}}\n<p>{{label}}</p>\n{{/version}}\n",
        ])
        let found = site.buildProblems().map(\.description)
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("themes/default/templates/history.mustache:4: error: the template does not parse"))
    }

    @Test func aMissingPartialIsNamed() throws {
        let site = try TemporarySite([
            "policies/privacy/1.0.md": version,
            "themes/default/templates/footer.mustache": "<footer>\n{{> legal-notice}}\n</footer>\n",
        ])
        #expect(site.buildProblems().map(\.description) == [
            "themes/default/templates/footer.mustache:2: error: the template refers to 'legal-notice', which the theme does not have (templates/legal-notice.mustache); correct the name, or add that template to themes/default/templates/",
        ])
    }
}
