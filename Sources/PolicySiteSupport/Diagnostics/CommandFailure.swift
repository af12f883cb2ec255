/// What a command throws when it fails: every problem it found, not only the first. Each command
/// has its own conforming type, so that a signature says which command's failure it is; each
/// holds its problems as an array ordered by file and line, made from the `Diagnostics` its
/// stages threw or from a list.
package protocol CommandFailure: Error, Sendable, CustomStringConvertible {
    /// Every problem, ordered by file and line.
    var diagnostics: [Diagnostic] { get }
    /// Orders `diagnostics` by file and line.
    init(_ diagnostics: [Diagnostic])
}

extension CommandFailure {
    /// The problems the stages collected.
    package init(_ problems: Diagnostics) {
        self.init(problems.all)
    }

    package var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
