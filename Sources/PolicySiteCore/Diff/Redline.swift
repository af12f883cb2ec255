import Foundation

/// Compares two rendered versions of a policy: the whole new text with insertions and deletions
/// marked (`<ins>`, `<del>`), and a `ChangeSummary`.
///
/// The diff aligns by block first (headings, paragraphs, code, quotes; inside lists and tables,
/// by item and row), then by word inside a block that changed. A reworded block is one changed
/// block, an added section one inserted block. Tags are never split: inside a changed block
/// only text is wrapped, and the tags are the new version's, so the markup stays well-formed.
public struct Redline: Sendable {
    /// The marked-up text. Headings are one level lower than in the text (`h1` becomes `h2`),
    /// since the changes page has a heading of its own.
    public let html: String
    public let summary: ChangeSummary

    /// Blocks at least this alike (by shared words) are shown as one changed block.
    static let pairingThreshold = 0.5

    public static func compare(old: String, new: String) -> Redline {
        compare(old: RedlineDocument(html: old), new: RedlineDocument(html: new))
    }

    /// Compares two versions split once each: a build compares every version with the one
    /// before and then with the one after, so each is split only once.
    public static func compare(old: RedlineDocument, new: RedlineDocument) -> Redline {
        old.withBytes { oldBytes in
            new.withBytes { newBytes in
                var writer = RedlineWriter(old: oldBytes, new: newBytes)
                writer.compareDocuments(old.blocks, new.blocks)
                return Redline(html: String(decoding: writer.output, as: UTF8.self), summary: writer.summary)
            }
        }
    }
}

/// A rendered version split into blocks, ready to be compared.
public struct RedlineDocument: Sendable {
    let html: String
    let blocks: [HTMLBlock]

    public init(html: String) {
        self.html = html
        blocks = Self.withBytes(of: html, HTMLBlock.split)
    }

    /// Runs `body` over the document's UTF-8 bytes, which blocks and tokens index.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        Self.withBytes(of: html, body)
    }

    private static func withBytes<Result>(of html: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        html.utf8.withContiguousStorageIfAvailable(body) ?? Array(html.utf8).withUnsafeBufferPointer(body)
    }
}

/// The tokens and words of a document's blocks, made on first use and kept.
private struct BlockCache {
    let blocks: [HTMLBlock]
    let bytes: UnsafeBufferPointer<UInt8>
    private var tokenCache: [Int: ArraySlice<HTMLToken>] = [:]
    private var wordCache: [Int: [UInt64]] = [:]

    init(blocks: [HTMLBlock], bytes: UnsafeBufferPointer<UInt8>) {
        self.blocks = blocks
        self.bytes = bytes
    }

    mutating func tokens(_ index: Int) -> ArraySlice<HTMLToken> {
        if let tokens = tokenCache[index] { return tokens }
        let tokens = blocks[index].tokens(bytes)
        tokenCache[index] = tokens
        return tokens
    }

    mutating func words(_ index: Int) -> [UInt64] {
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
    private(set) var summary = ChangeSummary()
    private let old: UnsafeBufferPointer<UInt8>
    private let new: UnsafeBufferPointer<UInt8>

    private enum Mark { case none, inserted, deleted }
    private var mark = Mark.none

    /// The section the walk is in, and whether it is new, gone or already counted as changed.
    /// Before the first heading is the opening text. An existing section's heading is the new
    /// version's block.
    private enum SectionState { case opening(counted: Bool), existing(HTMLBlock, counted: Bool), added, removed }
    private var section = SectionState.opening(counted: false)

    init(old: UnsafeBufferPointer<UInt8>, new: UnsafeBufferPointer<UInt8>) {
        self.old = old
        self.new = new
        output.reserveCapacity(new.count + new.count / 8)
    }

    // MARK: Documents

    mutating func compareDocuments(_ oldBlocks: [HTMLBlock], _ newBlocks: [HTMLBlock]) {
        // Tokens and words are needed only for blocks that did not stay the same: made lazily.
        var oldCache = BlockCache(blocks: oldBlocks, bytes: old)
        var newCache = BlockCache(blocks: newBlocks, bytes: new)
        let (old, new) = (self.old, self.new)
        let steps = Alignment.pairedSteps(old: oldBlocks.map(\.key.hash), new: newBlocks.map(\.key.hash),
                                          same: { BlockKey.same(oldBlocks[$0], old, newBlocks[$1], new) }) { o, n in
            oldBlocks[o].name == newBlocks[n].name && Alignment.similarity(oldCache.words(o), newCache.words(n)) >= Redline.pairingThreshold
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
        for step in steps {
            switch step {
            case .equal(_, let n):
                closeBlockMark(&self)
                enterSection(newBlocks[n], how: .unchanged)
                if newBlocks[n].containsHeading {
                    LoweredHeadings.append(new, newBlocks[n].range, to: &output)
                } else {
                    append(new, newBlocks[n].range)
                }
                append("\n")
            case .inserted(let n):
                startBlockMark(.inserted, &self)
                enterSection(newBlocks[n], how: .inserted)
                summary.wordsInserted += newCache.words(n).count
                emit(newCache.tokens(n), from: new)
            case .deleted(let o):
                startBlockMark(.deleted, &self)
                enterSection(oldBlocks[o], how: .deleted)
                summary.wordsDeleted += oldCache.words(o).count
                emit(oldCache.tokens(o), from: old, renamingIDs: true)
            case .changed(let o, let n):
                closeBlockMark(&self)
                enterSection(newBlocks[n], how: .changed)
                let oldParts = HTMLBlock.parts(of: oldBlocks[o].name, oldCache.tokens(o))
                let newParts = HTMLBlock.parts(of: newBlocks[n].name, newCache.tokens(n))
                if !oldParts.isEmpty && !newParts.isEmpty {
                    compareParts(oldParts, newCache.tokens(n), newParts)
                } else {
                    compareWords(oldCache.tokens(o), newCache.tokens(n))
                }
                append("\n")
            }
        }
        closeBlockMark(&self)
    }

    // MARK: Sections

    private enum BlockChange { case unchanged, inserted, deleted, changed }

    /// Follows the headings, and records which sections were added, removed or changed.
    private mutating func enterSection(_ block: HTMLBlock, how change: BlockChange) {
        guard block.isHeading else {
            if change != .unchanged { markSectionChanged() }
            return
        }
        switch change {
        case .unchanged:
            section = .existing(block, counted: false)
        case .changed:
            section = .existing(block, counted: false)
            markSectionChanged()
        case .inserted:
            summary.sectionsAdded.append(Self.section(block, new))
            section = .added
        case .deleted:
            let heading = Self.section(block, old)
            summary.sectionsRemoved.append(ChangeSummary.Section(title: heading.title, anchor: "removed-" + heading.anchor))
            section = .removed
        }
    }

    /// A heading block's text and id; read only for sections that changed.
    private static func section(_ heading: HTMLBlock, _ bytes: UnsafeBufferPointer<UInt8>) -> ChangeSummary.Section {
        let tokens = heading.tokens(bytes)
        return ChangeSummary.Section(title: text(of: tokens, bytes), anchor: id(of: tokens, bytes) ?? "")
    }

    private mutating func markSectionChanged() {
        switch section {
        case .existing(let heading, counted: false):
            summary.sectionsChanged.append(Self.section(heading, new))
            section = .existing(heading, counted: true)
        case .opening(counted: false):
            summary.sectionsChanged.append(ChangeSummary.Section(title: "Opening text", anchor: ""))
            section = .opening(counted: true)
        default:
            break
        }
    }

    // MARK: Lists, tables and footnotes

    /// A changed list or table: its items or rows aligned, each changed one compared by word.
    /// The container's own tags are the new version's; deleted items stand where they were.
    private mutating func compareParts(_ oldParts: [ArraySlice<HTMLToken>], _ newTokens: ArraySlice<HTMLToken>, _ newParts: [ArraySlice<HTMLToken>]) {
        let (old, new) = (self.old, self.new)
        let oldWords = oldParts.map { HTMLBlock.words($0, old) }
        let newWords = newParts.map { HTMLBlock.words($0, new) }
        let oldKeys = oldParts.map { TokenKeys($0, in: old) }
        let newKeys = newParts.map { TokenKeys($0, in: new) }
        let steps = Alignment.pairedSteps(old: oldKeys.map(\.combinedHash), new: newKeys.map(\.combinedHash),
                                          same: { oldKeys[$0].sameRun(newKeys[$1]) }) { o, n in
            Alignment.similarity(oldWords[o], newWords[n]) >= Redline.pairingThreshold
        }
        var stepIndex = 0
        var index = newTokens.startIndex
        var partIndex = 0
        while index < newTokens.endIndex {
            guard partIndex < newParts.count, index == newParts[partIndex].startIndex else {
                emit(newTokens[index...index], from: new)
                index += 1
                continue
            }
            // Everything up to and including the step that writes this new part.
            while stepIndex < steps.count {
                let step = steps[stepIndex]
                stepIndex += 1
                writePart(step, oldParts, newParts, oldWords, newWords)
                if case .deleted = step { continue }
                break
            }
            if partIndex == newParts.count - 1 {
                // Deleted parts after the last new one go right after it, inside the same parent.
                while stepIndex < steps.count {
                    writePart(steps[stepIndex], oldParts, newParts, oldWords, newWords)
                    stepIndex += 1
                }
            }
            index = newParts[partIndex].endIndex
            partIndex += 1
        }
    }

    private mutating func writePart(_ step: AlignmentStep, _ oldParts: [ArraySlice<HTMLToken>], _ newParts: [ArraySlice<HTMLToken>],
                                    _ oldWords: [[UInt64]], _ newWords: [[UInt64]]) {
        switch step {
        case .equal(_, let n):
            emit(newParts[n], from: new)
        case .inserted(let n):
            summary.wordsInserted += newWords[n].count
            emitMarked(newParts[n], from: new, as: .inserted, partClass: "ps-added")
        case .deleted(let o):
            summary.wordsDeleted += oldWords[o].count
            emitMarked(oldParts[o], from: old, as: .deleted, partClass: "ps-removed")
        case .changed(let o, let n):
            compareWords(oldParts[o], newParts[n])
        }
    }

    // MARK: Words

    /// A changed block or part, word by word: the new version's tags, deleted text in `<del>`,
    /// inserted text in `<ins>`; a mark is closed before every tag, so no tag is ever split.
    private mutating func compareWords(_ oldTokens: ArraySlice<HTMLToken>, _ newTokens: ArraySlice<HTMLToken>) {
        // Steps count from 0; the slices keep their parent's indices.
        func oldToken(_ offset: Int) -> HTMLToken { oldTokens[oldTokens.startIndex + offset] }
        func newToken(_ offset: Int) -> HTMLToken { newTokens[newTokens.startIndex + offset] }
        let oldKeys = TokenKeys(oldTokens, in: old)
        let newKeys = TokenKeys(newTokens, in: new)
        let steps = Self.coalesced(Alignment.steps(old: oldKeys.hashes, new: newKeys.hashes, same: { oldKeys.same($0, newKeys, $1) }),
                                   isSpace: { newToken($0).kind == .space })
        // A deleted space is written only before a deleted word, inside the same <del>.
        var deletedSpace: HTMLToken?
        for step in steps {
            if case .deleted = step {} else { deletedSpace = nil }
            switch step {
            case .equal(_, let n), .changed(_, let n):
                setMark(.none)
                write(newToken(n), from: new)
            case .inserted(let n):
                let token = newToken(n)
                if token.isTag {
                    setMark(.none)
                    write(token, from: new)
                } else if token.kind == .space && mark == .none {
                    write(token, from: new)
                } else {
                    setMark(.inserted)
                    if token.isWord { summary.wordsInserted += 1 }
                    write(token, from: new)
                }
            case .deleted(let o):
                let token = oldToken(o)
                if token.isTag { continue }
                if token.kind == .space {
                    deletedSpace = token
                    continue
                }
                setMark(.deleted)
                if let space = deletedSpace { write(space, from: old) }
                deletedSpace = nil
                summary.wordsDeleted += 1
                write(token, from: old)
            }
        }
        setMark(.none)
    }

    /// Reads a replaced phrase as one deletion and one insertion ("<del>do not have</del><ins>expire
    /// after</ins>") rather than word by word: a space standing between two changes joins them,
    /// and each run of changes lists its deletions before its insertions.
    static func coalesced(_ steps: [AlignmentStep], isSpace: (Int) -> Bool) -> [AlignmentStep] {
        func isChange(_ step: AlignmentStep) -> Bool {
            if case .equal = step { return false }
            return true
        }
        var joined: [AlignmentStep] = []
        joined.reserveCapacity(steps.count)
        for (index, step) in steps.enumerated() {
            if case .equal(let old, let new) = step, isSpace(new), let previous = joined.last, isChange(previous),
               index + 1 < steps.count, isChange(steps[index + 1]) {
                joined.append(.deleted(old: old))
                joined.append(.inserted(new: new))
            } else {
                joined.append(step)
            }
        }
        var result: [AlignmentStep] = []
        result.reserveCapacity(joined.count)
        var insertions: [AlignmentStep] = []
        for step in joined {
            switch step {
            case .inserted: insertions.append(step)
            case .deleted: result.append(step)
            default:
                result += insertions
                insertions = []
                result.append(step)
            }
        }
        return result + insertions
    }

    /// A whole part inserted or deleted: its own tags, its text marked, its first tag classed.
    private mutating func emitMarked(_ tokens: ArraySlice<HTMLToken>, from bytes: UnsafeBufferPointer<UInt8>, as kind: Mark, partClass: StaticString) {
        for (offset, token) in tokens.enumerated() {
            if token.isTag {
                setMark(.none)
                if offset == 0, token.kind == .open {
                    append(bytes, token.start..<(token.end - 1))
                    append(" class=\"")
                    append(partClass)
                    append("\">")
                } else {
                    write(token, from: bytes, renamingIDs: kind == .deleted)
                }
            } else if token.kind == .space && mark == .none {
                write(token, from: bytes)
            } else {
                setMark(kind)
                write(token, from: bytes)
            }
        }
        setMark(.none)
    }

    private mutating func setMark(_ next: Mark) {
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

    // MARK: Output

    private mutating func emit(_ tokens: ArraySlice<HTMLToken>, from bytes: UnsafeBufferPointer<UInt8>, renamingIDs: Bool = false) {
        for token in tokens { write(token, from: bytes, renamingIDs: renamingIDs) }
        if tokens.last?.isTag == true, tokens.count > 1 { append("\n") }
    }

    /// Writes a token; headings go one level down, and the ids in deleted text are renamed so
    /// that they never clash with the new text's.
    private mutating func write(_ token: HTMLToken, from bytes: UnsafeBufferPointer<UInt8>, renamingIDs: Bool = false) {
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

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    private mutating func append(_ text: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    // MARK: Reading headings

    /// The text of a heading: its words and spaces, entities decoded.
    static func text(of tokens: ArraySlice<HTMLToken>, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var text: [UInt8] = []
        for token in tokens where !token.isTag {
            if token.kind == .space { text.append(0x20) } else { text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])) }
        }
        // What `trimmingCharacters(in: .whitespaces)` trims (tabs and Unicode space separators), without Foundation.
        func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator }
        let scalars = String(decoding: text, as: UTF8.self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }), let last = scalars.lastIndex(where: { !isBlank($0) }) else { return "" }
        return HTMLEntities.decode(String(scalars[first...last]))
    }

    static func id(of tokens: ArraySlice<HTMLToken>, _ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let first = tokens.first, let start = ByteSearch.firstRange(of: " id=\"", in: bytes, first.start..<first.end) else { return nil }
        let end = bytes[start.upperBound..<first.end].firstIndex(of: UInt8(ascii: "\"")) ?? first.end
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start.upperBound..<end]), as: UTF8.self)
    }
}
