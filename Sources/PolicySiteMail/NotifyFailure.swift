import PolicySiteSupport

/// Thrown when `notify` fails: sending, `--status`, `--preview`, or the ledger.
package struct NotifyFailure: CommandFailure {
    package var diagnostics: [Diagnostic]

    package init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted()
    }
}
