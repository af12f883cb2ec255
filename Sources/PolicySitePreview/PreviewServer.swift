import FlyingFox
import Foundation
import PolicySiteBuild
import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport

/// `policysite serve`: builds the site as a preview (nothing is recorded: not the lock, not the
/// outbox) into a temporary folder, serves it on 127.0.0.1 under its `base_url` path, rebuilds
/// when a source or theme file changes, and makes open pages reload. When a build fails, its
/// problems go to the terminal and onto the page, and the last good site stays served.
package struct PreviewServer: Sendable {
    package let options: BuildOptions
    package let port: UInt16
    /// Where to say what happened: builds, problems, the address.
    package let log: @Sendable (String) -> Void

    package init(options: BuildOptions, port: UInt16, log: @escaping @Sendable (String) -> Void) {
        var options = options
        options.isPreview = true
        options.takesBuildLock = false  // it builds into a folder of its own
        self.options = options
        self.port = port
        self.log = log
    }

    static let statusPath = "__policysite/status"

    /// Serves until the task is cancelled or the server fails.
    package func run() async throws {
        let workspace = try Self.makeWorkspace()
        let signals = Self.removeOnSignal(workspace)
        let site = workspace.appending(path: "site")
        let options = Self.options(self.options, building: site, in: workspace)
        defer {
            signals.forEach { $0.cancel() }
            try? FileManager.default.removeItem(at: workspace)
            BuildCaching.forget(output: site, paths: options.paths)
        }
        let state = PreviewState()
        let rootPath = await build(options, state: state)

        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), logger: .disabled)
        await server.appendRoute("GET,HEAD *", to: PreviewHandler(state: state, rootPath: rootPath))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask {
                try await server.waitUntilListening()
                log("Serving on http://127.0.0.1:\(port)\(rootPath) (Ctrl-C to stop). Watching policysite.yml, policies/ and themes/.")
                try await watch(options, state: state)
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// The options of every build of this preview: into `site` in the workspace, with the site
    /// root's cache if it has one, else one in the workspace (a preview makes nothing in the site
    /// root, and without a cache every rebuild would render the whole site again).
    static func options(_ options: BuildOptions, building site: URL, in workspace: URL) -> BuildOptions {
        var preview = options
        preview.output = site
        preview.cacheFolder = workspace.appending(path: "cache")
        return preview
    }

    static let workspacePrefix = "policysite-preview-"

    /// A new private folder (`mkdtemp`, mode 0700) in the temporary folder,
    /// `policysite-preview-<pid>-XXXXXX`, after removing those of previews that were killed.
    static func makeWorkspace() throws(Diagnostics) -> URL {
        let temporary = FileManager.default.temporaryDirectory
        Leftovers.removeStale(in: temporary, prefix: workspacePrefix)
        var template = Array(temporary.appending(path: "\(workspacePrefix)\(getpid())-XXXXXX").path.utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else {
            let reason = SystemError.phrase(errno)
            throw Diagnostics([.error(temporary.path, "cannot create the preview's folder: \(reason); set TMPDIR to a folder you can write to")])
        }
        return URL(fileURLWithPath: String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self), isDirectory: true)
    }

    /// On SIGINT (Ctrl-C) and SIGTERM, removes the preview's folder before exiting as the signal
    /// would (status 128 + its number): the preview holds a whole site, and nothing else would.
    private static func removeOnSignal(_ workspace: URL) -> [any DispatchSourceSignal] {
        let path = workspace.path
        return [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                try? FileManager.default.removeItem(atPath: path)
                // A build may have been writing into it meanwhile.
                try? FileManager.default.removeItem(atPath: path)
                exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    /// How often the sources are looked at: each look reads the state of every source file, so
    /// it stays at what it was until `bench/serve_reload.py` measures what a shorter one buys on
    /// a large site against what it costs an idle `serve`.
    static let watchInterval = Duration.milliseconds(400)

    /// Rebuilds whenever the sources' fingerprint changes.
    private func watch(_ options: BuildOptions, state: PreviewState) async throws {
        var fingerprint = SourceFingerprint.of(options.paths)
        while !Task.isCancelled {
            try await Task.sleep(for: Self.watchInterval)
            let now = SourceFingerprint.of(options.paths)
            guard now != fingerprint else { continue }
            fingerprint = now
            _ = await build(options, state: state)
        }
    }

    /// Builds once, off the cooperative pool (a build is CPU work and blocking I/O); returns the
    /// site's root path on the host (`/`, or `/legal/` for a base_url with a path).
    private func build(_ options: BuildOptions, state: PreviewState) async -> String {
        let started = Date()
        let outcome: Result<BuildReport, BuildFailure> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: Result { () throws(BuildFailure) in try SiteBuilder.build(options) })
            }
        }
        let rootPath = Self.rootPath(options.paths)
        switch outcome {
        case .success(let report):
            await state.update(folder: options.output, problems: report.diagnostics)
            report.diagnostics.forEach { log($0.description) }
            log(String(format: "Built %d files in %.2f s.", report.pageCount, Date().timeIntervalSince(started)))
        case .failure(let failure):
            await state.update(folder: nil, problems: failure.diagnostics)
            failure.diagnostics.forEach { log($0.description) }
            log("The build failed; the last good site stays served.")
        }
        return rootPath
    }

    /// The path of `base_url`, where the site is served; `/` when the settings cannot be read.
    static func rootPath(_ paths: SitePaths) -> String {
        SiteConfig.load(paths).flatMap { URLComponents(string: $0.baseURL)?.path } ?? "/"
    }
}
