import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteModel
@testable import PolicySiteSupport
import Testing

/// The cache's record layout (`RecordCoding`, `ChunkRecord`): a record reads back as it was
/// written, and bytes that are not a whole record are refused, never read as a shorter one.
@Suite struct RecordCodingTests {
    private static func record() -> ChunkRecord {
        var changes = ChangeSummary()
        changes.sectionsAdded = [ChangeSummary.Section(title: "Cookie-Dateien", anchor: "cookie-dateien")]
        changes.sectionsChanged = [ChangeSummary.Section(title: "الخصوصية", anchor: ""), ChangeSummary.Section(title: "", anchor: "a")]
        changes.wordsInserted = 1_234_567
        changes.wordsDeleted = 0
        var output = ChunkRenderer.Output()
        output.pageCount = 300
        output.facts[0] = VersionFacts(title: "Privacy ✓", bodySHA256: String(repeating: "ab", count: 32), changes: nil)
        output.facts[7] = VersionFacts(title: "", bodySHA256: "", changes: changes)
        output.comparisons[7] = [0: changes, 3: ChangeSummary()]
        output.diagnostics.add([.warning("policies/privacy/1.md", line: 12, "a warning, with \"quotes\" and a line\nfeed"),
                                .error("themes/default/templates/x.mustache", "an error at no line")])
        return ChunkRecord(output, files: [(path: "privacy/versions/1/index.html", digest: "00ff"), (path: "de/ü ß/index.html", digest: "")])
    }

    @Test func aRecordReadsBackAsItWasWritten() throws {
        let record = Self.record()
        let read = try ChunkRecord(decoding: record.encoded)
        #expect(read == record)
        #expect(read.output.facts[7]?.changes?.wordsInserted == 1_234_567)
        #expect(read.output.diagnostics.all.map(\.line) == [12, nil])
        #expect(try ChunkRecord(decoding: ChunkRecord(ChunkRenderer.Output(), files: []).encoded) == ChunkRecord(ChunkRenderer.Output(), files: []))
    }

    @Test func bytesThatAreNotAWholeRecordAreRefused() {
        let bytes = Self.record().encoded
        for length in 0..<bytes.count {
            #expect(throws: RecordReader.Damaged.self, "the first \(length) bytes") { try ChunkRecord(decoding: bytes.prefix(length)) }
        }
        #expect(throws: RecordReader.Damaged.self) { try ChunkRecord(decoding: bytes + Data([0])) }
        // A count far larger than the bytes left, and a number that never ends.
        #expect(throws: RecordReader.Damaged.self) { try ChunkRecord(decoding: Data([1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])) }
        #expect(throws: RecordReader.Damaged.self) { try ChunkRecord(decoding: Data(repeating: 0xFF, count: 20)) }
        // JSON, as the cache's first layout held.
        #expect(throws: RecordReader.Damaged.self) { try ChunkRecord(decoding: Data("{\"files\":[],\"facts\":[],\"problems\":[],\"pageCount\":0}".utf8)) }
    }
}
