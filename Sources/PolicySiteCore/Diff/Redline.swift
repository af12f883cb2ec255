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
        var writer = RedlineWriter()
        writer.compareDocuments(old.blocks, new.blocks)
        return Redline(html: writer.output, summary: writer.summary)
    }
}

/// A rendered version split into blocks, ready to be compared.
public struct RedlineDocument: Sendable {
    let blocks: [HTMLBlock]

    public init(html: String) {
        blocks = HTMLBlock.split(html)
    }
}

/// The tokens and words of a document's blocks, made on first use and kept.
private struct BlockCache {
    let blocks: [HTMLBlock]
    private var tokenCache: [Int: ArraySlice<HTMLToken>] = [:]
    private var wordCache: [Int: [UInt64]] = [:]

    init(blocks: [HTMLBlock]) {
        self.blocks = blocks
    }

    mutating func tokens(_ index: Int) -> ArraySlice<HTMLToken> {
        if let tokens = tokenCache[index] { return tokens }
        let tokens = blocks[index].tokens
        tokenCache[index] = tokens
        return tokens
    }

    mutating func words(_ index: Int) -> [UInt64] {
        if let words = wordCache[index] { return words }
        let words = HTMLBlock.words(tokens(index))
        wordCache[index] = words
        return words
    }
}

/// Writes a redline, keeping count of words and sections as it goes.
struct RedlineWriter {
    private(set) var output = ""
    private(set) var summary = ChangeSummary()

    private enum Mark { case none, inserted, deleted }
    private var mark = Mark.none

    /// The section the walk is in, and whether it is new, gone or already counted as changed.
    /// Before the first heading is the opening text.
    private enum SectionState { case opening(counted: Bool), existing(HTMLBlock, counted: Bool), added, removed }
    private var section = SectionState.opening(counted: false)

    // MARK: Documents

    mutating func compareDocuments(_ old: [HTMLBlock], _ new: [HTMLBlock]) {
        // Tokens and words are needed only for blocks that did not stay the same: made lazily.
        var oldCache = BlockCache(blocks: old)
        var newCache = BlockCache(blocks: new)
        func oldTokens(_ index: Int) -> ArraySlice<HTMLToken> { oldCache.tokens(index) }
        func newTokens(_ index: Int) -> ArraySlice<HTMLToken> { newCache.tokens(index) }
        func oldWords(_ index: Int) -> [UInt64] { oldCache.words(index) }
        func newWords(_ index: Int) -> [UInt64] { newCache.words(index) }
        let steps = Alignment.pairedSteps(old: old.map(\.key.hash), new: new.map(\.key.hash), same: { old[$0].key == new[$1].key }) { o, n in
            old[o].name == new[n].name && Alignment.similarity(oldWords(o), newWords(n)) >= Redline.pairingThreshold
        }
        var openBlockMark = Mark.none
        func closeBlockMark(_ writer: inout RedlineWriter) {
            switch openBlockMark {
            case .inserted: writer.output += "</ins>\n"
            case .deleted: writer.output += "</del>\n"
            case .none: break
            }
            openBlockMark = .none
        }
        // Consecutive whole blocks inserted (or deleted) go in one <ins class="ps-block"> (or <del>).
        func startBlockMark(_ mark: Mark, _ writer: inout RedlineWriter) {
            guard openBlockMark != mark else { return }
            closeBlockMark(&writer)
            writer.output += mark == .inserted ? "<ins class=\"ps-block\">\n" : "<del class=\"ps-block\">\n"
            openBlockMark = mark
        }
        for step in steps {
            switch step {
            case .equal(_, let n):
                closeBlockMark(&self)
                enterSection(new[n], how: .unchanged)
                if new[n].containsHeading {
                    LoweredHeadings.append(new[n].html, to: &output)
                } else {
                    output += new[n].html
                }
                output += "\n"
            case .inserted(let n):
                startBlockMark(.inserted, &self)
                enterSection(new[n], how: .inserted)
                summary.wordsInserted += newWords(n).count
                emit(newTokens(n))
            case .deleted(let o):
                startBlockMark(.deleted, &self)
                enterSection(old[o], how: .deleted)
                summary.wordsDeleted += oldWords(o).count
                emit(oldTokens(o), renamingIDs: true)
            case .changed(let o, let n):
                closeBlockMark(&self)
                enterSection(new[n], how: .changed)
                let oldParts = HTMLBlock.parts(of: old[o].name, oldTokens(o))
                let newParts = HTMLBlock.parts(of: new[n].name, newTokens(n))
                if !oldParts.isEmpty && !newParts.isEmpty {
                    compareParts(oldParts, newTokens(n), newParts)
                } else {
                    compareWords(oldTokens(o), newTokens(n))
                }
                output += "\n"
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
            summary.sectionsAdded.append(Self.section(block))
            section = .added
        case .deleted:
            let heading = Self.section(block)
            summary.sectionsRemoved.append(ChangeSummary.Section(title: heading.title, anchor: "removed-" + heading.anchor))
            section = .removed
        }
    }

    /// A heading block's text and id; read only for sections that changed.
    private static func section(_ heading: HTMLBlock) -> ChangeSummary.Section {
        let tokens = heading.tokens
        return ChangeSummary.Section(title: text(of: tokens), anchor: id(of: tokens) ?? "")
    }

    private mutating func markSectionChanged() {
        switch section {
        case .existing(let heading, counted: false):
            summary.sectionsChanged.append(Self.section(heading))
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
        let oldWords = oldParts.map(HTMLBlock.words)
        let newWords = newParts.map(HTMLBlock.words)
        let oldKeys = oldParts.map { TokenKey(Substring(HTMLBlock.key($0))) }
        let newKeys = newParts.map { TokenKey(Substring(HTMLBlock.key($0))) }
        let steps = Alignment.pairedSteps(old: oldKeys.map(\.hash), new: newKeys.map(\.hash), same: { oldKeys[$0] == newKeys[$1] }) { o, n in
            Alignment.similarity(oldWords[o], newWords[n]) >= Redline.pairingThreshold
        }
        var stepIndex = 0
        var index = newTokens.startIndex
        var partIndex = 0
        while index < newTokens.endIndex {
            guard partIndex < newParts.count, index == newParts[partIndex].startIndex else {
                emit(newTokens[index...index])
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
            emit(newParts[n])
        case .inserted(let n):
            summary.wordsInserted += newWords[n].count
            emitMarked(newParts[n], as: .inserted, partClass: "ps-added")
        case .deleted(let o):
            summary.wordsDeleted += oldWords[o].count
            emitMarked(oldParts[o], as: .deleted, partClass: "ps-removed")
        case .changed(let o, let n):
            compareWords(oldParts[o], newParts[n])
        }
    }

    // MARK: Words

    /// A changed block or part, word by word: the new version's tags, deleted text in `<del>`,
    /// inserted text in `<ins>`; a mark is closed before every tag, so no tag is ever split.
    private mutating func compareWords(_ old: ArraySlice<HTMLToken>, _ new: ArraySlice<HTMLToken>) {
        // Steps count from 0; the slices keep their parent's indices (copying them to arrays retained every token).
        func oldToken(_ offset: Int) -> HTMLToken { old[old.startIndex + offset] }
        func newToken(_ offset: Int) -> HTMLToken { new[new.startIndex + offset] }
        let oldKeys = old.map(\.diffKey)
        let newKeys = new.map(\.diffKey)
        let steps = Self.coalesced(Alignment.steps(old: oldKeys.map(\.hash), new: newKeys.map(\.hash), same: { oldKeys[$0] == newKeys[$1] }),
                                   isSpace: { newToken($0).kind == .space })
        // A deleted space is written only before a deleted word, inside the same <del>.
        var deletedSpace: HTMLToken?
        for step in steps {
            if case .deleted = step {} else { deletedSpace = nil }
            switch step {
            case .equal(_, let n), .changed(_, let n):
                setMark(.none)
                write(newToken(n))
            case .inserted(let n):
                let token = newToken(n)
                if token.isTag {
                    setMark(.none)
                    write(token)
                } else if token.kind == .space && mark == .none {
                    write(token)
                } else {
                    setMark(.inserted)
                    if token.isWord { summary.wordsInserted += 1 }
                    write(token)
                }
            case .deleted(let o):
                let token = oldToken(o)
                if token.isTag { continue }
                if token.kind == .space {
                    deletedSpace = token
                    continue
                }
                setMark(.deleted)
                if let space = deletedSpace { write(space) }
                deletedSpace = nil
                summary.wordsDeleted += 1
                write(token)
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
    private mutating func emitMarked(_ tokens: ArraySlice<HTMLToken>, as kind: Mark, partClass: String) {
        for (offset, token) in tokens.enumerated() {
            if token.isTag {
                setMark(.none)
                if offset == 0, case .open = token.kind {
                    output += token.text.dropLast() + " class=\"\(partClass)\">"
                } else {
                    write(token, renamingIDs: kind == .deleted)
                }
            } else if token.kind == .space && mark == .none {
                write(token)
            } else {
                setMark(kind)
                write(token)
            }
        }
        setMark(.none)
    }

    private mutating func setMark(_ next: Mark) {
        guard next != mark else { return }
        switch mark {
        case .inserted: output += "</ins>"
        case .deleted: output += "</del>"
        case .none: break
        }
        switch next {
        case .inserted: output += "<ins>"
        case .deleted: output += "<del>"
        case .none: break
        }
        mark = next
    }

    // MARK: Output

    private mutating func emit(_ tokens: ArraySlice<HTMLToken>, renamingIDs: Bool = false) {
        for token in tokens { write(token, renamingIDs: renamingIDs) }
        if tokens.last?.isTag == true, tokens.count > 1 { output += "\n" }
    }

    /// Writes a token; headings go one level down, and the ids in deleted text are renamed so
    /// that they never clash with the new text's.
    private mutating func write(_ token: HTMLToken, renamingIDs: Bool = false) {
        var text = token.text
        switch token.kind {
        case .open(let name), .close(let name):
            let bytes = name.utf8
            if bytes.count == 2, bytes.first == UInt8(ascii: "h"), let digit = bytes.last, (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(digit) {
                let isClose = if case .close = token.kind { true } else { false }
                output += isClose ? "</h" : "<h"
                output += String(Int(digit - UInt8(ascii: "0")) + 1)
                text = text[text.utf8.index(text.startIndex, offsetBy: isClose ? 4 : 3)...]
            }
        default:
            break
        }
        if renamingIDs, token.isTag, let range = ByteSearch.firstRange(of: " id=\"", in: text) {
            output += text[..<range.upperBound] + "removed-" + text[range.upperBound...]
        } else {
            output += text
        }
    }

    // MARK: Reading headings

    /// The text of a heading: its words and spaces, entities decoded.
    static func text(of tokens: ArraySlice<HTMLToken>) -> String {
        var text = ""
        for token in tokens where !token.isTag { text += token.kind == .space ? " " : token.text }
        // What `trimmingCharacters(in: .whitespaces)` trims (tabs and Unicode space separators), without Foundation.
        func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }), let last = scalars.lastIndex(where: { !isBlank($0) }) else { return "" }
        return HTMLEntities.decode(String(scalars[first...last]))
    }

    static func id(of tokens: ArraySlice<HTMLToken>) -> String? {
        guard let first = tokens.first, let start = ByteSearch.firstRange(of: " id=\"", in: first.text) else { return nil }
        let rest = first.text[start.upperBound...]
        return String(rest.prefix { $0 != "\"" })
    }
}
