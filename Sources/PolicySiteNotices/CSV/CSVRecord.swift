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
