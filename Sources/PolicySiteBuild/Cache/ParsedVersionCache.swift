import Foundation
import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport
import Synchronization

/// The version files parsed by the last build, kept in the cache (one entry, `versions`), so that
/// a rebuild neither reads nor parses a file that did not change: reading, splitting, YAML and
/// hashing every version file was two fifths of a rebuild with nothing changed (200 × 50).
///
/// A file's parse is given back only to the same policysite (`EngineIdentity`: another one may
/// parse otherwise), and while the file has the identity it had just before it was read
/// (`FileIdentity`: device, inode, size, modification and status-change times; no user can set
/// the last back), one name (the loader refuses hard links, and must still see them), and
/// the same path in messages. A file whose times are within a few seconds of the build is parsed
/// and not kept: the clock of a file system ticks coarsely, and a file saved twice in one tick,
/// the second time while it was read, could keep its identity with other bytes.
/// Only a parse without errors is kept (a build with errors fails anyway).
final class ParsedVersionCache: VersionFileMemo {
    /// The cache's subfolder, and the entry's name in it.
    static let kind = "sources"
    static let key = "versions"
    /// How long ago a file must have changed for its parse to be kept, in nanoseconds.
    static let settling: Int64 = 3_000_000_000

    private struct Entry: Sendable {
        var identity: FileIdentity
        var display: String
        var version: VersionSource
        var found: [Diagnostic]
    }

    private let store: CacheStore
    private let recorded: [String: Entry]
    /// The entries parsed anew by this build, by real path.
    private let made = Mutex<[String: Entry]>([:])
    /// How many recorded entries this build used (counted, not listed: a lock per file made the
    /// loader's threads wait on each other).
    private let recalled = Atomic<Int>(0)
    private let now: Int64
    private let settling: Int64

    /// Which policysite parsed: another one (a new version) parses everything again.
    private let engine: String?

    /// `replays` false (`build --no-cache`): nothing is recalled; what is parsed is kept.
    /// `engine`: policysite's identity (`EngineIdentity`); nil keeps nothing.
    init(store: CacheStore, replays: Bool, settling: Int64 = ParsedVersionCache.settling, engine: String? = EngineIdentity.current) {
        self.store = store
        self.settling = settling
        self.engine = engine
        recorded = replays ? store.read(Self.key).flatMap { Self.decode($0, engine: engine) } ?? [:] : [:]
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        now = Int64(clock.tv_sec) * 1_000_000_000 + Int64(clock.tv_nsec)
    }

    func parsed(real: String, display: String, parse: () -> ParsedVersionFile) -> ParsedVersionFile {
        // Opened rather than looked up: on a network file system an open asks the server, where a
        // lookup may answer from a cache of attributes seconds old.
        let descriptor = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return parse() }
        var info = stat()
        let looked = fstat(descriptor, &info)
        close(descriptor)
        guard looked == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1, engine != nil else { return parse() }
        let identity = FileIdentity(info)
        if let entry = recorded[real], entry.identity == identity, entry.display == display {
            recalled.add(1, ordering: .relaxed)
            return ParsedVersionFile(version: entry.version, found: Diagnostics(entry.found))
        }
        let parsed = parse()
        if let version = parsed.version, !parsed.found.hasErrors, now - max(identity.modified, identity.changed) >= settling {
            made.withLock { $0[real] = Entry(identity: identity, display: display, version: version, found: parsed.found.all) }
        }
        return parsed
    }

    /// Writes the entry when this build parsed a file anew or did not use every recorded one:
    /// then it holds the new parses and the recorded ones whose files are still as recorded.
    func save() {
        let made = self.made.withLock { $0 }
        guard let engine, !made.isEmpty || recalled.load(ordering: .relaxed) != recorded.count else { return }
        var entries = recorded.filter { made[$0.key] == nil && FileIdentity(path: $0.key) == $0.value.identity }
        entries.merge(made) { _, new in new }
        store.write(Self.key, Self.encode(entries, engine: engine))
    }

    private static func encode(_ entries: [String: Entry], engine: String) -> Data {
        var writer = RecordWriter()
        writer.string(engine)
        writer.list(entries.sorted { $0.key < $1.key }) { writer, pair in
            let (real, entry) = pair
            writer.string(real)
            for number in [Int64(bitPattern: entry.identity.device), Int64(bitPattern: entry.identity.inode),
                           entry.identity.size, entry.identity.modified, entry.identity.changed] {
                writer.int(Int(number))
            }
            writer.string(entry.display)
            let version = entry.version
            for text in [version.path, version.file.path, version.label, version.segment, version.effective.iso,
                         version.published.iso, version.bodySHA256] {
                writer.string(text)
            }
            for text in [version.title, version.summary, version.noticeWaived] {
                writer.bool(text != nil)
                writer.string(text ?? "")
            }
            writer.bool(version.material)
            writer.int(version.bodyFirstLine)
            writer.list(version.keyLines.sorted { $0.key < $1.key }) { writer, line in
                writer.string(line.key)
                writer.int(line.value)
            }
            writer.list(entry.found) { writer, problem in
                writer.bool(problem.isError)
                writer.string(problem.path)
                writer.int(problem.line ?? -1)
                writer.string(problem.message)
            }
        }
        return writer.data
    }

    /// The entries, or nil when the record is not of this layout or another policysite's.
    private static func decode(_ data: Data, engine: String?) -> [String: Entry]? {
        var reader = RecordReader(data)
        do throws(RecordReader.Damaged) {
            guard let engine, try reader.string() == engine else { return nil }
            let pairs = try reader.list { reader throws(RecordReader.Damaged) -> (String, Entry) in
                let real = try reader.string()
                let identity = FileIdentity(device: UInt64(bitPattern: Int64(try reader.int())), inode: UInt64(bitPattern: Int64(try reader.int())),
                                            size: Int64(try reader.int()), modified: Int64(try reader.int()), changed: Int64(try reader.int()))
                let display = try reader.string()
                let path = try reader.string(), file = try reader.string(), label = try reader.string(), segment = try reader.string()
                guard let effective = CalendarDay(iso: try reader.string()), let published = CalendarDay(iso: try reader.string()) else {
                    throw RecordReader.Damaged()
                }
                let sha256 = try reader.string()
                func optional() throws(RecordReader.Damaged) -> String? {
                    let present = try reader.bool()
                    let text = try reader.string()
                    return present ? text : nil
                }
                let title = try optional(), summary = try optional(), noticeWaived = try optional()
                let material = try reader.bool()
                let bodyFirstLine = try reader.int()
                let keyLines = try reader.list { reader throws(RecordReader.Damaged) in (try reader.string(), try reader.int()) }
                let found = try reader.list { reader throws(RecordReader.Damaged) in
                    let isError = try reader.bool(), path = try reader.string(), line = try reader.int(), message = try reader.string()
                    return Diagnostic(isError ? .error : .warning, path, line: line < 0 ? nil : line, message)
                }
                var version = VersionSource(path: path, file: URL(filePath: file, directoryHint: .notDirectory), label: label, segment: segment, effective: effective,
                                            published: published, title: title, summary: summary, material: material, noticeWaived: noticeWaived,
                                            bodyFirstLine: bodyFirstLine, bodySHA256: sha256)
                version.keyLines = Dictionary(keyLines) { first, _ in first }
                return (real, Entry(identity: identity, display: display, version: version, found: found))
            }
            guard reader.isAtEnd else { return nil }
            return Dictionary(pairs) { first, _ in first }
        } catch {
            return nil
        }
    }
}
