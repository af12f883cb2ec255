import PolicySiteModel

/// A site as the plan loaded it from its root: settings and policies, checked, with the lock
/// this build writes; what the renderer renders. (Not to be confused with `PolicySiteSource`, the
/// target that reads the sources.)
package struct LoadedSite: Sendable {
    /// Where the site is.
    package var paths: SitePaths
    /// Its settings, from `policysite.yml`.
    package var config: SiteConfig
    /// The policies in index order: by `order`, then by id.
    package var policies: [PolicySource]
    /// The lock as this build writes it: what the pages show of corrections.
    package var lock: PolicyLock
}
