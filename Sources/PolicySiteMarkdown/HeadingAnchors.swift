import PolicySiteSupport

/// Puts ids on the headings of HTML rendered by cmark-gfm. In safe mode the only `<h1>`..`<h6>`
/// tags in its output are the headings it rendered, in document order (raw HTML is omitted and
/// text is escaped), so the n-th such tag is the n-th heading of the document.
enum HeadingAnchors {
    static func insert(ids: [String], into bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard !ids.isEmpty else { return Array(bytes) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + ids.count * 48)
        var ids = ids.makeIterator()
        var copied = 0
        var scanner = HTMLTagScanner(bytes, 0..<bytes.count)
        while let tag = scanner.next() {
            // cmark-gfm writes a heading's tag bare: `<h2>`.
            guard tag.kind == .opening, tag.end - tag.start == 4, tag.headingLevel(bytes) != nil else { continue }
            guard let id = ids.next() else { break }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<tag.nameEnd]))
            output.append(contentsOf: " id=\"".utf8)
            output.append(contentsOf: HTMLEscaping.attribute(id).utf8)
            output.append(UInt8(ascii: "\""))
            copied = tag.nameEnd
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        return output
    }
}
