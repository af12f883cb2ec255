import Foundation

/// The default theme carried inside the binary, generated at build time from the repository's
/// `themes/default` (see Plugins/EmbedThemePlugin), so there is one copy of its source.
enum BuiltInTheme {
    /// The theme's files by path relative to the theme folder: `templates/page.mustache`, `assets/style.css`.
    static var files: [String: Data] {
        encodedFiles.compactMapValues { Data(base64Encoded: $0) }
    }
}
