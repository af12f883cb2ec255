/// One record of a CSV file: its fields' bytes, unquoted, and the line it starts on. A reader
/// refills one record again and again, so that reading a large file allocates nothing per row.
package struct CSVRecord: Sendable {
    /// The 1-based line of the file on which the record starts.
    var line = 0
    /// Every field's bytes, one after another.
    var bytes: [UInt8] = []
    /// The end offset in `bytes` of each field.
    var ends: [Int] = []

    /// A record of the given fields' bytes and end offsets.
    package init(bytes: [UInt8] = [], ends: [Int] = []) {
        self.bytes = bytes
        self.ends = ends
    }

    var count: Int { ends.count }

    /// Starts the record of a source that is not a CSV file (a query's row `line`), emptied.
    package mutating func start(line: Int) {
        reset(line: line)
    }

    /// Adds a field's bytes after those already in the record, copied at once (a generic
    /// `Sequence` here was not specialised for the PostgreSQL rows' module, which then copied
    /// byte by byte).
    package mutating func append(field: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: field.baseAddress?.assumingMemoryBound(to: UInt8.self), count: field.count))
        ends.append(bytes.count)
    }

    /// The bytes of field `index`; empty when the record has fewer fields.
    func field(_ index: Int) -> ArraySlice<UInt8> {
        guard index < ends.count else { return [] }
        return bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    /// A line with nothing on it.
    package var isBlank: Bool { ends.count == 1 && bytes.isEmpty }

    mutating func reset(line: Int) {
        self.line = line
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }
}
