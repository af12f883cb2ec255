import Foundation
import PolicySiteNotices
import PolicySiteSupport

/// What a successful build did.
public struct BuildReport: Sendable {
    public var outputFolder: URL
    public var pageCount: Int
    public var policyCount: Int
    public var versionCount: Int
    /// Warnings: problems that did not stop the build.
    public var diagnostics: [Diagnostic]
    public var lock: LockReport
    /// The notices written to the outbox, with their counts.
    public var notices: [Notice]
    public var outbox: URL
    /// Set when the build recorded nothing because of its as-of day.
    public var preview: AsOfPreview?
    /// The SHA-256 of every file in the new site (`SiteManifest`), for the build record.
    var files: [String: String] = [:]
}
