/// Derives heading ids from heading text alone, GitHub style: `Part I. Information Collection`
/// becomes `part-i-information-collection`. A repeated heading gets `-1`, `-2`, ... in order.
enum HeadingSlugger {
    static func ids(for texts: [String]) -> [String] {
        var used: [String: Int] = [:]
        used.reserveCapacity(texts.count * 2)
        return texts.map { text in
            let base = slug(text)
            guard let count = used[base] else {
                used[base] = 0
                return base
            }
            var next = count + 1
            while used["\(base)-\(next)"] != nil { next += 1 }
            used[base] = next
            used["\(base)-\(next)"] = 0
            return "\(base)-\(next)"
        }
    }

    /// Letters and digits lower-cased, runs of spaces and dashes as one `-`, everything else dropped.
    /// ASCII text, by far the most common, takes a byte-wise path.
    static func slug(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingDash = false
        func keep(_ piece: some Sequence<UInt8>) {
            if pendingDash && !bytes.isEmpty { bytes.append(UInt8(ascii: "-")) }
            pendingDash = false
            bytes.append(contentsOf: piece)
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): keep(CollectionOfOne(byte + 32))
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): keep(CollectionOfOne(byte))
                case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "\t"): pendingDash = true
                default: break
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                keep(String(scalar).lowercased().utf8)
            } else if scalar.properties.isWhitespace {
                pendingDash = true
            }
        }
        return bytes.isEmpty ? "section" : String(decoding: bytes, as: UTF8.self)
    }
}
