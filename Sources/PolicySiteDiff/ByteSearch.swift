import Foundation

/// Finding ASCII text in rendered HTML by its bytes: `range(of:)` goes through Foundation and
/// Unicode-aware comparison, thousands of instructions for a short tag.
enum ByteSearch {
    /// The first occurrence of an ASCII `needle` in `range` of `bytes`: `memchr` for its first
    /// byte, then `memcmp`.
    static func firstRange(of needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int>? {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first else { return range.lowerBound..<range.lowerBound }
        guard let base = bytes.baseAddress else { return nil }
        var offset = range.lowerBound
        while range.upperBound - offset >= pattern.count,
              let found = memchr(base + offset, Int32(first), range.upperBound - offset - pattern.count + 1) {
            let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + start, pattern.baseAddress!, pattern.count) == 0 { return start..<(start + pattern.count) }
            offset = start + 1
        }
        return nil
    }
}
