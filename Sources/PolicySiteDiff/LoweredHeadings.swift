import PolicySiteSupport

/// A block that stayed the same but holds a heading, written as `RedlineWriter` writes its tokens:
/// every `h1`–`h5` opening and closing tag one level down, everything else as it is. It reads only
/// the tags, by bytes, instead of tokenising the whole block.
enum LoweredHeadings {
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to output: inout [UInt8]) {
        guard bytes.baseAddress != nil else { return }
        var written = range.lowerBound
        var scanner = HTMLTagScanner(bytes, range)
        // The tokeniser's rules: `<hN …>` opens and `</hN>` closes; `<hN … />` stands alone.
        while let tag = scanner.next() {
            guard tag.kind != .standalone, let level = tag.headingLevel(bytes), level <= 5 else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[written..<tag.nameStart]))
            output.append(bytes[tag.nameStart])
            output.append(bytes[tag.nameStart + 1] + 1)
            written = tag.nameEnd
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[written..<range.upperBound]))
    }
}
