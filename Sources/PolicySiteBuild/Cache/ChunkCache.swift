import Foundation
import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport
import Synchronization

/// The build's cache of rendered chunks, consulted around `ChunkRenderer` and nowhere inside it.
/// A chunk whose key (`ChunkKey`) has a whole entry, and whose every file the previous site
/// still holds unchanged, is not rendered: its files are linked from the previous site and its
/// facts and warnings come from the entry. Any other chunk is rendered as without a cache and
/// its entry written, once its versions' files are found unchanged since the build planned them.
/// The output is the same either way, byte for byte (`CacheTests`).
final class ChunkCache: Sendable {
    /// The entries' subfolder of the cache.
    static let kind = "chunks"

    let store: CacheStore
    let sink: LinkingSink
    let common: String
    /// Whether entries are replayed; when not, chunks are rendered and their entries written.
    let replays: Bool
    private let used = Mutex<Set<String>>([])
    private let counts = Mutex<(hits: Int, misses: Int)>((0, 0))

    /// Nil when the cache cannot be used (then the build renders everything).
    init?(store: CacheStore, sink: LinkingSink, theme: Theme, config: SiteConfig, asOf: CalendarDay, verbose: Bool, replays: Bool = true) {
        guard let common = ChunkKey.common(theme: theme, config: config, asOf: asOf, verbose: verbose) else { return nil }
        self.replays = replays
        self.store = store
        self.sink = sink
        self.common = common
    }

    /// The chunk's output in `language`, replayed from the cache or rendered (and then kept). An
    /// entry names its files by their paths in the site, the language's prefix included.
    func render(_ chunk: VersionChunk, _ renderer: ChunkRenderer, theme: Theme, language: SiteLanguage) -> ChunkRenderer.Output {
        let key = ChunkKey.of(chunk, timeline: renderer.timeline, policyTitle: renderer.policyTitle,
                              lock: renderer.pages.factory.lock, language: language.code, common: common)
        used.withLock { _ = $0.insert(key) }
        if replays, let record = cached(key), sink.linkAll(record.files.map { (path: $0.path, digest: $0.digest) }) {
            counts.withLock { $0.hits += 1 }
            return record.output
        }
        counts.withLock { $0.misses += 1 }
        let recording = RecordingSink(sink)
        let target: any PageSink = language.isDefault ? recording : PrefixedSink(base: recording, prefix: language.prefix)
        let output = renderer.render(chunk, writer: PageWriter(theme: theme, sink: target))
        if !output.diagnostics.hasErrors, bodiesUnchanged(chunk, renderer.timeline) {
            keep(ChunkRecord(output, files: recording.files), as: key)
        }
        return output
    }

    /// Chunks replayed and rendered so far.
    var hitsAndMisses: (hits: Int, misses: Int) { counts.withLock { $0 } }

    /// Removes the entries this build did not use, so the cache holds one site's worth: called
    /// after a build that is not a preview has put its site in place.
    func removeUnused() {
        let used = self.used.withLock { $0 }
        for key in store.keys() where !used.contains(key) {
            store.remove(key)
        }
    }

    private func cached(_ key: String) -> ChunkRecord? {
        guard let payload = store.read(key) else { return nil }
        do {
            return try JSONDecoder().decode(ChunkRecord.self, from: payload)
        } catch {
            return nil  // whole but unreadable: an entry of another layout; rendered and replaced
        }
    }

    private func keep(_ record: ChunkRecord, as key: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            store.write(key, try encoder.encode(record))
        } catch {
            return  // not kept: the next build renders the chunk again
        }
    }

    /// Whether every version file the chunk read still has the body the build planned with (the
    /// key holds the planned SHA-256): a file saved during the build is not cached under the
    /// hash of its earlier text.
    private func bodiesUnchanged(_ chunk: VersionChunk, _ timeline: PolicyTimeline) -> Bool {
        var read = Set(chunk.versions).union(timeline.comparisonTargets)
        if let first = chunk.versions.first, let before = timeline.publishedPredecessor(of: first) { read.insert(before) }
        return read.allSatisfy { VersionBody.currentSHA256(timeline.policy.versions[$0]) == timeline.policy.versions[$0].bodySHA256 }
    }
}

/// Hands pages to the `LinkingSink` and notes each file's path and SHA-256, for a chunk's entry.
final class RecordingSink: PageSink {
    private let sink: LinkingSink
    private let written = Mutex<[(path: String, digest: String)]>([])

    init(_ sink: LinkingSink) {
        self.sink = sink
    }

    func write(_ bytes: UnsafeRawBufferPointer, to relativePath: String) throws {
        let digest = try sink.writeReturningDigest(bytes, to: relativePath)
        written.withLock { $0.append((relativePath, digest)) }
    }

    var files: [(path: String, digest: String)] { written.withLock { $0 } }
}
