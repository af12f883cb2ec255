import PolicySiteSupport

/// Thrown when `notify` fails: sending, `--status`, `--preview`, or the ledger.
public struct NotifyFailure: CommandFailure {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted()
    }
}
