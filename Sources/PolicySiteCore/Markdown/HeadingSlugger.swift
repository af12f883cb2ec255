/// Derives heading ids from heading text alone, GitHub style: `Part I. Information Collection`
/// becomes `part-i-information-collection`. A repeated heading gets `-1`, `-2`, ... in order.
enum HeadingSlugger {
    static func ids(for texts: [String]) -> [String] {
        var used: [String: Int] = [:]
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

    static func slug(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_" {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else if scalar == " " || scalar == "-" || scalar == "\t" {
                pendingDash = true
            }
        }
        return slug.isEmpty ? "section" : slug
    }
}
