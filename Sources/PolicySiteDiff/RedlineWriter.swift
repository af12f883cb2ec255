import Foundation
import PolicySiteModel

/// The tokens and words of a document's blocks, made on first use and kept.
fileprivate struct BlockCache {
    let blocks: [HTMLBlock]
    let bytes: UnsafeBufferPointer<UInt8>
    private var tokenCache: [Int: ArraySlice<HTMLToken>] = [:]
    private var wordCache: [Int: [UInt64]] = [:]

    private let preparedTokens: [ArraySlice<HTMLToken>]?
    private let preparedWords: [[UInt64]]?

    init(_ document: RedlineDocument, bytes: UnsafeBufferPointer<UInt8>) {
        blocks = document.blocks
        self.bytes = bytes
        preparedTokens = document.blockTokens
        preparedWords = document.blockWords
    }

    mutating func tokens(_ index: Int) -> ArraySlice<HTMLToken> {
        if let preparedTokens { return preparedTokens[index] }
        if let tokens = tokenCache[index] { return tokens }
        let tokens = blocks[index].tokens(bytes)
        tokenCache[index] = tokens
        return tokens
    }

    mutating func words(_ index: Int) -> [UInt64] {
        if let preparedWords { return preparedWords[index] }
        if let words = wordCache[index] { return words }
        let words = HTMLBlock.words(tokens(index), bytes)
        wordCache[index] = words
        return words
    }
}

/// Writes a redline, keeping count of words and sections as it goes. It reads both documents'
/// bytes, which stay valid for the writer's life (it lives inside `Redline.compare`).
struct RedlineWriter {
    private(set) var output: [UInt8] = []
    var summary = ChangeSummary()
    let old: UnsafeBufferPointer<UInt8>
    let new: UnsafeBufferPointer<UInt8>

    /// Whether the text being written is inside `<ins>`, `<del>` or neither.
    enum Mark { case none, inserted, deleted }
    private(set) var mark = Mark.none

    /// The section the walk is in (see `SectionState`).
    var section = SectionState.opening(counted: false)

    /// The output cut into unchanged blocks and runs of changes, for the changes-only view.
    private(set) var segments: [ChangesOnlyView.Segment] = []
    /// Where the run of changes being written started in the output, if one is.
    private var changeRunStart: Int?

    init(old: UnsafeBufferPointer<UInt8>, new: UnsafeBufferPointer<UInt8>) {
        self.old = old
        self.new = new
        output.reserveCapacity(new.count + new.count / 8)
    }

    // MARK: Documents

    mutating func compareDocuments(_ oldDocument: RedlineDocument, _ newDocument: RedlineDocument, memo: inout ComparisonMemo) {
        // Tokens and words are needed only for blocks that did not stay the same: made lazily,
        // unless a document made them up front.
        var oldCache = BlockCache(oldDocument, bytes: old)
        var newCache = BlockCache(newDocument, bytes: new)
        let (oldBlocks, newBlocks) = (oldDocument.blocks, newDocument.blocks)
        let (old, new) = (self.old, self.new)
        let steps = Alignment.pairedSteps(old: oldBlocks.map(\.key.hash), new: newBlocks.map(\.key.hash),
                                          same: { BlockKey.same(oldBlocks[$0], old, newBlocks[$1], new) }) { o, n in
            oldBlocks[o].name == newBlocks[n].name && Alignment.alike(oldCache.words(o), newCache.words(n), threshold: Redline.pairingThreshold)
        }
        var openBlockMark = Mark.none
        func closeBlockMark(_ writer: inout RedlineWriter) {
            switch openBlockMark {
            case .inserted: writer.append("</ins>\n")
            case .deleted: writer.append("</del>\n")
            case .none: break
            }
            openBlockMark = .none
        }
        // Consecutive whole blocks inserted (or deleted) go in one <ins class="ps-block"> (or <del>).
        func startBlockMark(_ mark: Mark, _ writer: inout RedlineWriter) {
            guard openBlockMark != mark else { return }
            closeBlockMark(&writer)
            writer.append(mark == .inserted ? "<ins class=\"ps-block\">\n" : "<del class=\"ps-block\">\n")
            openBlockMark = mark
        }
        // The title: a level-1 heading that opens the document, part of the preamble.
        func isTitle(_ blocks: [HTMLBlock], _ index: Int) -> Bool { index == 0 && blocks[0].name.headingLevel == 1 }
        for step in steps {
            if case .equal = step {} else if changeRunStart == nil { changeRunStart = output.count }
            switch step {
            case .equal(_, let n):
                closeBlockMark(&self)
                endChangeRun()
                enterSection(newBlocks[n], how: .unchanged, isTitle: isTitle(newBlocks, n))
                let start = output.count
                if newBlocks[n].containsHeading {
                    LoweredHeadings.append(new, newBlocks[n].range, to: &output)
                } else {
                    append(new, newBlocks[n].range)
                }
                append("\n")
                segments.append(.unchanged(start..<output.count, isHeading: newBlocks[n].isHeading))
            case .inserted(let n):
                startBlockMark(.inserted, &self)
                enterSection(newBlocks[n], how: .inserted, isTitle: isTitle(newBlocks, n))
                summary.wordsInserted += newCache.words(n).count
                emit(newCache.tokens(n), from: new)
            case .deleted(let o):
                startBlockMark(.deleted, &self)
                enterSection(oldBlocks[o], how: .deleted, isTitle: isTitle(oldBlocks, o))
                summary.wordsDeleted += oldCache.words(o).count
                emit(oldCache.tokens(o), from: old, renamingIDs: true)
            case .changed(let o, let n):
                closeBlockMark(&self)
                enterSection(newBlocks[n], how: .changed, isTitle: isTitle(newBlocks, n))
                let oldRange = oldBlocks[o].range
                let oldHash = memo.isEnabled ? BlockKey.hash(old, oldRange) : 0
                if memo.isEnabled, let made = memo.lookup(newBlock: n, old: old, oldRange, hash: oldHash) {
                    output.append(contentsOf: made.output)
                    summary.wordsInserted += made.wordsInserted
                    summary.wordsDeleted += made.wordsDeleted
                } else {
                    let (start, inserted, deleted) = (output.count, summary.wordsInserted, summary.wordsDeleted)
                    let oldParts = HTMLBlock.parts(of: oldBlocks[o].name, oldCache.tokens(o))
                    let newParts = HTMLBlock.parts(of: newBlocks[n].name, newCache.tokens(n))
                    if !oldParts.isEmpty && !newParts.isEmpty {
                        compareParts(oldParts, newCache.tokens(n), newParts)
                    } else {
                        compareWords(oldCache.tokens(o), newCache.tokens(n))
                    }
                    if memo.isEnabled {
                        memo.store(newBlock: n, old: old, oldRange, hash: oldHash, output: output[start...],
                                   wordsInserted: summary.wordsInserted - inserted, wordsDeleted: summary.wordsDeleted - deleted)
                    }
                }
                append("\n")
            }
        }
        closeBlockMark(&self)
        endChangeRun()
    }

    /// Closes the run of changes being written, if any, as one segment.
    private mutating func endChangeRun() {
        guard let start = changeRunStart else { return }
        segments.append(.changed(start..<output.count))
        changeRunStart = nil
    }

    // MARK: Output

    mutating func setMark(_ next: Mark) {
        guard next != mark else { return }
        switch mark {
        case .inserted: append("</ins>")
        case .deleted: append("</del>")
        case .none: break
        }
        switch next {
        case .inserted: append("<ins>")
        case .deleted: append("<del>")
        case .none: break
        }
        mark = next
    }

    mutating func emit(_ tokens: ArraySlice<HTMLToken>, from bytes: UnsafeBufferPointer<UInt8>, renamingIDs: Bool = false) {
        for token in tokens { write(token, from: bytes, renamingIDs: renamingIDs) }
        if tokens.last?.isTag == true, tokens.count > 1 { append("\n") }
    }

    /// Writes a token; headings go one level down, and the ids in deleted text are renamed so
    /// that they never clash with the new text's.
    mutating func write(_ token: HTMLToken, from bytes: UnsafeBufferPointer<UInt8>, renamingIDs: Bool = false) {
        var start = token.start
        if token.kind == .open || token.kind == .close, let level = token.name.headingLevel, level <= 5 {
            // `<hN` or `</hN`: written with N + 1, the rest as it is.
            let digit = start + (token.kind == .close ? 3 : 2)
            append(bytes, start..<digit)
            output.append(UInt8(ascii: "0") + UInt8(level + 1))
            start = digit + 1
        }
        if renamingIDs, token.isTag, let id = ByteSearch.firstRange(of: " id=\"", in: bytes, start..<token.end) {
            append(bytes, start..<id.upperBound)
            append("removed-")
            start = id.upperBound
        }
        append(bytes, start..<token.end)
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    mutating func append(_ text: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
