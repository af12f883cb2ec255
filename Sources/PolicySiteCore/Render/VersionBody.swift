import Foundation

/// Reads a version's Markdown body again from its file, at render time.
enum VersionBody {
    static func read(_ version: VersionSource) -> Result<String, Diagnostic> {
        var diagnostics = Diagnostics()
        if let source = SourceText.read(version.file, displayPath: version.path, &diagnostics),
           let split = FrontMatter.split(source.text, path: version.path, &diagnostics) {
            // Control characters are removed, with a warning from `VersionFileParser`.
            return .success(ControlCharacters.removed(from: String(split.body)).text)
        }
        return .failure(diagnostics.all.first ?? .error(version.path, "cannot read the file"))
    }
}
