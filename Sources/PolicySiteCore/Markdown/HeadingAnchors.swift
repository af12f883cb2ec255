/// Puts ids on the headings of HTML rendered by cmark-gfm. In safe mode the only `<h1>`..`<h6>`
/// tags in its output are the headings it rendered, in document order (raw HTML is omitted and
/// text is escaped), so the n-th such tag is the n-th heading of the document.
enum HeadingAnchors {
    static func insert(ids: [String], into html: String) -> String {
        guard !ids.isEmpty else { return html }
        var output: [UInt8] = []
        output.reserveCapacity(html.utf8.count + ids.count * 40)
        var ids = ids.makeIterator()
        var bytes = html.utf8[...]
        while let open = bytes.firstIndex(of: UInt8(ascii: "<")) {
            let tag = bytes[open...].prefix(4)
            let isHeading = tag.count == 4
                && tag[tag.index(tag.startIndex, offsetBy: 1)] == UInt8(ascii: "h")
                && (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(tag[tag.index(tag.startIndex, offsetBy: 2)])
                && tag.last == UInt8(ascii: ">")
            if isHeading, let id = ids.next() {
                output.append(contentsOf: bytes[..<tag.index(before: tag.endIndex)])
                output.append(contentsOf: " id=\"".utf8)
                output.append(contentsOf: HTMLEscaping.attribute(id).utf8)
                output.append(contentsOf: "\">".utf8)
                bytes = bytes[tag.endIndex...]
            } else {
                let next = bytes.index(after: open)
                output.append(contentsOf: bytes[..<next])
                bytes = bytes[next...]
            }
        }
        output.append(contentsOf: bytes)
        return String(decoding: output, as: UTF8.self)
    }
}
