import Foundation

/// A policy's own strikethrough (`~~old~~`), which cmark-gfm writes as `<del>`, written as `<s>`
/// instead: text the author shows struck out, not a deletion. A redline marks its deletions with
/// `<del>`, so the two never look or read alike, and accepting or rejecting a redline's changes
/// leaves the author's struck text in place. With raw HTML left out and `<` escaped in text, every
/// `<del>` in cmark-gfm's output is the extension's.
enum AuthorStrikethrough {
    private static let open = Array("<del>".utf8)
    private static let close = Array("</del>".utf8)

    static func rewrite(_ html: [UInt8]) -> [UInt8] {
        guard let first = firstOpening(in: html) else { return html }
        var output: [UInt8] = []
        output.reserveCapacity(html.count)
        output.append(contentsOf: html[..<first])
        var index = first
        while index < html.count {
            if matches(open, html, at: index) {
                output.append(contentsOf: "<s>".utf8)
                index += open.count
            } else if matches(close, html, at: index) {
                output.append(contentsOf: "</s>".utf8)
                index += close.count
            } else {
                output.append(html[index])
                index += 1
            }
        }
        return output
    }

    /// Where the first `<del>` starts: `memchr` from `<` to `<` (Foundation's generic
    /// `firstRange(of:)` over bytes cost a fifth of a build).
    private static func firstOpening(in html: [UInt8]) -> Int? {
        html.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return nil }
            var from = 0
            while from < bytes.count, let found = memchr(base + from, Int32(UInt8(ascii: "<")), bytes.count - from) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if index + open.count <= bytes.count, open.indices.allSatisfy({ bytes[index + $0] == open[$0] }) { return index }
                from = index + 1
            }
            return nil
        }
    }

    private static func matches(_ needle: [UInt8], _ html: [UInt8], at index: Int) -> Bool {
        html[index] == UInt8(ascii: "<") && index + needle.count <= html.count && html[index..<(index + needle.count)].elementsEqual(needle)
    }
}
