import Foundation

/// What two blocks are aligned by: their bytes, compared by a 64-bit hash first and byte by byte
/// when the hashes agree. A heading's `id` is left out: it follows from the heading's text, and
/// its numbering (`-1`, `-2`) from the headings before it.
struct BlockKey: Sendable {
    let hash: UInt64
    /// The bytes of a heading's ` id="…"`, which the key leaves out; empty for other blocks.
    let skipped: Range<Int>

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, isHeading: Bool) {
        var skipped = range.lowerBound..<range.lowerBound
        if isHeading, let id = ByteSearch.firstRange(of: " id=\"", in: bytes, range),
           let quote = bytes[id.upperBound..<range.upperBound].firstIndex(of: UInt8(ascii: "\"")) {
            skipped = id.lowerBound..<(quote + 1)
        }
        self.skipped = skipped
        let (head, tail) = Self.parts(range, skipping: skipped)
        hash = BlockKey.hash(bytes, tail, from: BlockKey.hash(bytes, head))
    }

    /// The bytes the key covers: the block before and after what it skips (all of it is the tail
    /// when nothing is skipped).
    private static func parts(_ range: Range<Int>, skipping skipped: Range<Int>) -> (head: Range<Int>, tail: Range<Int>) {
        (range.lowerBound..<skipped.lowerBound, skipped.upperBound..<range.upperBound)
    }

    /// Whether block `a` (of `aBytes`) and block `b` (of `bBytes`) have the same key.
    static func same(_ a: HTMLBlock, _ aBytes: UnsafeBufferPointer<UInt8>, _ b: HTMLBlock, _ bBytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.key.hash == b.key.hash else { return false }
        let aParts = parts(a.range, skipping: a.key.skipped)
        let bParts = parts(b.range, skipping: b.key.skipped)
        return sameBytes(aBytes, aParts.head, bBytes, bParts.head) && sameBytes(aBytes, aParts.tail, bBytes, bParts.tail)
    }

    /// Byte equality of two ranges with `memcmp`.
    static func sameBytes(_ a: UnsafeBufferPointer<UInt8>, _ aRange: Range<Int>, _ b: UnsafeBufferPointer<UInt8>, _ bRange: Range<Int>) -> Bool {
        aRange.count == bRange.count && (aRange.isEmpty || memcmp(a.baseAddress! + aRange.lowerBound, b.baseAddress! + bRange.lowerBound, aRange.count) == 0)
    }

    /// The starting state of `hash`.
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A 64-bit hash of bytes, eight at a time (FxHash's step: rotate, xor, multiply), finished
    /// with MurmurHash3's mixer. Not for adversaries: equal hashes are always checked by bytes.
    /// Eight bytes a step rather than one: a byte-wise hash such as FNV-1a waits on one
    /// multiplication per byte.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, from start: UInt64 = seed) -> UInt64 {
        hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[range])), from: start)
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
}
