import Foundation

/// Finding ASCII text in rendered HTML by its bytes: `range(of:)` goes through Foundation and
/// Unicode-aware comparison, thousands of instructions for a short tag.
enum ByteSearch {
    /// Whether `needle` occurs in `haystack`: `memchr` for its first byte, then `memcmp`.
    static func contains(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pattern in
                guard let base = hay.baseAddress else { return false }
                var offset = 0
                while hay.count - offset >= pattern.count,
                      let found = memchr(base + offset, Int32(first), hay.count - offset - pattern.count + 1) {
                    let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + start, pattern.baseAddress!, pattern.count) == 0 { return true }
                    offset = start + 1
                }
                return false
            }
        }
    }

    /// The first occurrence of an ASCII `needle` in `text`.
    static func firstRange(of needle: StaticString, in text: Substring) -> Range<String.Index>? {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first else { return nil }
        let bytes = text.utf8
        var from = bytes.startIndex
        while let start = bytes[from...].firstIndex(of: first) {
            var end = start
            var matched = true
            for byte in pattern {
                guard end < bytes.endIndex, bytes[end] == byte else {
                    matched = false
                    break
                }
                end = bytes.index(after: end)
            }
            if matched { return start..<end }
            from = bytes.index(after: start)
        }
        return nil
    }
}
