import PolicySiteSupport
/// Repairs mojibake: UTF-8 text that was once read as Windows-1252 and saved again, so that each
/// non-ASCII character became two or three (`’` became `â€™`, `é` became `Ã©`, a no-break space
/// became `Â ` ). A run of characters is turned back into the bytes Windows-1252 writes them as,
/// and replaced only when those bytes are exactly one well-formed UTF-8 character: a lead byte
/// C2–F4 and its continuation bytes 80–BF. Text with no such run is left alone, so a real `Â` or
/// `Ã` followed by a letter stays. Twice-garbled text is repaired in up to three passes.
enum MojibakeRepair {
    /// One kind of repair on one line.
    struct Repair: Sendable, Hashable {
        var line: Int
        var found: String
        var replacement: String
        var count: Int
    }

    /// The lines repaired, and every repair, in line order (one entry for each sequence on a line,
    /// with how many times it occurred there).
    static func repair(_ lines: [DocumentLine]) -> (lines: [DocumentLine], repairs: [Repair]) {
        var repairs: [Repair] = []
        let repaired = lines.map { line -> DocumentLine in
            guard line.text.unicodeScalars.contains(where: { (0xC2...0xF4).contains($0.value) }) else { return line }
            var text = line.text
            var found: [(found: String, replacement: String)] = []
            for _ in 0..<3 {
                let pass = repairOnce(text)
                guard !pass.found.isEmpty else { break }
                text = pass.text
                found += pass.found
            }
            var counted: [(found: String, replacement: String, count: Int)] = []
            for item in found {
                if let index = counted.firstIndex(where: { $0.found == item.found && $0.replacement == item.replacement }) {
                    counted[index].count += 1
                } else {
                    counted.append((item.found, item.replacement, 1))
                }
            }
            repairs += counted.map { Repair(line: line.number, found: $0.found, replacement: $0.replacement, count: $0.count) }
            return DocumentLine(number: line.number, text: text)
        }
        return (repaired, repairs)
    }


    private static func repairOnce(_ text: String) -> (text: String, found: [(found: String, replacement: String)]) {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var found: [(String, String)] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if let lead = Windows1252.byte(of: scalar), (0xC2...0xF4).contains(lead) {
                let needed = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3
                var bytes = [lead]
                var next = index + 1
                while bytes.count <= needed, next < scalars.count,
                      let byte = Windows1252.byte(of: scalars[next]), (0x80...0xBF).contains(byte) {
                    bytes.append(byte)
                    next += 1
                }
                if bytes.count == needed + 1, let character = String(validating: bytes, as: UTF8.self) {
                    found.append((String(String.UnicodeScalarView(scalars[index..<next])), character))
                    result.append(contentsOf: character.unicodeScalars)
                    index = next
                    continue
                }
                // `Â` before a plain space or alone at the end of a line: a no-break space (C2 A0)
                // whose second byte a later program turned into a space or trimmed. The `Â` goes.
                if lead == 0xC2 && isStrayNoBreakSpaceLead(scalars, at: index) {
                    found.append((index + 1 < scalars.count ? "Â " : "Â", index + 1 < scalars.count ? " " : ""))
                    index += 1
                    continue
                }
            }
            result.append(scalar)
            index += 1
        }
        return (String(result), found)
    }

    private static func isStrayNoBreakSpaceLead(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        let before = index == 0 || scalars[index - 1] == " " || scalars[index - 1] == "\t"
        let after = index + 1 == scalars.count || scalars[index + 1] == " "
        return after && (before || index + 1 < scalars.count)
    }
}
