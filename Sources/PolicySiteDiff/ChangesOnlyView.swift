import PolicySiteSupport

/// The changes-only view of a redline: each run of changes with one unchanged block of context
/// before and after it (and the heading of its section, when that would be left out), the
/// unchanged blocks between folded into a line that says how many were left out, and on each
/// change links to the previous and the next. Runs whose context would
/// touch are shown as one change. It is cut from the redline's own bytes, so it holds exactly its
/// `<ins>` and `<del>`; the `id`s are left out, since the whole text on the same page has them.
enum ChangesOnlyView {
    /// A piece of the redline: an unchanged block, or a run of changed blocks (with their marks).
    enum Segment: Sendable {
        case unchanged(Range<Int>, isHeading: Bool)
        case changed(Range<Int>)

        var isChanged: Bool {
            if case .changed = self { return true }
            return false
        }

        var isHeading: Bool {
            if case .unchanged(_, isHeading: true) = self { return true }
            return false
        }

        var range: Range<Int> {
            switch self {
            case .unchanged(let range, _), .changed(let range): return range
            }
        }
    }

    /// Unchanged blocks shown on each side of a change.
    static let context = 1

    /// The id of the `number`th change (from 1). A heading's id is a lower-case slug, which never
    /// holds a colon, so these never clash with the text's.
    static func id(_ number: Int) -> String { "ps:change-\(number)" }

    static func html(_ redline: [UInt8], _ segments: [Segment]) -> String {
        let groups = self.groups(segments)
        guard !groups.isEmpty else { return "" }
        var output: [UInt8] = []
        output.reserveCapacity(groups.reduce(0) { total, group in
            total + segments[group].reduce(0) { $0 + $1.range.count } + 256
        })
        func append(_ text: String) { output.append(contentsOf: text.utf8) }
        var shown = 0
        for (offset, group) in groups.enumerated() {
            // The heading of the section the change is in, when it would be folded away (the
            // context before the change holds no heading of its own).
            let firstChange = segments[group].firstIndex(where: \.isChanged) ?? group.lowerBound
            let hasHeading = segments[group.lowerBound..<firstChange].contains(where: \.isHeading)
            let heading = hasHeading ? nil : segments[shown..<group.lowerBound].lastIndex(where: \.isHeading)
            appendFold((heading ?? group.lowerBound) - shown, to: &output)
            let number = offset + 1
            append("<div class=\"ps-change\" id=\"\(id(number))\">\n<p class=\"ps-change-nav\"><span class=\"ps-change-count\">Change \(number) of \(groups.count)</span>")
            if number > 1 { append(" <a href=\"#\(id(number - 1))\">Previous change</a>") }
            if number < groups.count { append(" <a href=\"#\(id(number + 1))\">Next change</a>") }
            append("</p>\n")
            redline.withUnsafeBufferPointer { bytes in
                if let heading {
                    appendWithoutIDs(bytes, segments[heading].range, to: &output)
                    appendFold(group.lowerBound - heading - 1, to: &output)
                }
                for segment in segments[group] { appendWithoutIDs(bytes, segment.range, to: &output) }
            }
            append("</div>\n")
            shown = group.upperBound
        }
        appendFold(segments.count - shown, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// The segments each change shows, as ranges of `segments`: every changed segment with its
    /// context, those that touch or overlap joined.
    static func groups(_ segments: [Segment]) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        for (index, segment) in segments.enumerated() where segment.isChanged {
            let shown = max(0, index - context)..<min(segments.count, index + context + 1)
            if let last = groups.last, shown.lowerBound <= last.upperBound {
                groups[groups.count - 1] = last.lowerBound..<shown.upperBound
            } else {
                groups.append(shown)
            }
        }
        return groups
    }

    private static func appendFold(_ count: Int, to output: inout [UInt8]) {
        guard count > 0 else { return }
        let text = "<p class=\"ps-fold\">\(count) unchanged paragraph\(count == 1 ? "" : "s") not shown</p>\n"
        output.append(contentsOf: text.utf8)
    }

    /// Copies `range`, leaving out every tag's ` id="…"`.
    private static func appendWithoutIDs(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to output: inout [UInt8]) {
        var written = range.lowerBound
        var scanner = HTMLTagScanner(bytes, range)
        while let tag = scanner.next() {
            guard let id = ByteSearch.firstRange(of: " id=\"", in: bytes, tag.start..<tag.end),
                  let quote = bytes[id.upperBound..<tag.end].firstIndex(of: UInt8(ascii: "\"")) else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[written..<id.lowerBound]))
            written = quote + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[written..<range.upperBound]))
    }
}
