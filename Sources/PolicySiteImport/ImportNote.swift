/// One thing import found or guessed in a document, printed line by line (`path:line: ...`), so
/// that a person can check each guess against the original.
package struct ImportNote: Sendable, Hashable, CustomStringConvertible {
    /// The input as named on the command line (for `--git`, `FILE@commit`).
    package var path: String
    package var line: Int?
    package var message: String

    package init(_ path: String, line: Int? = nil, _ message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    package var description: String {
        "\(line.map { "\(path):\($0)" } ?? path): \(message)"
    }
}
