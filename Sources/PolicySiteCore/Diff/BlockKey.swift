import Foundation

/// What two blocks are aligned by: their HTML, compared by a 64-bit FNV-1a hash first and by
/// bytes when the hashes agree. A heading's `id` is left out: it follows from the heading's text,
/// and its numbering (`-1`, `-2`) from the headings before it.
struct BlockKey: Hashable, Sendable {
    let hash: UInt64
    /// The bytes compared: the block's HTML, without the id of a heading.
    let parts: [Substring]

    init(_ html: Substring, isHeading: Bool) {
        if isHeading, let id = ByteSearch.firstRange(of: " id=\"", in: html),
           let quote = html.utf8[id.upperBound...].firstIndex(of: UInt8(ascii: "\"")) {
            parts = [html[..<id.lowerBound], html[html.utf8.index(after: quote)...]]
        } else {
            parts = [html]
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            hash = BlockKey.fnv1a(part.utf8, from: hash)
        }
        self.hash = hash
    }

    static func == (lhs: BlockKey, rhs: BlockKey) -> Bool {
        guard lhs.hash == rhs.hash, lhs.parts.count == rhs.parts.count else { return false }
        return zip(lhs.parts, rhs.parts).allSatisfy { sameBytes($0, $1) }
    }

    /// FNV-1a over bytes, from contiguous storage where the text has it (native strings do).
    static func fnv1a(_ bytes: Substring.UTF8View, from start: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        func hash(_ buffer: some Sequence<UInt8>) -> UInt64 {
            var hash = start
            for byte in buffer { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            return hash
        }
        return bytes.withContiguousStorageIfAvailable { hash($0) } ?? hash(bytes)
    }

    /// Byte equality with `memcmp`: the diff compares equal blocks several times each.
    static func sameBytes(_ a: Substring, _ b: Substring) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let result = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right in
                left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
            }
        }
        return (result ?? nil) ?? a.utf8.elementsEqual(b.utf8)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }
}
