import PolicySiteSupport

/// Thrown when `import` fails: every problem found in every document, what was found on the way
/// (so that a person sees what import read), and nothing written.
package struct ImportFailure: CommandFailure {
    package var diagnostics: [Diagnostic]
    package var notes: [ImportNote]

    package init(_ diagnostics: [Diagnostic], notes: [ImportNote] = []) {
        self.diagnostics = diagnostics
        self.notes = notes
    }
}
