import Foundation

/// A block that stayed the same but holds a heading, written as `RedlineWriter` writes its tokens:
/// every `h1`–`h5` opening and closing tag one level down, everything else as it is. It reads only
/// the tags, by bytes, instead of tokenising the whole block.
enum LoweredHeadings {
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to output: inout [UInt8]) {
        guard let base = bytes.baseAddress else { return }
        let count = range.upperBound
        var written = range.lowerBound
        var from = range.lowerBound
        while from < count, let lessThan = memchr(base + from, Int32(UInt8(ascii: "<")), count - from) {
            let open = base.distance(to: lessThan.assumingMemoryBound(to: UInt8.self))
            guard let greaterThan = memchr(base + open, Int32(UInt8(ascii: ">")), count - open) else { break }
            let close = base.distance(to: greaterThan.assumingMemoryBound(to: UInt8.self))
            from = close + 1
            // The tokeniser's rules: `<hN …>` opens and `</hN>` closes; `<hN … />` stands alone.
            let isClose = open + 1 < close && bytes[open + 1] == UInt8(ascii: "/")
            let name = open + (isClose ? 2 : 1)
            let after = name + 2
            guard close - open >= 2, after <= close, bytes[close - 1] != UInt8(ascii: "/"),
                  bytes[name] == UInt8(ascii: "h"), (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(bytes[name + 1]),
                  after == close || bytes[after] == 0x20 || bytes[after] == UInt8(ascii: "/") || bytes[after] == 0x0A
            else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[written..<name]))
            output.append(bytes[name])
            output.append(bytes[name + 1] + 1)
            written = after
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[written..<count]))
    }
}
