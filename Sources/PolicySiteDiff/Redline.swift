import Foundation
import PolicySiteModel

/// Compares two rendered versions of a policy: the whole new text with insertions and deletions
/// marked (`<ins>`, `<del>`), and a `ChangeSummary`.
///
/// The diff aligns by block first (headings, paragraphs, code, quotes; inside lists and tables,
/// by item and row), then by word inside a block that changed. A reworded block is one changed
/// block, an added section one inserted block. Tags are never split: inside a changed block
/// only text is wrapped, and the tags are the new version's, so the markup stays well-formed.
package struct Redline: Sendable {
    /// The marked-up text. Headings are one level lower than in the text (`h1` becomes `h2`),
    /// since the changes page has a heading of its own.
    package let html: String
    /// The changes only: each run of changes with one unchanged block of context on either side,
    /// the rest folded, and links from each change to the next and the previous (see
    /// `ChangesOnlyView`); empty when the texts are the same.
    package let changesOnly: String
    package let summary: ChangeSummary

    /// Blocks at least this alike (by shared words) are shown as one changed block.
    static let pairingThreshold = 0.5

    package static func compare(old: String, new: String) -> Redline {
        compare(old: RedlineDocument(html: old), new: RedlineDocument(html: new))
    }

    /// Compares two versions split once each: a build compares every version with the one
    /// before and then with the one after, so each is split only once.
    package static func compare(old: RedlineDocument, new: RedlineDocument) -> Redline {
        var none = ComparisonMemo.none
        return compare(old: old, new: new, memo: &none)
    }

    /// Compares a version with `new`, copying each changed block's word diff from `memo` when an
    /// earlier comparison with the same `new` made it, and keeping the ones it makes there. The
    /// memo belongs to `new`: it must be handed no other document.
    package static func compare(old: RedlineDocument, new: RedlineDocument, memo: inout ComparisonMemo) -> Redline {
        old.withBytes { oldBytes in
            new.withBytes { newBytes in
                var writer = RedlineWriter(old: oldBytes, new: newBytes)
                writer.compareDocuments(old, new, memo: &memo)
                let changesOnly = ChangesOnlyView.html(writer.output, writer.segments)
                return Redline(html: String(decoding: writer.output, as: UTF8.self), changesOnly: changesOnly, summary: writer.summary)
            }
        }
    }
}

/// A rendered version split into blocks, ready to be compared.
package struct RedlineDocument: Sendable {
    let html: String
    let blocks: [HTMLBlock]
    /// Every block's tokens and words, made once, for a document compared with many others (the
    /// current version, compared with each earlier one); nil when they are made on demand.
    let blockTokens: [ArraySlice<HTMLToken>]?
    let blockWords: [[UInt64]]?

    /// `comparedOften`: tokenise every block now, so that each comparison does not do it again.
    package init(html: String, comparedOften: Bool = false) {
        self.html = html
        let blocks = Self.withBytes(of: html, HTMLBlock.split)
        self.blocks = blocks
        guard comparedOften else {
            (blockTokens, blockWords) = (nil, nil)
            return
        }
        let tokens = Self.withBytes(of: html) { bytes in blocks.map { $0.tokens(bytes) } }
        blockTokens = tokens
        blockWords = Self.withBytes(of: html) { bytes in tokens.map { HTMLBlock.words($0, bytes) } }
    }

    /// Runs `body` over the document's UTF-8 bytes, which blocks and tokens index.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        Self.withBytes(of: html, body)
    }

    private static func withBytes<Result>(of html: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        html.utf8.withContiguousStorageIfAvailable(body) ?? Array(html.utf8).withUnsafeBufferPointer(body)
    }
}
