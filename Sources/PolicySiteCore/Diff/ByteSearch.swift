import Foundation

/// Finding ASCII text in rendered HTML by its bytes: `range(of:)` goes through Foundation and
/// Unicode-aware comparison, thousands of instructions for a short tag.
enum ByteSearch {
    /// The first occurrence of an ASCII `needle` in `range` of `bytes`.
    static func firstRange(of needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int>? {
        firstRange(of: UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount), in: bytes, range)
    }

    /// `memchr` for the needle's first byte, then `memcmp`.
    private static func firstRange(of needle: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int>? {
        guard let first = needle.first else { return range.lowerBound..<range.lowerBound }
        guard let base = bytes.baseAddress else { return nil }
        var offset = range.lowerBound
        while range.upperBound - offset >= needle.count,
              let found = memchr(base + offset, Int32(first), range.upperBound - offset - needle.count + 1) {
            let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + start, needle.baseAddress!, needle.count) == 0 { return start..<(start + needle.count) }
            offset = start + 1
        }
        return nil
    }
}
