import Foundation

/// Finds mojibake, UTF-8 text once read as Windows-1252 (`â€™` for `’`, `Ã©` for `é`, `Â ` for a
/// no-break space), by its telltale: a character Â–ô (a UTF-8 lead byte read as Windows-1252)
/// followed by one that Windows-1252 writes as a continuation byte 80–BF, or `Â` before a space.
/// Every source a build reads goes through it, so it works on the UTF-8 bytes: `memchr` finds each
/// byte C3 (how UTF-8 writes Â–ô), and text without one costs a single pass.
package enum MojibakeTelltale {
    /// The 1-based lines (counted from 1 in `text`) that hold a telltale, and the first telltale
    /// (its lead and every continuation after it, such as `â€™`).
    package static func lines(in text: some StringProtocol) -> (lines: [Int], first: String)? {
        if let found = text.utf8.withContiguousStorageIfAvailable({ lines(inUTF8: $0) }) { return found }
        var copy = String(text)
        return copy.withUTF8 { lines(inUTF8: $0) }
    }

    private static func lines(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> (lines: [Int], first: String)? {
        guard let base = bytes.baseAddress else { return nil }
        var lines: [Int] = []
        var first = String.UnicodeScalarView()
        var line = 1
        var counted = 0
        var searchFrom = 0
        while searchFrom < bytes.count,
              let hit = memchr(base + searchFrom, 0xC3, bytes.count - searchFrom) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            searchFrom = at + 1
            // U+00C2–U+00F4 are C3 82 – C3 B4.
            guard at + 2 < bytes.count, (0x82...0xB4).contains(bytes[at + 1]) else { continue }
            let lead = Unicode.Scalar(bytes[at + 1] + 0x40)
            guard let next = scalar(in: bytes, at: at + 2), isTelltale(lead: lead, next.scalar) else { continue }
            for index in counted..<at where bytes[index] == 0x0A { line += 1 }
            counted = at
            if lines.last != line {
                if lines.isEmpty { first = telltale(in: bytes, lead: lead, next: next) }
                lines.append(line)
            }
        }
        return lines.isEmpty ? nil : (lines, String(first))
    }

    private static func isTelltale(lead: Unicode.Scalar, _ next: Unicode.Scalar) -> Bool {
        if lead == "Â" && next == " " { return true }
        guard let byte = Windows1252.byte(of: next) else { return false }
        return (0x80...0xBF).contains(byte)
    }

    /// The lead, its first continuation, and up to two more.
    private static func telltale(in bytes: UnsafeBufferPointer<UInt8>, lead: Unicode.Scalar, next: (scalar: Unicode.Scalar, length: Int, at: Int)) -> String.UnicodeScalarView {
        var shown = String.UnicodeScalarView([lead, next.scalar])
        guard next.scalar != " " else { return shown }
        var at = next.at + next.length
        while shown.count < 4, let more = scalar(in: bytes, at: at),
              let byte = Windows1252.byte(of: more.scalar), (0x80...0xBF).contains(byte) {
            shown.append(more.scalar)
            at += more.length
        }
        return shown
    }

    /// The scalar whose UTF-8 starts at `at`, with its length; nil at the end or in a bad sequence.
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at: Int) -> (scalar: Unicode.Scalar, length: Int, at: Int)? {
        guard at < bytes.count else { return nil }
        let first = bytes[at]
        let length = first < 0x80 ? 1 : first < 0xE0 ? 2 : first < 0xF0 ? 3 : 4
        guard at + length <= bytes.count,
              let decoded = String(validating: UnsafeBufferPointer(rebasing: bytes[at..<at + length]), as: UTF8.self),
              let scalar = decoded.unicodeScalars.first else { return nil }
        return (scalar, length, at)
    }
}
