extension String {
    /// The text without the Unicode scalars at either end for which `isTrimmed` holds, and the
    /// text itself, uncopied, when there are none: Foundation's `trimmingCharacters(in:)` without
    /// its cost. `\.properties.isWhitespace` trims what `.whitespacesAndNewlines` does, and
    /// `\.isBlank` what `.whitespaces` does.
    package func trimmingScalars(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}

extension Unicode.Scalar {
    /// A tab or a space separator (Unicode category Zs): what Foundation's `.whitespaces` holds.
    package var isBlank: Bool { self == "\t" || properties.generalCategory == .spaceSeparator }

    /// A space, tab, line feed or carriage return.
    package var isASCIIWhiteSpace: Bool { self == " " || self == "\t" || self == "\n" || self == "\r" }
}
