import Foundation
import PolicySiteModel
import PolicySiteSupport

/// What rendering one chunk of versions made (`ChunkRenderer.Output`), or writing a language's
/// lists, and the files it wrote, as the cache keeps it (in `RecordCoding`'s layout): replayed
/// when its inputs are unchanged, with its files linked from the previous site.
struct ChunkRecord: Sendable, Equatable {
    struct File: Sendable, Equatable {
        var path: String
        var digest: String
    }

    struct Facts: Sendable, Equatable {
        var index: Int
        var title: String
        var bodySHA256: String
        var changes: ChangeSummary?
    }

    struct Problem: Sendable, Equatable {
        var isError: Bool
        var path: String
        var line: Int?
        var message: String
    }

    /// What changed to a comparison target from an earlier version (`ChunkRenderer.Output.comparisons`).
    struct Comparison: Sendable, Equatable {
        var target: Int
        var from: Int
        var changes: ChangeSummary
    }

    var files: [File]
    var facts: [Facts]
    var comparisons: [Comparison]
    var problems: [Problem]
    var pageCount: Int

    init(_ output: ChunkRenderer.Output, files: [(path: String, digest: String)]) {
        self.files = files.map { File(path: $0.path, digest: $0.digest) }
        facts = output.facts.sorted { $0.key < $1.key }.map {
            Facts(index: $0.key, title: $0.value.title, bodySHA256: $0.value.bodySHA256, changes: $0.value.changes)
        }
        comparisons = output.comparisons.sorted { $0.key < $1.key }.flatMap { target, summaries in
            summaries.sorted { $0.key < $1.key }.map { Comparison(target: target, from: $0.key, changes: $0.value) }
        }
        problems = output.diagnostics.all.map { Problem(isError: $0.isError, path: $0.path, line: $0.line, message: $0.message) }
        pageCount = output.pageCount
    }

    /// The record in `RecordCoding`'s layout.
    var encoded: Data {
        var writer = RecordWriter()
        writer.int(pageCount)
        writer.list(files) { writer, file in
            writer.string(file.path)
            writer.string(file.digest)
        }
        writer.list(facts) { writer, fact in
            writer.int(fact.index)
            writer.string(fact.title)
            writer.string(fact.bodySHA256)
            writer.bool(fact.changes != nil)
            if let changes = fact.changes { Self.write(changes, &writer) }
        }
        writer.list(comparisons) { writer, comparison in
            writer.int(comparison.target)
            writer.int(comparison.from)
            Self.write(comparison.changes, &writer)
        }
        writer.list(problems) { writer, problem in
            writer.bool(problem.isError)
            writer.string(problem.path)
            writer.bool(problem.line != nil)
            if let line = problem.line { writer.int(line) }
            writer.string(problem.message)
        }
        return writer.data
    }

    /// Reads a record `encoded` wrote; throws when the bytes are not one, or have more after it.
    init(decoding data: Data) throws(RecordReader.Damaged) {
        var reader = RecordReader(data)
        pageCount = try reader.int()
        files = try reader.list { reader throws(RecordReader.Damaged) in File(path: try reader.string(), digest: try reader.string()) }
        facts = try reader.list { reader throws(RecordReader.Damaged) in
            Facts(index: try reader.int(), title: try reader.string(), bodySHA256: try reader.string(),
                  changes: try reader.bool() ? try Self.readChanges(&reader) : nil)
        }
        comparisons = try reader.list { reader throws(RecordReader.Damaged) in
            Comparison(target: try reader.int(), from: try reader.int(), changes: try Self.readChanges(&reader))
        }
        problems = try reader.list { reader throws(RecordReader.Damaged) in
            Problem(isError: try reader.bool(), path: try reader.string(), line: try reader.bool() ? try reader.int() : nil,
                    message: try reader.string())
        }
        guard reader.isAtEnd else { throw RecordReader.Damaged() }
    }

    private static func write(_ changes: ChangeSummary, _ writer: inout RecordWriter) {
        for sections in [changes.sectionsAdded, changes.sectionsRemoved, changes.sectionsChanged] {
            writer.list(sections) { writer, section in
                writer.string(section.title)
                writer.string(section.anchor)
            }
        }
        writer.int(changes.wordsInserted)
        writer.int(changes.wordsDeleted)
    }

    private static func readChanges(_ reader: inout RecordReader) throws(RecordReader.Damaged) -> ChangeSummary {
        func sections(_ reader: inout RecordReader) throws(RecordReader.Damaged) -> [ChangeSummary.Section] {
            try reader.list { reader throws(RecordReader.Damaged) in ChangeSummary.Section(title: try reader.string(), anchor: try reader.string()) }
        }
        var changes = ChangeSummary()
        changes.sectionsAdded = try sections(&reader)
        changes.sectionsRemoved = try sections(&reader)
        changes.sectionsChanged = try sections(&reader)
        changes.wordsInserted = try reader.int()
        changes.wordsDeleted = try reader.int()
        return changes
    }

    /// The chunk's output as rendering gave it.
    var output: ChunkRenderer.Output {
        var output = ChunkRenderer.Output()
        output.pageCount = pageCount
        for fact in facts {
            output.facts[fact.index] = VersionFacts(title: fact.title, bodySHA256: fact.bodySHA256, changes: fact.changes)
        }
        for comparison in comparisons {
            output.comparisons[comparison.target, default: [:]][comparison.from] = comparison.changes
        }
        output.diagnostics.add(problems.map { Diagnostic($0.isError ? .error : .warning, $0.path, line: $0.line, $0.message) })
        return output
    }
}
