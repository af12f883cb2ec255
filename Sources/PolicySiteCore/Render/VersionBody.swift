import Foundation

/// Reads a version's Markdown body again from its file, at render time.
enum VersionBody {
    /// The body with its control characters removed, or nil when the file cannot be read.
    static func read(_ version: VersionSource, _ diagnostics: inout Diagnostics) -> String? {
        switch SourceText.read(version.file, displayPath: version.path) {
        case .failure(let problem):
            diagnostics.add(problem)
            return nil
        case .success(let source):
            switch FrontMatter.split(source.text, path: version.path) {
            case .failure(let problem):
                diagnostics.add(problem)
                return nil
            // Control characters are removed, with a warning from `VersionFileParser`.
            case .success(let split): return ControlCharacters.removed(from: String(split.body)).text
            }
        }
    }
}
