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

    /// Plain POSIX writes: `Data.write` syncs every file to disk, which a staging folder that is
    /// renamed into place as a whole does not need, and which dominates a build of many pages.
    func write(_ bytes: Data, to relativePath: String) throws {
        let file = folder.appending(path: relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(errno, path: file.path) }
        defer { close(descriptor) }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(errno, path: file.path)
                }
                offset += written
            }
        }
    }
}

/// Renders everything and keeps nothing: `policysite check`.
struct DiscardSink: PageSink {
    func write(_ bytes: Data, to relativePath: String) throws {}
}

extension POSIXError {
    init(_ code: Int32, path: String) {
        self.init(POSIXErrorCode(rawValue: code) ?? .EIO, userInfo: [NSFilePathErrorKey: path])
    }
}
