import Foundation

/// Reads a version's Markdown body again from its file, at render time.
enum VersionBody {
    static func read(_ version: VersionSource) -> Result<String, Diagnostic> {
        switch SourceText.read(version.file, displayPath: version.path) {
        case .failure(let problem):
            return .failure(problem)
        case .success(let source):
            switch FrontMatter.split(source.text, path: version.path) {
            case .failure(let problem): return .failure(problem)
            // Control characters are removed, with a warning from `VersionFileParser`.
            case .success(let split): return .success(ControlCharacters.removed(from: String(split.body)).text)
            }
        }
    }
}
