import PolicySiteSupport

/// Thrown when `publish` (or its `--rollback`) fails: every problem it found, ordered by file.
public struct PublishFailure: CommandFailure {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted()
    }
}
