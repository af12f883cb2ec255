import Foundation

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
        var index = 0
        while index + 3 < bytes.count {
            guard let found = memchr(bytes.baseAddress! + index, Int32(UInt8(ascii: "<")), bytes.count - index) else { break }
            index = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard index + 3 < bytes.count else { break }
            if bytes[index + 1] == UInt8(ascii: "h"),
               (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[index + 2]), bytes[index + 3] == UInt8(ascii: ">"),
               let id = ids.next() {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<(index + 3)]))
                output.append(contentsOf: " id=\"".utf8)
                output.append(contentsOf: HTMLEscaping.attribute(id).utf8)
                output.append(UInt8(ascii: "\""))
                copied = index + 3
                index += 4
            } else {
                index += 1
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        return output
    }
}
