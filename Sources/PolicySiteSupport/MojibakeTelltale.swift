/// Finds mojibake, UTF-8 text once read as Windows-1252 (`â€™` for `’`, `Ã©` for `é`, `Â ` for a
/// no-break space), by its telltale: a character Â–ô (a UTF-8 lead byte read as Windows-1252)
/// followed by one that Windows-1252 writes as a continuation byte 80–BF, or `Â` before a space.
/// Cheap enough for every line of every source a build reads: text without the byte C3 (how
/// UTF-8 writes Â–ô) is passed over in one scan.
package enum MojibakeTelltale {
    /// The 1-based lines (counted from 1 in `text`) that hold a telltale, and the first telltale
    /// on the first of them.
    package static func lines(in text: some StringProtocol) -> (lines: [Int], first: String)? {
        guard text.utf8.contains(0xC3) else { return nil }
        var lines: [Int] = []
        var first = String.UnicodeScalarView()
        // The first telltale is shown whole: its lead and every continuation after it (`â€™`).
        var extendingFirst = false
        var line = 1
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if extendingFirst {
                if first.count < 4, let byte = Windows1252.byte(of: scalar), (0x80...0xBF).contains(byte) {
                    first.append(scalar)
                } else {
                    extendingFirst = false
                }
            }
            if scalar == "\n" {
                line += 1
            } else if let lead = previous, (0xC2...0xF4).contains(lead.value), isTelltale(lead: lead, scalar) {
                if lines.last != line {
                    if lines.isEmpty {
                        first = String.UnicodeScalarView([lead, scalar])
                        extendingFirst = scalar != " "
                    }
                    lines.append(line)
                }
            }
            previous = scalar
        }
        return lines.isEmpty ? nil : (lines, String(first))
    }

    private static func isTelltale(lead: Unicode.Scalar, _ next: Unicode.Scalar) -> Bool {
        if lead == "Â" && next == " " { return true }
        guard let byte = Windows1252.byte(of: next) else { return false }
        return (0x80...0xBF).contains(byte)
    }
}
