import Foundation
@testable import PolicySiteDiff
@testable import PolicySiteMarkdown
import Testing

/// The pages of what changed since each earlier version reuse the word diff of a changed block
/// that an earlier comparison with the same version made: each must read as if made alone.
@Suite struct ComparisonMemoTests {
    /// Twelve versions of a policy, each editing a paragraph, a list item, a table row, a heading or
    /// a footnote of the one before, and now and then adding or removing a block.
    static func versions() -> [String] {
        var paragraphs = (0..<8).map { "Paragraph \($0) says we keep your data for \($0 + 1) months and share it with no one[^\($0 % 2 + 1)]." }
        var items = (0..<5).map { "- Item \($0): cookies of kind \($0)" }
        var rows = (0..<4).map { "| Plan \($0) | \($0 * 5) EUR |" }
        var heading = "## What we keep"
        var texts: [String] = []
        for version in 0..<12 {
            switch version % 6 {
            case 1: paragraphs[version % 8] = paragraphs[version % 8].replacingOccurrences(of: "share it", with: "share it, in part,")
            case 2: items[version % 5] += " and pixels"
            case 3: rows[version % 4] = "| Plan \(version) | \(version) EUR, taxes included |"
            case 4: heading += " and why"
            case 5: paragraphs.insert("A new paragraph of version \(version), about transfers abroad.", at: version % 5)
            default: if version > 0 { items.removeFirst() }
            }
            texts.append("""
            # Privacy

            \(paragraphs[0..<3].joined(separator: "\n\n"))

            \(heading)

            \(items.joined(separator: "\n"))

            \(paragraphs[3...].joined(separator: "\n\n"))

            ## Fees

            | Plan | Fee |
            |---|---|
            \(rows.joined(separator: "\n"))

            [^1]: The first note, version \(version / 4).
            [^2]: The second note.
            """)
        }
        return texts
    }

    @Test func comparisonsWithAMemoAreTheComparisonsMadeAlone() throws {
        let documents = try Self.versions().enumerated().map { index, text in
            RedlineDocument(html: try MarkdownRenderer.render(text, path: "\(index).md").html, comparedOften: index == 11)
        }
        let target = documents[11]
        var memo = ComparisonMemo()
        // Twice over, so that the second pass copies every changed block.
        for _ in 0..<2 {
            for old in documents.dropLast() {
                let alone = Redline.compare(old: old, new: target)
                let remembered = Redline.compare(old: old, new: target, memo: &memo)
                #expect(remembered.html == alone.html)
                #expect(remembered.changesOnly == alone.changesOnly)
                #expect(remembered.summary == alone.summary)
            }
        }
        #expect(memo.reused > 11, "the second pass finds every changed block of the first")
    }

    @Test func aFullMemoStillComparesRight() throws {
        let documents = try Self.versions().enumerated().map { index, text in
            RedlineDocument(html: try MarkdownRenderer.render(text, path: "\(index).md").html)
        }
        var memo = ComparisonMemo(capacity: 300)
        for old in documents.dropLast() {
            let alone = Redline.compare(old: old, new: documents[11])
            let remembered = Redline.compare(old: old, new: documents[11], memo: &memo)
            #expect(remembered.html == alone.html && remembered.summary == alone.summary)
        }
    }
}
