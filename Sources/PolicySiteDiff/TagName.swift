/// An element's name as cmark-gfm writes it (lower case, at most ten letters), packed into two
/// words so that names compare as integers and copying one costs no reference counting.
struct TagName: Sendable, Hashable {
    private let low: UInt64
    private let high: UInt64

    /// The first sixteen bytes packed; any beyond (cmark-gfm writes none) folded in by hash.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for (index, byte) in bytes.prefix(16).enumerated() {
            if index < 8 { low |= UInt64(byte) << (8 * UInt64(index)) } else { high |= UInt64(byte) << (8 * UInt64(index - 8)) }
        }
        if bytes.count > 16 { high ^= BlockKey.hash(bytes, 16..<bytes.count) }
        self.low = low
        self.high = high
    }

    init(_ name: StaticString) {
        self.init(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    static let none = TagName("")
    static let unorderedList = TagName("ul")
    static let orderedList = TagName("ol")
    static let section = TagName("section")
    static let table = TagName("table")
    static let listItem = TagName("li")
    static let tableRow = TagName("tr")

    /// Elements that have no closing tag: a diff reads them as standing alone.
    static let voidElements = (["br", "hr", "img", "input", "col", "wbr", "source"] as [StaticString]).map(TagName.init)

    /// 1–6 for `h1`–`h6`, else nil.
    var headingLevel: Int? {
        guard high == 0, low >> 16 == 0, low & 0xff == UInt64(UInt8(ascii: "h")) else { return nil }
        let digit = Int(low >> 8 & 0xff) - Int(UInt8(ascii: "0"))
        return (1...6).contains(digit) ? digit : nil
    }

    var isHeading: Bool { headingLevel != nil }
}
