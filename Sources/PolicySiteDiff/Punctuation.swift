/// The punctuation marks that the word diff splits off a word's start and end, as bytes of
/// cmark-gfm's HTML: ASCII marks, `&quot;` (cmark-gfm's escape of `"`), and the common Unicode
/// quotes, dashes and the ellipsis (U+2010–U+2027, `«`, `»`). Marks inside a word ("he/she",
/// "1.4", "user's") stay in it.
enum Punctuation {
    private static let quote = Array("&quot;".utf8)

    /// The length of the mark that opens `range`, if one does.
    static func leading(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        let first = bytes[range.lowerBound]
        if isASCIIMark(first) { return 1 }
        if first == UInt8(ascii: "&"), range.count >= quote.count,
           quote.indices.allSatisfy({ bytes[range.lowerBound + $0] == quote[$0] }) { return quote.count }
        if first == 0xE2, range.count >= 3, isGeneralPunctuation(bytes[range.lowerBound + 1], bytes[range.lowerBound + 2]) { return 3 }
        if first == 0xC2, range.count >= 2, isGuillemet(bytes[range.lowerBound + 1]) { return 2 }
        return nil
    }

    /// The length of the mark that closes `range`, if one does.
    static func trailing(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        let end = range.upperBound
        let last = bytes[end - 1]
        if last == UInt8(ascii: ";"), let entity = entityLength(bytes, range) {
            // `&quot;` is a mark; any other entity (`&amp;`) is part of its word, never cut.
            let isQuote = entity == quote.count && quote.indices.allSatisfy { bytes[end - quote.count + $0] == quote[$0] }
            return isQuote ? entity : nil
        }
        if isASCIIMark(last) { return 1 }
        if range.count >= 3, bytes[end - 3] == 0xE2, isGeneralPunctuation(bytes[end - 2], last) { return 3 }
        if range.count >= 2, bytes[end - 2] == 0xC2, isGuillemet(last) { return 2 }
        return nil
    }

    /// The length of the character reference (`&name;`, `&#123;`) that ends `range`, if one does.
    private static func entityLength(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var index = range.upperBound - 2
        while index >= range.lowerBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&") { return index + 2 < range.upperBound ? range.upperBound - index : nil }
            let isNamePart = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "#")
            guard isNamePart else { return nil }
            index -= 1
        }
        return nil
    }

    private static func isASCIIMark(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"), UInt8(ascii: "?"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: "'"):
            return true
        default:
            return false
        }
    }

    /// U+2010 to U+2027 (dashes, quotes, bullets, the ellipsis) after their lead byte 0xE2.
    private static func isGeneralPunctuation(_ second: UInt8, _ third: UInt8) -> Bool {
        second == 0x80 && (0x90...0xA7).contains(third)
    }

    /// `«` (U+00AB) and `»` (U+00BB) after their lead byte 0xC2.
    private static func isGuillemet(_ second: UInt8) -> Bool {
        second == 0xAB || second == 0xBB
    }
}
