import Foundation
import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport
import Synchronization

/// The build's cache of rendered chunks, consulted around `ChunkRenderer` and nowhere inside it,
/// of each policy's history page and feed, replayed the same way when the policy did not change,
/// and of each language's site-wide lists (index, site feed, `policies.json`, sitemap), replayed
/// when no policy of the language changed.
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
    private let counts = Mutex<[Piece: Tally]>([:])
    /// Set when a rendered chunk found a version file changed since the build planned it: then no
    /// lists are kept, since their key holds the planned hashes and their facts came from the new text.
    private let sawChangedBody = Atomic<Bool>(false)

    /// Entries replayed and pieces rendered.
    struct Tally: Sendable, Equatable {
        var replayed = 0
        var rendered = 0
    }

    /// What an entry holds.
    private enum Piece {
        case chunk, history, lists
    }

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
        return replayOrMake(key, .chunk) { recording in
            let output = renderer.render(chunk, writer: PageWriter(theme: theme, sink: PrefixedSink.pages(of: language, in: recording)))
            let unchanged = bodiesUnchanged(chunk, renderer.timeline)
            if !unchanged { sawChangedBody.store(true, ordering: .relaxed) }
            return (output, unchanged)
        }
    }

    /// The key of one policy's history page and feed in `language` (`ChunkKey.history`).
    func historyKey(_ timeline: PolicyTimeline, title: String, lock: PolicyLock, language: SiteLanguage) -> String {
        ChunkKey.history(timeline, policyTitle: title, lock: lock, language: language.code, common: common)
    }

    /// One policy's history page and feed, replayed from the cache or written by `write`, as a
    /// language's lists are.
    func history(key: String, write: (any PageSink) -> ChunkRenderer.Output) -> ChunkRenderer.Output {
        replayOrMake(key, .history) { recording in (write(recording), !sawChangedBody.load(ordering: .relaxed)) }
    }

    /// The key of one language's site-wide lists (`ChunkKey.lists`).
    func listsKey(_ timelines: [PolicyTimeline], titles: [String], lock: PolicyLock, language: SiteLanguage, earlier: [String]?) -> String {
        ChunkKey.lists(timelines, titles: titles, lock: lock, language: language.code, earlier: earlier, common: common)
    }

    /// One language's site-wide lists, replayed from the cache or written by `write` into the sink it is
    /// given (the site's root: `write` adds the language's prefix) and then kept, unless a chunk
    /// found a version file changed during the build.
    func lists(key: String, write: (any PageSink) -> ChunkRenderer.Output) -> ChunkRenderer.Output {
        replayOrMake(key, .lists) { recording in (write(recording), !sawChangedBody.load(ordering: .relaxed)) }
    }

    /// Chunks replayed and rendered so far.
    var chunkTally: Tally { counts.withLock { $0[.chunk] ?? Tally() } }
    /// Policies' histories and feeds replayed and written so far.
    var historyTally: Tally { counts.withLock { $0[.history] ?? Tally() } }
    /// Languages' site-wide lists replayed and written so far.
    var listsTally: Tally { counts.withLock { $0[.lists] ?? Tally() } }

    /// The entry of `key` replayed, its files linked from the previous site; or, when it is not
    /// whole or a file of it is not there unchanged, `make`'s output, written through a sink that
    /// notes the files, and kept when it has no error and `make` says it may be.
    private func replayOrMake(_ key: String, _ piece: Piece,
                              make: (RecordingSink) -> (output: ChunkRenderer.Output, keeps: Bool)) -> ChunkRenderer.Output {
        used.withLock { _ = $0.insert(key) }
        if replays, let record = cached(key), sink.linkAll(record.files.map { (path: $0.path, digest: $0.digest) }) {
            counts.withLock { $0[piece, default: Tally()].replayed += 1 }
            return record.output
        }
        counts.withLock { $0[piece, default: Tally()].rendered += 1 }
        let recording = RecordingSink(sink)
        let made = make(recording)
        if !made.output.diagnostics.hasErrors, made.keeps {
            keep(ChunkRecord(made.output, files: recording.files), as: key)
        }
        return made.output
    }

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
            return try ChunkRecord(decoding: payload)
        } catch {
            return nil  // whole but unreadable: an entry of another layout; rendered and replaced
        }
    }

    private func keep(_ record: ChunkRecord, as key: String) {
        store.write(key, record.encoded)
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
