import PolicySiteModel

/// A site as read from its root: settings and policies, checked, ready to render.
public struct SiteSource: Sendable {
    public var paths: SitePaths
    public var config: SiteConfig
    /// The policies in index order: by `order`, then by id.
    public var policies: [PolicySource]
    /// The lock as this build writes it: what the pages show of corrections.
    public var lock: PolicyLock
}
