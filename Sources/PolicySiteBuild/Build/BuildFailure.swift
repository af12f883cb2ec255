import PolicySiteSupport

/// Thrown when `build`, `check` or `notice` fails.
public struct BuildFailure: CommandFailure {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted()
    }
}
