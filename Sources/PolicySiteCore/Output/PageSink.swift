import Foundation

/// Where rendered files go: a folder, or nowhere (for `check`).
protocol PageSink: Sendable {
    /// Writes a file at a path relative to the output root, creating its folders.
    func write(_ bytes: Data, to relativePath: String) throws
}

extension PageSink {
    func write(_ text: String, to relativePath: String) throws {
        try write(Data(text.utf8), to: relativePath)
    }
}

/// Writes into a folder, normally the staging folder of a build.
struct FolderSink: PageSink {
    let folder: URL

    func write(_ bytes: Data, to relativePath: String) throws {
        let file = folder.appending(path: relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: file)
    }
}

/// Renders everything and keeps nothing: `policysite check`.
struct DiscardSink: PageSink {
    func write(_ bytes: Data, to relativePath: String) throws {}
}
