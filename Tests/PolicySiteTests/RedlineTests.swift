import Foundation
@testable import PolicySiteDiff
@testable import PolicySiteMarkdown
@testable import PolicySiteSource
@testable import PolicySiteSupport
import Testing

/// The diff on crafted pairs of Markdown texts, rendered as the site renders them.
@Suite struct RedlineTests {
    private func compare(_ old: String, _ new: String) throws -> Redline {
        Redline.compare(old: try MarkdownRenderer.render(old, path: "old.md").html, new: try MarkdownRenderer.render(new, path: "new.md").html)
    }

    private func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    private let base = """
    # Privacy Policy

    ## What we collect

    We collect your name and email address when you register.

    ## Cookies

    We use cookies to keep you signed in.

    ## Contact

    Write to privacy@example.com.
    """

    @Test func oneWordChangedShowsAsOneWord() throws {
        let redline = try compare(base, base.replacingOccurrences(of: "keep you signed in", with: "keep you logged in"))
        #expect(redline.html.contains("<p>We use cookies to keep you <del>signed</del><ins>logged</ins> in.</p>"))
        #expect(count("<ins", in: redline.html) == 1)
        #expect(count("<del", in: redline.html) == 1)
        #expect(redline.summary.wordsInserted == 1)
        #expect(redline.summary.wordsDeleted == 1)
        #expect(redline.summary.sectionsChanged == [.init(title: "Cookies", anchor: "cookies")])
        #expect(redline.summary.sectionsAdded.isEmpty && redline.summary.sectionsRemoved.isEmpty)
    }

    @Test func anAddedSectionIsOneInsertedBlock() throws {
        let new = base.replacingOccurrences(of: "## Contact", with: "## Retention\n\nWe keep logs for 30 days.\n\nThen we delete them.\n\n## Contact")
        let redline = try compare(base, new)
        #expect(count("<ins", in: redline.html) == 1)
        #expect(redline.html.contains("<ins class=\"ps-block\">\n<h3 id=\"retention\">Retention</h3>\n<p>We keep logs for 30 days.</p>\n<p>Then we delete them.</p>\n</ins>"))
        #expect(!redline.html.contains("<del"))
        #expect(redline.summary.sectionsAdded == [.init(title: "Retention", anchor: "retention")])
        #expect(redline.summary.sectionsChanged.isEmpty)
        #expect(redline.summary.wordsInserted == 11, "the heading's word and the paragraphs' ten")
    }

    @Test func aRemovedSectionIsOneDeletedBlockWithoutClashingIds() throws {
        let new = base.replacingOccurrences(of: "## Cookies\n\nWe use cookies to keep you signed in.\n\n", with: "")
        let redline = try compare(base, new)
        #expect(redline.html.contains("<del class=\"ps-block\">\n<h3 id=\"removed-cookies\">Cookies</h3>\n<p>We use cookies to keep you signed in.</p>\n</del>"))
        #expect(redline.summary.sectionsRemoved == [.init(title: "Cookies", anchor: "removed-cookies")])
        #expect(redline.summary.sectionsChanged.isEmpty)
        #expect(redline.summary.wordsDeleted == 9, "the heading's word and the paragraph's eight")
        #expect(!redline.html.contains("id=\"cookies\""))
    }

    @Test func aChangedListItemIsMarkedInsideItsItem() throws {
        let old = "# P\n\n## Data\n\n- your name\n- your email address\n- your phone number\n"
        let new = "# P\n\n## Data\n\n- your name\n- your postal address\n- your phone number\n- your IP address\n"
        let redline = try compare(old, new)
        #expect(redline.html.contains("<li>your <del>email</del><ins>postal</ins> address</li>"))
        #expect(redline.html.contains("<li class=\"ps-added\"><ins>your IP address</ins></li>"))
        #expect(redline.html.hasPrefix("<h2 id=\"p\">P</h2>\n<h3 id=\"data\">Data</h3>\n<ul>\n<li>your name</li>"))
        #expect(redline.summary.sectionsChanged.map(\.title) == ["Data"])
        #expect(redline.summary.wordsInserted == 4 && redline.summary.wordsDeleted == 1)
    }

    @Test func aChangedTableRowIsMarkedInsideItsRow() throws {
        let old = "# P\n\n| Data | Kept |\n|---|---|\n| Logs | 30 days |\n| Orders | 7 years |\n"
        let new = "# P\n\n| Data | Kept |\n|---|---|\n| Logs | 90 days |\n| Orders | 7 years |\n"
        let redline = try compare(old, new)
        #expect(redline.html.contains("<td><del>30</del><ins>90</ins> days</td>"))
        #expect(redline.html.contains("<thead>\n<tr>\n<th>Data</th>"))
        #expect(count("<table>", in: redline.html) == 1 && count("</table>", in: redline.html) == 1)
        #expect(redline.summary.wordsInserted == 1 && redline.summary.wordsDeleted == 1)
        #expect(redline.summary.sectionsChanged.map(\.title) == ["Preamble"])
    }

    /// Raw HTML that a page keeps (`<br>`, `<sup>`, `<sub>`) is a tag in the redline like any other:
    /// the new version's tags stand, marks never wrap or split them, and a change of the text
    /// inside one is marked inside it.
    @Test func aChangedLineBreakOrSuperscriptIsATagOfTheNewVersion() throws {
        let table = "# Fees\n\n| Plan | Fee |\n|---|---|\n| Basic monthly | 5 |\n"
        let lineBreak = try compare(table, table.replacingOccurrences(of: "Basic monthly", with: "Basic<br>monthly"))
        // The space the line break replaced is a deletion, so that rejecting every change gives
        // the old text back; the tag itself stands unmarked.
        #expect(lineBreak.html.contains("<td>Basic<del> </del><br />monthly</td>"))
        #expect(!lineBreak.html.contains("<ins"))
        #expect(lineBreak.summary.wordsInserted == 0 && lineBreak.summary.wordsDeleted == 0)

        let note = "# Terms\n\nFees apply.\n"
        let added = try compare(note, "# Terms\n\nFees apply.<sup>1</sup>\n")
        #expect(added.html.contains("<p>Fees apply.<sup><ins>1</ins></sup></p>"))
        #expect(added.summary.wordsInserted == 1)

        let changed = try compare("# Terms\n\nFees<sup>1</sup> apply.\n", "# Terms\n\nFees<sup>2</sup> apply.\n")
        #expect(changed.html.contains("<p>Fees<sup><del>1</del><ins>2</ins></sup> apply.</p>"))

        let removed = try compare("# Terms\n\nH<sub>2</sub>O is water.\n", "# Terms\n\nH2O is water.\n")
        #expect(removed.html.contains("<del>H</del>") || removed.html.contains("<del>"))
        #expect(!removed.html.contains("<sub>"))
    }

    @Test func identicalTextsHaveNoMarks() throws {
        let redline = try compare(base, base)
        #expect(!redline.html.contains("<ins") && !redline.html.contains("<del"))
        #expect(redline.summary.isUnchanged)
        #expect(redline.html.contains("<h3 id=\"cookies\">Cookies</h3>"))
    }

    @Test func aParagraphSplitInTwoKeepsItsWords() throws {
        let old = "# P\n\n## Use\n\nWe use your data to run the service. We never sell it to anyone.\n"
        let new = "# P\n\n## Use\n\nWe use your data to run the service.\n\nWe never sell it to anyone.\n"
        let redline = try compare(old, new)
        #expect(redline.html.contains("<p>We use your data to run the service.<del> We never sell it to anyone.</del></p>"))
        #expect(redline.html.contains("<ins class=\"ps-block\">\n<p>We never sell it to anyone.</p>\n</ins>"))
        #expect(redline.summary.sectionsChanged.map(\.title) == ["Use"])
        #expect(redline.summary.wordsDeleted == 6 && redline.summary.wordsInserted == 6)
    }

    @Test func changesBeforeTheFirstHeadingBelongToThePreamble() throws {
        let redline = try compare("Effective soon.\n\n## Terms\n\nText.\n", "Effective now.\n\n## Terms\n\nText.\n")
        #expect(redline.summary.sectionsChanged == [.init(title: "Preamble", anchor: "")])
        #expect(redline.html.hasPrefix("<p>Effective <del>soon</del><ins>now</ins>.</p>"))
    }

    /// The title (a `#` heading that opens the text) is part of the preamble: text between it and
    /// the first section is not listed as a section named after the policy.
    @Test func textUnderTheTitleIsThePreamble() throws {
        let old = "# Privacy Policy\n\n(Version 1.4, March 1)\n\n## Terms\n\nText.\n"
        let redline = try compare(old, old.replacingOccurrences(of: "1.4, March", with: "1.5, September"))
        #expect(redline.summary.sectionsChanged == [.init(title: "Preamble", anchor: "")])
        #expect(redline.summary.sectionsChanged.first?.fragment == "ps-redline")
        let retitled = try compare(old, old.replacingOccurrences(of: "# Privacy Policy", with: "# Privacy Notice"))
        #expect(retitled.summary.sectionsChanged.map(\.title) == ["Preamble"])
        #expect(retitled.summary.sectionsAdded.isEmpty && retitled.summary.sectionsRemoved.isEmpty)
        // A level-1 heading further down still starts a section.
        let sections = "# Terms\n\nIntro.\n\n# Privacy\n\nWe keep logs.\n"
        let changed = try compare(sections, sections.replacingOccurrences(of: "keep logs", with: "keep no logs"))
        #expect(changed.summary.sectionsChanged.map(\.title) == ["Privacy"])
    }

    /// Punctuation at a word's edges is compared on its own: an insertion before a full stop is
    /// only the insertion, and the full stop stays unmarked.
    @Test func punctuationIsItsOwnToken() throws {
        let old = "# P\n\nLog you back in to our services. Our cookies do not have an expiration date.\n"
        let new = "# P\n\nLog you back in to our services provided you choose it. Our cookies do not have an expiration date (\"never\").\n"
        let redline = try compare(old, new)
        // The space goes into the <ins>: without the insertion the text reads "services.", not "services .".
        #expect(redline.html.contains("to our services<ins> provided you choose it</ins>. Our cookies"), "\(redline.html)")
        #expect(redline.html.contains("expiration date<ins> (&quot;never&quot;)</ins>."), "\(redline.html)")
        #expect(count("<del", in: redline.html) == 0)
        // Marks are not words: five inserted words, the brackets and quotes not counted.
        #expect(redline.summary.wordsInserted == 5 && redline.summary.wordsDeleted == 0)
    }

    /// The author's strikethrough is <s>, apart from the redline's <del>, in both texts.
    @Test func theAuthorsStrikethroughIsNotADeletion() throws {
        let redline = try compare("# P\n\nWe keep ~~all~~ logs.\n", "# P\n\nWe keep ~~all~~ some logs.\n")
        #expect(redline.html.contains("<p>We keep <s>all</s> <ins>some </ins>logs.</p>"), "\(redline.html)")
        #expect(!redline.html.contains("<del"))
    }

    @Test func punctuationInsideAWordOrAnEntityStaysWhole() {
        let html = "<p>he/she (1.4) &quot;AT&amp;T&quot; «oui» end… x;</p>"
        let words = Array(html.utf8).withUnsafeBufferPointer { bytes in
            HTMLToken.tokenize(bytes, bytes.indices).filter { !$0.isTag && $0.kind != .space }
                .map { ($0.kind == .word ? "w:" : "p:") + String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.start..<$0.end]), as: UTF8.self) }
        }
        #expect(words == ["w:he/she", "p:(", "w:1.4", "p:)", "p:&quot;", "w:AT&amp;T", "p:&quot;", "p:«", "w:oui", "p:»",
                          "w:end", "p:…", "w:x", "p:;"])
        // A word that is an entity keeps its semicolon: `&amp;` is never cut into `&amp` and `;`.
        let ampersand = Array("<p>you &amp; me</p>".utf8).withUnsafeBufferPointer { bytes in
            HTMLToken.tokenize(bytes, bytes.indices).filter { $0.kind == .word || $0.kind == .punctuation }.count
        }
        #expect(ampersand == 3)
    }

    /// The changes-only view holds every mark of the whole redline, each run of changes with one
    /// unchanged block either side, the rest folded, and no id of the text twice.
    @Test func theChangesOnlyViewHoldsEveryChangeWithItsContext() throws {
        let paragraphs = (1...12).map { "Paragraph \($0) says something." }
        let old = "# P\n\n" + paragraphs.joined(separator: "\n\n") + "\n\n## End\n\nLast words.\n"
        let new = old.replacingOccurrences(of: "Paragraph 2 says", with: "Paragraph 2 now says")
            .replacingOccurrences(of: "Paragraph 9 says something.", with: "Paragraph 9 says something else.")
            .replacingOccurrences(of: "Last words.", with: "Last words.\n\nA new paragraph.")
        let redline = try compare(old, new)
        let view = redline.changesOnly
        #expect(count("<ins", in: view) == count("<ins", in: redline.html) && count("<del", in: view) == count("<del", in: redline.html))
        #expect(count("class=\"ps-change\"", in: view) == 3)
        #expect(view.contains("Change 1 of 3</span> <a href=\"#ps:change-2\">Next change</a></p>"))
        #expect(view.contains("Change 3 of 3</span> <a href=\"#ps:change-2\">Previous change</a></p>"))
        #expect(view.contains("<p>Paragraph 1 says something.</p>") && view.contains("<p>Paragraph 3 says something.</p>"))
        #expect(!view.contains("Paragraph 4 ") && !view.contains("Paragraph 11 "))
        #expect(view.contains("<p class=\"ps-fold\">4 unchanged paragraphs not shown</p>"))
        // The section's heading stands before a change whose context does not reach it.
        #expect(view.contains("Previous change</a></p>\n<h3>End</h3>\n<p>Last words.</p>"), "headings keep their level, lose their id")
        #expect(!view.contains(" id=\"end\""))
        #expect(TagBalance.isBalanced(view))
        #expect(try compare(old, old).changesOnly.isEmpty)
    }

    @Test func marksNeverSplitATag() throws {
        let old = "# P\n\nSee [our cookie page](https://example.com/cookies) and **bold words here** now.\n"
        let new = "# P\n\nSee [the cookie notice](https://example.com/notice) and *bold words* now.\n"
        let redline = try compare(old, new)
        #expect(redline.html.contains("<del>our</del><a href=\"https://example.com/notice\"><ins>the</ins> cookie <del>page</del><ins>notice</ins></a>"))
        #expect(redline.html.contains("<em>bold words<del> here</del></em> now."))
        #expect(!redline.html.contains("<strong>"), "the new version's tags only")
        #expect(TagBalance.isBalanced(redline.html))
    }

    /// The text of rendered HTML without the `tag` elements of a redline (which hold no tags),
    /// white space runs as one space, between blocks too.
    static func text(of html: String, without tag: String) -> String {
        let kept = html.replacingOccurrences(of: "(?s)<\(tag) class=\"ps-block\">.*?</\(tag)>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "<\(tag)>[^<]*</\(tag)>", with: "", options: .regularExpression)
        return text(of: kept)
    }

    static func text(of html: String) -> String {
        html.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func everyRedlineOfTheSamplesIsBalancedAndResolvesToBothTexts() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for (old, new) in [("plimus/1.3.md", "plimus/1.4.md"), ("plimus/1.4.md", "plimus/1.5.md"), ("planet-mirror/2001-06-01.md", "planet-mirror/2002-03-01.md")] {
            let read = { (path: String) throws -> String in
                let text = try String(contentsOf: repository.appending(path: "policies/\(path)"), encoding: .utf8)
                var diagnostics = Diagnostics()
                return String(try #require(FrontMatter.split(text, path: path, &diagnostics), "\(diagnostics)").body)
            }
            let redline = try compare(try read(old), try read(new))
            #expect(TagBalance.isBalanced(redline.html), "\(new)")
            #expect(!redline.summary.isUnchanged, "\(new)")
            // Accepting every change gives the new text, rejecting every change the old one (word
            // for word, with the spaces between them: "password for", never "passwordfor").
            #expect(Self.text(of: redline.html, without: "del") == Self.text(of: try MarkdownRenderer.render(try read(new), path: new).html), "\(new)")
            #expect(Self.text(of: redline.html, without: "ins") == Self.text(of: try MarkdownRenderer.render(try read(old), path: old).html), "\(new)")
        }
    }
}

/// Unchanged blocks that hold headings are written by bytes (`LoweredHeadings`), changed ones
/// token by token: both lower `h1`–`h5` one level and leave everything else as it is.
@Suite struct LoweredHeadingsTests {
    private let html = "<h1 id=\"a\">A <em>b</em></h1>\n<blockquote>\n<h2 id=\"c\">C</h2>\n<h5>5</h5>\n<h6>six</h6>\n<p>x<br />\n<hr-not>y</hr-not></p>\n</blockquote>\n"

    @Test func unchangedBlocksAreLoweredAsTokensAre() {
        var lowered: [UInt8] = []
        Array(html.utf8).withUnsafeBufferPointer { bytes in
            for block in HTMLBlock.split(bytes) {
                LoweredHeadings.append(bytes, block.range, to: &lowered)
                lowered.append(UInt8(ascii: "\n"))
            }
        }
        let byBytes = String(decoding: lowered, as: UTF8.self)
        #expect(byBytes == "<h2 id=\"a\">A <em>b</em></h2>\n<blockquote>\n<h3 id=\"c\">C</h3>\n<h6>5</h6>\n<h6>six</h6>\n<p>x<br />\n<hr-not>y</hr-not></p>\n</blockquote>\n")
        #expect(Redline.compare(old: html, new: html).html == byBytes)
    }
}

/// Checks that every tag opened is closed, in order (cmark-gfm writes no optional end tags).
enum TagBalance {
    static func isBalanced(_ html: String) -> Bool {
        Array(html.utf8).withUnsafeBufferPointer { bytes in
            var stack: [TagName] = []
            for token in HTMLToken.tokenize(bytes, bytes.indices) {
                switch token.kind {
                case .open: stack.append(token.name)
                case .close:
                    guard stack.popLast() == token.name else { return false }
                default: break
                }
            }
            return stack.isEmpty
        }
    }
}
