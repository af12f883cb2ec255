import PolicySiteSupport

/// Thrown when `publish` (or its `--rollback`) fails: every problem it found, ordered by file.
package struct PublishFailure: CommandFailure {
    package var diagnostics: [Diagnostic]

    package init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted()
    }
}
