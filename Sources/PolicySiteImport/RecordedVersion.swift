import PolicySiteModel

/// A version of the policy as `policysite.lock` records it: import refuses a document that would
/// be that version with another text or effective day. The command line reads the lock (with the
/// build's reader) and hands these over, so that import does not depend on the build.
package struct RecordedVersion: Sendable, Hashable {
    package var label: String
    /// SHA-256 of the Markdown body, hex.
    package var sha256: String
    package var effective: CalendarDay

    package init(label: String, sha256: String, effective: CalendarDay) {
        self.label = label
        self.sha256 = sha256
        self.effective = effective
    }
}
