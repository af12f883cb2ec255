import Foundation
import PolicySiteModel
import PolicySiteSupport

/// What rendering one chunk of versions made (`ChunkRenderer.Output`) and the files it wrote, as
/// the cache keeps it: replayed when the chunk's inputs are unchanged, with its files linked from
/// the previous site.
struct ChunkRecord: Codable, Sendable {
    struct File: Codable, Sendable {
        var path: String
        var digest: String
    }

    struct Facts: Codable, Sendable {
        var index: Int
        var title: String
        var bodySHA256: String
        var changes: ChangeSummary?
    }

    struct Problem: Codable, Sendable {
        var isError: Bool
        var path: String
        var line: Int?
        var message: String
    }

    /// What changed to a comparison target from an earlier version (`ChunkRenderer.Output.comparisons`).
    struct Comparison: Codable, Sendable {
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
