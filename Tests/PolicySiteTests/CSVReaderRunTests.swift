import Foundation
@testable import PolicySiteNotices
@testable import PolicySiteSupport
import Testing

/// The CSV reader takes runs of plain bytes at once; it must read exactly what a reader going one
/// byte at a time reads, whatever the text and wherever its chunks end.
@Suite struct CSVReaderRunTests {
    /// One record as read: its line and fields.
    struct Read: Equatable {
        let line: Int
        let fields: [[UInt8]]
    }

    /// The reader's rules, one byte at a time (RFC 4180, and lenient where spreadsheets are):
    /// the oracle the fast reader is held to. Nil for a quote left open, which the reader refuses.
    static func oracle(_ text: [UInt8]) -> [Read]? {
        var records: [Read] = []
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var line = 1
        var start = 1
        var index = text.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var inQuotes = false
        var atFieldStart = true
        var any = false
        func endRecord() {
            fields.append(field)
            records.append(Read(line: start, fields: fields))
            (fields, field, atFieldStart, any) = ([], [], true, false)
        }
        while index < text.count {
            let byte = text[index]
            index += 1
            any = true
            if inQuotes {
                if byte == 0x22 {
                    if index < text.count, text[index] == 0x22 {
                        field.append(0x22)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x22 where atFieldStart:
                inQuotes = true
                atFieldStart = false
            case 0x2C:
                fields.append(field)
                field = []
                atFieldStart = true
            case 0x0A:
                line += 1
                endRecord()
                start = line
            case 0x0D:
                line += 1
                if index < text.count, text[index] == 0x0A { index += 1 }
                endRecord()
                start = line
            default:
                field.append(byte)
                atFieldStart = false
            }
        }
        if inQuotes { return nil }
        if any { endRecord() }
        return records
    }

    static func read(_ file: URL, chunkSize: Int) throws -> [Read] {
        var reader = try CSVReader(url: file, chunkSize: chunkSize)
        var record = CSVRecord()
        var records: [Read] = []
        while try reader.next(into: &record) {
            records.append(Read(line: record.line, fields: (0..<record.count).map { Array(record.field($0)) }))
        }
        return records
    }

    @Test func runsReadAsByteByByteAtEveryChunkSize() throws {
        // Texts of the bytes that mean something (comma, quote, CR, LF) among plain and non-ASCII
        // ones, from a fixed seed.
        let alphabet: [[UInt8]] = [[0x61], [0x62, 0x63, 0x64], [0x2C], [0x22], [0x0D], [0x0A], [0x0D, 0x0A], Array("é".utf8), [0x20], [0x2D]]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let folder = FileManager.default.temporaryDirectory.appending(path: "policysite-csv-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var compared = 0
        for sample in 0..<300 {
            var text: [UInt8] = sample % 7 == 0 ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<(1 + next(80)) { text += alphabet[next(alphabet.count)] }
            let file = folder.appending(path: "\(sample).csv")
            try Data(text).write(to: file)
            for chunkSize in [4, 5, 6, 7, 8, 13, 64, 1 << 16] {
                if let expected = Self.oracle(text) {
                    #expect(try Self.read(file, chunkSize: chunkSize) == expected, "sample \(sample), chunks of \(chunkSize)")
                } else {
                    #expect(throws: Diagnostics.self, "sample \(sample), chunks of \(chunkSize)") { try Self.read(file, chunkSize: chunkSize) }
                }
            }
            compared += Self.oracle(text) == nil ? 0 : 1
        }
        #expect(compared > 100, "most samples close their quotes")
    }

    @Test func aFileOfOnlyAByteOrderMarkHasNoRecords() throws {
        // It used to read past the 3 bytes filled, into the buffer's zeros and then beyond it.
        let folder = FileManager.default.temporaryDirectory.appending(path: "policysite-csv-bom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "users.csv")
        try Data([0xEF, 0xBB, 0xBF]).write(to: file)
        for chunkSize in [3, 4, 1 << 16] { #expect(try Self.read(file, chunkSize: chunkSize).isEmpty) }
        try Data([0xEF, 0xBB, 0xBF, 0x61, 0x0A]).write(to: file)
        for chunkSize in [3, 4, 1 << 16] { #expect(try Self.read(file, chunkSize: chunkSize) == [Read(line: 1, fields: [[0x61]])]) }
    }

    @Test func aLongPlainFieldAcrossManyChunksIsWhole() throws {
        let long = String(repeating: "x", count: 100_000)
        let folder = FileManager.default.temporaryDirectory.appending(path: "policysite-csv-long-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "users.csv")
        try Data("email,name\nuser@example.com,\(long)\n\"a,b\",\"\(long)\"\"\(long)\"\n".utf8).write(to: file)
        let records = try Self.read(file, chunkSize: 4096)
        #expect(records.count == 3)
        #expect(records[1].fields == [Array("user@example.com".utf8), Array(long.utf8)])
        #expect(records[2].fields == [Array("a,b".utf8), Array((long + "\"" + long).utf8)])
    }
}
