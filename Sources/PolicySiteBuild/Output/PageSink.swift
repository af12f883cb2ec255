import Foundation
import PolicySiteSupport

/// Where rendered files go: a folder, or nowhere (for `check`).
protocol PageSink: Sendable {
    /// Writes a file at a path relative to the output root, creating its folders.
    func write(_ bytes: UnsafeRawBufferPointer, to relativePath: String) throws
}

extension PageSink {
    func write(_ text: String, to relativePath: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0), to: relativePath) }
    }

    func write(_ data: Data, to relativePath: String) throws {
        try data.withUnsafeBytes { try write($0, to: relativePath) }
    }
}

/// Writes into a folder, normally the staging folder of a build.
///
/// Plain POSIX calls: `Data.write` syncs every file to disk, which a staging folder that is
/// renamed into place as a whole does not need, and Foundation's `createDirectory` and URL
/// arithmetic cost more than the write itself. A folder is made only when `open` finds it missing.
struct FolderSink: PageSink {
    let folder: URL
    private let root: String

    init(folder: URL) {
        self.folder = folder
        root = folder.path
    }

    func write(_ bytes: UnsafeRawBufferPointer, to relativePath: String) throws {
        let path = root + "/" + relativePath
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        var descriptor = open(path, flags, 0o644)
        if descriptor < 0, errno == ENOENT {
            try Self.makeFolder(Self.parent(of: path))
            descriptor = open(path, flags, 0o644)
        }
        guard descriptor >= 0 else { throw POSIXError(errno, path: path) }
        defer { close(descriptor) }
        if let code = DescriptorWriting.writeAll(bytes, to: descriptor) { throw POSIXError(code, path: path) }
    }

    /// `mkdir -p`: the folder, after its missing parents.
    static func makeFolder(_ path: String) throws {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT, path.contains("/") else { throw POSIXError(errno, path: path) }
        try makeFolder(parent(of: path))
        if mkdir(path, 0o755) != 0, errno != EEXIST { throw POSIXError(errno, path: path) }
    }

    static func parent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return String(path[..<slash])
    }
}

/// Renders everything and keeps nothing: `policysite check`.
struct DiscardSink: PageSink {
    func write(_ bytes: UnsafeRawBufferPointer, to relativePath: String) throws {}
}

extension POSIXError {
    init(_ code: Int32, path: String) {
        self.init(POSIXErrorCode(rawValue: code) ?? .EIO, userInfo: [NSFilePathErrorKey: path])
    }
}
