import Foundation

/// A sink that writes every file under a folder of another sink: a language's pages under `de/`.
struct PrefixedSink: PageSink {
    let base: any PageSink
    /// The folder, ending in `/`.
    let prefix: String

    func write(_ bytes: UnsafeRawBufferPointer, to relativePath: String) throws {
        try base.write(bytes, to: prefix + relativePath)
    }

    /// Where `language`'s pages go in `root`: under its prefix, or at the root for the default
    /// language.
    static func pages(of language: SiteLanguage, in root: any PageSink) -> any PageSink {
        language.isDefault ? root : PrefixedSink(base: root, prefix: language.prefix)
    }
}
