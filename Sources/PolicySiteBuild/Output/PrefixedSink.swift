import Foundation

/// A sink that writes every file under a folder of another sink: a language's pages under `de/`.
struct PrefixedSink: PageSink {
    let base: any PageSink
    /// The folder, ending in `/`.
    let prefix: String

    func write(_ bytes: UnsafeRawBufferPointer, to relativePath: String) throws {
        try base.write(bytes, to: prefix + relativePath)
    }
}
