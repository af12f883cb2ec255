import Foundation

/// What two blocks are aligned by: their HTML, compared by a 64-bit hash first and by
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
        var hash = BlockKey.seed
        for part in parts {
            hash = BlockKey.hash(part.utf8, from: hash)
        }
        self.hash = hash
    }

    static func == (lhs: BlockKey, rhs: BlockKey) -> Bool {
        guard lhs.hash == rhs.hash, lhs.parts.count == rhs.parts.count else { return false }
        return zip(lhs.parts, rhs.parts).allSatisfy { sameBytes($0, $1) }
    }

    /// The starting state of `hash`.
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A 64-bit hash of bytes, eight at a time (FxHash's step: rotate, xor, multiply), finished
    /// with MurmurHash3's mixer. Not for adversaries: equal hashes are always checked by bytes.
    /// FNV-1a byte by byte, used before, waited on one multiplication per byte.
    static func hash(_ bytes: Substring.UTF8View, from start: UInt64 = seed) -> UInt64 {
        bytes.withContiguousStorageIfAvailable { hash(UnsafeRawBufferPointer($0), from: start) }
            ?? Array(bytes).withUnsafeBytes { hash($0, from: start) }
    }

    static func hash(_ bytes: UnsafeRawBufferPointer, from start: UInt64) -> UInt64 {
        let multiplier: UInt64 = 0x517c_c1b7_2722_0a95
        var hash = start ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = ((hash << 5 | hash >> 59) ^ word) &* multiplier
            offset += 8
        }
        if offset < bytes.count {
            var word: UInt64 = 0
            for index in offset..<bytes.count { word = word << 8 | UInt64(bytes[index]) }
            hash = ((hash << 5 | hash >> 59) ^ word) &* multiplier
        }
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        return hash ^ hash >> 33
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
