import PolicySiteSupport

/// Thrown when `build`, `check` or `notice` fails.
package struct BuildFailure: CommandFailure {
    package var diagnostics: [Diagnostic]

    package init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted()
    }
}
