import PolicySiteModel
import PolicySiteSupport

/// The sections of a redline: which were added, removed or changed, read from their headings.
extension RedlineWriter {
    /// The section the walk is in, and whether it is new, gone or already counted as changed.
    /// Before the first heading (other than the title) is the preamble. An existing section's
    /// heading is the new version's block.
    enum SectionState { case opening(counted: Bool), existing(HTMLBlock, counted: Bool), added, removed }
    enum BlockChange { case unchanged, inserted, deleted, changed }

    /// The name the text before the first section is listed under.
    static let preamble = "Preamble"

    /// Follows the headings, and records which sections were added, removed or changed.
    /// `isTitle`: the block is the document's title (a level-1 heading that opens it), which
    /// belongs to the preamble rather than starting a section named after the policy.
    mutating func enterSection(_ block: HTMLBlock, how change: BlockChange, isTitle: Bool = false) {
        guard block.isHeading, !isTitle else {
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
            summary.sectionsChanged.append(ChangeSummary.Section(title: Self.preamble, anchor: ""))
            section = .opening(counted: true)
        default:
            break
        }
    }

    // MARK: Reading headings

    /// The text of a heading: its words and spaces, entities decoded.
    static func text(of tokens: ArraySlice<HTMLToken>, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var text: [UInt8] = []
        for token in tokens where !token.isTag {
            if token.kind == .space { text.append(0x20) } else { text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])) }
        }
        return HTMLEntities.decode(String(decoding: text, as: UTF8.self).trimmingScalars(where: \.isBlank))
    }

    static func id(of tokens: ArraySlice<HTMLToken>, _ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let first = tokens.first, let start = ByteSearch.firstRange(of: " id=\"", in: bytes, first.start..<first.end) else { return nil }
        let end = bytes[start.upperBound..<first.end].firstIndex(of: UInt8(ascii: "\"")) ?? first.end
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start.upperBound..<end]), as: UTF8.self)
    }
}
