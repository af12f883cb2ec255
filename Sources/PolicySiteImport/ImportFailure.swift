import PolicySiteSupport

/// Thrown when `import` fails: every problem found in every document, what was found on the way
/// (so that a person sees what import read), and nothing written.
package struct ImportFailure: CommandFailure {
    package var diagnostics: [Diagnostic]
    package var notes: [ImportNote]

    /// The problems, ordered by file and line, and what import read before it stopped.
    package init(_ diagnostics: [Diagnostic], notes: [ImportNote]) {
        self.diagnostics = diagnostics.sorted()
        self.notes = notes
    }

    /// The problems alone, ordered by file and line.
    package init(_ diagnostics: [Diagnostic]) {
        self.init(diagnostics, notes: [])
    }
}
