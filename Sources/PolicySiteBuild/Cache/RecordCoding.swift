import Foundation

/// The layout of the cache's records (`ChunkRecord`): fields one after the other, each integer a
/// variable-length number (7 bits a byte, low first) and each string its UTF-8 length then its
/// bytes. Not JSON: a rebuild reads every chunk's record (27 MB of JSON for 200 × 50), and
/// Foundation's JSONDecoder spent a sixth of a rebuild's CPU on them. The entry around a record
/// (`CacheEntry`) already tells a whole record from a damaged one; the reader still checks every
/// length against what is left, so a record of another layout is an error, never a crash.
struct RecordWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        var rest = UInt64(bitPattern: Int64(value))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func bool(_ flag: Bool) {
        bytes.append(flag ? 1 : 0)
    }

    /// A count, then each element as `body` writes it.
    mutating func list<Element>(_ elements: [Element], _ body: (inout RecordWriter, Element) -> Void) {
        int(elements.count)
        for element in elements { body(&self, element) }
    }

    var data: Data { Data(bytes) }
}

/// Reads what `RecordWriter` wrote, field by field, in the same order.
struct RecordReader {
    /// What the reader found instead of a record of this layout.
    struct Damaged: Error {}

    private let bytes: [UInt8]
    private var position = 0

    init(_ data: Data) {
        bytes = Array(data)
    }

    var isAtEnd: Bool { position == bytes.count }

    mutating func int() throws(Damaged) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count, shift < 64 else { throw Damaged() }
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return Int(Int64(bitPattern: value)) }
            shift += 7
        }
    }

    mutating func string() throws(Damaged) -> String {
        let length = try int()
        guard length >= 0, length <= bytes.count - position,
              let text = String(validating: bytes[position..<(position + length)], as: UTF8.self) else { throw Damaged() }
        position += length
        return text
    }

    mutating func bool() throws(Damaged) -> Bool {
        guard position < bytes.count, bytes[position] <= 1 else { throw Damaged() }
        position += 1
        return bytes[position - 1] == 1
    }

    /// A count, then that many elements as `body` reads them. A count larger than the bytes left
    /// (each element takes at least one) is damage, not a reason to reserve memory.
    mutating func list<Element>(_ body: (inout RecordReader) throws(Damaged) -> Element) throws(Damaged) -> [Element] {
        let count = try int()
        guard count >= 0, count <= bytes.count - position else { throw Damaged() }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try body(&self)) }
        return elements
    }
}
