import PolicySiteModel

/// `build --correct <policy>/<v> --reason "..."`: the user's word that a published version was
/// changed on purpose, to be recorded in the lock instead of refused.
package struct CorrectionRequest: Sendable, Hashable {
    package var policy: String
    /// The version's label or URL segment, as typed.
    package var version: String
    package var reason: String

    /// Parses `<policy>/<v>`; nil when the text has no `/` between two non-empty parts.
    package init?(target: String, reason: String) {
        guard let slash = target.firstIndex(of: "/") else { return nil }
        let policy = String(target[..<slash])
        let version = String(target[target.index(after: slash)...]).trimmingSlashes
        guard !policy.isEmpty, !version.isEmpty else { return nil }
        self.policy = policy
        self.version = version
        self.reason = reason
    }

    /// Whether it names this version of this policy, by label or by URL segment.
    func names(_ policyID: String, _ version: VersionSource) -> Bool {
        policy == policyID && (self.version == version.label || self.version == version.segment)
    }

    var target: String { "\(policy)/\(version)" }
}

private extension String {
    var trimmingSlashes: String {
        var text = Substring(self)
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
