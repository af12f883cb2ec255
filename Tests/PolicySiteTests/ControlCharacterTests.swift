import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteSupport
import Testing

/// Control characters (form feed and vertical tab from Word, NUL, ESC, DEL, C1, U+FFFE/U+FFFF):
/// refused in front matter and settings, removed from Markdown text with a warning, never in
/// any file the build writes, and printed escaped on the terminal.
@Suite struct ControlCharacterTests {
    private let good = versionFile("version: \"1.0\"\neffective: 2024-01-01")

    @Test func theCharacterSet() {
        for forbidden: Unicode.Scalar in ["\u{00}", "\u{0B}", "\u{0C}", "\u{1B}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{FFFE}", "\u{FFFF}"] {
            #expect(ControlCharacters.isForbidden(forbidden))
            #expect(ControlCharacters.occur(in: "ab\(Character(forbidden))c"), "U+\(String(forbidden.value, radix: 16))")
        }
        for allowed: Unicode.Scalar in ["\t", "\n", "\r", " ", "~", "\u{A0}", "é", "\u{FFFD}", "\u{2028}", "\u{1F600}"] {
            #expect(!ControlCharacters.isForbidden(allowed))
            #expect(!ControlCharacters.occur(in: "ab\(Character(allowed))c"))
        }
        #expect(ControlCharacters.removed(from: "a\u{0C}b\u{1B}[31mc") == ("ab[31mc", 2))
        #expect(ControlCharacters.escaped("x\u{1B}[2Jy\u{0}") == "x\\u{1B}[2Jy\\u{0}")
        // On the terminal also what starts a line or reverses text; tab, é and emoji stay as they are.
        #expect(ControlCharacters.escaped("a\nb\rc\u{2028}d\u{2029}e\u{202E}f\u{2066}g\u{200F}h\u{61C}i\tj é\u{1F600}")
                == "a\\u{A}b\\u{D}c\\u{2028}d\\u{2029}e\\u{202E}f\\u{2066}g\\u{200F}h\\u{61C}i\tj é\u{1F600}")
        #expect(ControlCharacters.name("\u{0C}") == "a form feed (U+000C)")
        #expect(ControlCharacters.name("\u{85}") == "a control character (U+0085)")
        #expect(ControlCharacters.name("\u{FFFF}") == "a noncharacter (U+FFFF)")
    }

    /// The scan reads eight bytes at a time: every character at every offset around a word's
    /// edge, in ASCII and in non-ASCII text, is found exactly when the definition says so.
    @Test func theScanAgreesWithTheDefinitionAtEveryOffset() {
        let samples: [Unicode.Scalar] = ["\u{0}", "\t", "\n", "\r", "\u{0C}", "\u{1B}", "\u{1F}", " ", "~", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "\u{C2}",
                                         "é", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{EFBF}", "\u{1F600}"]
        for filler in ["abcdefgh", "äöüßéèçñ"] {
            for length in 0..<20 {
                let prefix = String(String(repeating: filler, count: 3).prefix(length))
                for scalar in samples {
                    let text = prefix + String(Character(scalar)) + "xyz"
                    #expect(ControlCharacters.occur(in: text) == ControlCharacters.isForbidden(scalar), "U+\(String(scalar.value, radix: 16)) after \(length)")
                    #expect(ControlCharacters.occur(in: text.dropFirst()) == ControlCharacters.isForbidden(scalar) || length == 0)
                }
            }
        }
    }

    @Test func refusedInFrontMatterWithItsLine() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01\ntitle: Privacy\u{0C}Policy\nsummary: a\u{0B}b\n")])
        let found = site.buildProblems().map(\.description)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("policies/privacy/1.0.md:4: error: this line holds a form feed (U+000C) (line 5 has more); delete it") == true)
    }

    @Test func refusedWhenWrittenAsAnEscapeInAQuotedValue() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01\ntitle: \"Privacy\\fPolicy\"\nsummary: \"\\e[31mred\"")])
        let found = site.buildProblems().map(\.description)
        #expect(found == [
            "policies/privacy/1.0.md:4: error: 'title' holds a form feed (U+000C), written as an escape sequence; remove it",
            "policies/privacy/1.0.md:5: error: 'summary' holds an escape character (U+001B), written as an escape sequence; remove it",
        ])
    }

    @Test func refusedInTheSettingsFiles() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good, "policies/privacy/policy.yml": "title: Privacy\ndescription: \u{0}\n"])
        try site.write("policysite.yml", "title: Test\u{85}Site\nbase_url: https://example.com/legal/\n")
        let found = site.buildProblems().map(\.description)
        #expect(found.count == 2)
        #expect(found.contains { $0.hasPrefix("policies/privacy/policy.yml:2: error: this line holds a NUL character (U+0000); delete it") })
        #expect(found.contains { $0.hasPrefix("policysite.yml:1: error: this line holds a control character (U+0085); delete it") })
    }

    @Test func removedFromTheTextWithOneWarning() throws {
        let body = "# Privacy\u{0C} Policy\n\nWe collect\u{0B} little.\u{1B}[31m\n\n## Data\u{7F}\u{85}\u{FFFE}\n\nNone.\n"
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01", body: body)])
        let report = try site.build()
        #expect(report.diagnostics.map(\.description) == [
            "policies/privacy/1.0.md:5: warning: removed 6 control characters from the text, the first a form feed (U+000C) on this line: they cannot stand in a web page or a feed; delete them from the file (text pasted from a word processor often brings them)",
        ])
        for (path, data) in try site.tree("site") {
            #expect(!ControlCharacters.occur(in: String(decoding: data, as: UTF8.self)), "\(path)")
        }
        #expect(try site.read("site/feed.xml").contains("<title>Privacy Policy, version 1.0</title>"))
    }

    @Test func oneCharacterIsNamed() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01", body: "# Privacy\n\nOne\u{0C}\n")])
        let report = try site.build()
        #expect(report.diagnostics.map(\.description) == [
            "policies/privacy/1.0.md:7: warning: removed a form feed (U+000C) from the text: control characters cannot stand in a web page or a feed; delete it from the file (text pasted from a word processor often brings one)",
        ])
    }

    @Test func aCharacterReferenceToOneIsRemoved() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01", body: "# Privacy&#12; Policy\n\nA&#x1B;[31mB &#127;\n")])
        let report = try site.build()
        #expect(report.diagnostics.map(\.description) == [
            "policies/privacy/1.0.md:5: warning: the text writes a control character as a character reference (such as '&#12;'); it cannot stand in a web page or a feed, so it is removed",
        ])
        for (path, data) in try site.tree("site") {
            #expect(!ControlCharacters.occur(in: String(decoding: data, as: UTF8.self)), "\(path)")
        }
    }

    @Test func theTerminalSeesThemEscaped() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        try site.write("policies/privacy/\u{1B}[2J\u{1B}[31mred.md", versionFile("version: \"2.0\"\neffective: 2024-02-01\ntitle: \"\\e]0;owned\\a\"\nsummary: x\u{1B}y"))
        try site.write("policies/bad\u{1B}[0mname/1.0.md", good)
        let result = try CommandLineTool.run(["check", "--as-of", "2024-06-01"], in: site.root)
        #expect(result.status != 0)
        #expect(!result.standardError.contains("\u{1B}"))
        #expect(!result.standardOutput.contains("\u{1B}"))
        // Names with a control character are refused by name (SourceAccess), escaped.
        #expect(result.standardError.contains("policies/privacy/\\u{1B}[2J\\u{1B}[31mred.md: error: this name is not printable UTF-8 text (shown here with escapes)"))
        #expect(result.standardError.contains("policies/bad\\u{1B}[0mname: error: this name is not printable UTF-8 text (shown here with escapes)"))
    }

    @Test func aReasonGivenOnTheCommandLineMayNotHoldOne() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        for command in ["build", "check"] {
            let result = try CommandLineTool.run([command, "--correct", "privacy/1.0", "--reason", "Typo\u{1B}[2J fixed"], in: site.root)
            #expect(result.status != 0)
            #expect(result.standardError.contains("--reason holds an escape character (U+001B)"))
        }
        #expect(!site.exists(PolicyLock.fileName))
    }
}
