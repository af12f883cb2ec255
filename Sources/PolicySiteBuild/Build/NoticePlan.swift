import Foundation
import PolicySiteModel
import PolicySiteNotices
import PolicySitePostgres
import PolicySiteSupport

/// Where a build's notification lists go and what it needs to write them, settled before
/// anything is rendered, so that a missing users file or signing key stops the build first.
struct NoticePlan: Sendable {
    /// The outbox: its folder and notice folders.
    let outbox: Outbox
    /// The users file or query; nil when `policysite.yml` configures none.
    let users: (any UsersSource)?
    let unsubscribe: UnsubscribeLink?
    /// New versions whose lists this build writes.
    let toWrite: [PublishedVersions.Entry]
    /// New versions whose notice an earlier build already wrote to the outbox, and whose lock
    /// did not get saved (it was killed in between): kept as they are, never written twice.
    let kept: [PublishedVersions.Entry]

    /// The plan for the versions `toTell` (those new to the lock, and those whose notice was
    /// asked for late); nil when a problem added to `problems` is an error.
    static func make(config: SiteConfig, paths: SitePaths, output: URL, policies: [PolicySource],
                     toTell: [PublishedVersions.Entry], tokenKey: String?, isPreview: Bool = false, _ problems: inout Diagnostics) -> NoticePlan? {
        let configPath = paths.display(SiteConfig.fileName)
        let layout = Outbox(folder: paths.url(config.outbox), displayPath: paths.display(config.outbox))
        let outbox = layout.folder  // the folder, for the checks of where things lie
        let usersURL = config.usersFile.map { paths.url($0) }
        if outbox.isInside(output) || output.isInside(outbox) {
            problems.add(.error(configPath, line: config.keyLines["outbox"], "the outbox (\(config.outbox)) and the output folder must not contain each other: notification lists are private and never go on the site; set 'outbox' and the output folder ('output', or --output) to two separate folders, such as 'outbox' and 'site'"))
        }
        if let usersURL, let users = config.usersFile {
            for folder in [output, paths.policies, paths.themes, outbox] where usersURL.isInside(folder) {
                problems.add(.error(configPath, line: config.keyLines["users"], "the users file (\(users)) lies inside \(folder.lastPathComponent)/: it is private, so it must stay out of the site, its sources and the outbox"))
            }
        }
        if config.users != nil && config.email.unsubscribeURL == nil && config.email.unsubscribeMailto == nil {
            // Every notice email must offer a way to stop them (the seed policies promise one).
            problems.add(.error(configPath, line: config.keyLines["email"] ?? config.keyLines["users"],
                                   "with 'users' set, the notice emails need a way to unsubscribe: set 'email.unsubscribe_mailto' (an address that takes unsubscribe requests) or 'email.unsubscribe_url' (an https link with {token}, signed with POLICYSITE_TOKEN_KEY), or both"))
        }
        guard !problems.hasErrors else { return nil }
        if isPreview { return NoticePlan(outbox: layout, users: nil, unsubscribe: nil, toWrite: [], kept: []) }

        var toWrite: [PublishedVersions.Entry] = []
        var kept: [PublishedVersions.Entry] = []
        if config.users != nil {
            for ref in toTell {
                let policy = policies[ref.policy]
                let version = policy.versions[ref.version]
                let folder = layout.noticeFolder(policy: policy.id, segment: version.segment)
                guard FileManager.default.fileExists(atPath: folder.path) else {
                    toWrite.append(ref)
                    continue
                }
                let display = layout.display(policy: policy.id, segment: version.segment)
                let earlier: Notice
                do {
                    earlier = try NoticeFile.read(from: folder)
                } catch {
                    problems.add(.error(display, "version \(version.label) is new to \(SitePaths.lockFileName), but the outbox already has a folder for it and \(error); move that folder out of the outbox if it is stale"))
                    continue
                }
                if earlier.sha256 == version.bodySHA256 {
                    kept.append(ref)
                    problems.add(.warning(display, "an earlier build wrote this notice and did not record it in \(SitePaths.lockFileName); it is kept as it is and recorded now"))
                } else {
                    problems.add(.error(display, "version \(version.label) is new to \(SitePaths.lockFileName), but the outbox already holds a different notice for it; move that folder away if it is stale"))
                }
            }
        }

        var unsubscribe: UnsubscribeLink?
        if let template = config.email.unsubscribeURL, !toWrite.isEmpty {
            if let key = tokenKey, let signer = UnsubscribeToken(key: key) {
                unsubscribe = UnsubscribeLink(template: template, signer: signer)
            } else {
                let state = tokenKey == nil ? "is not set" : "is shorter than \(UnsubscribeToken.minimumKeyLength) bytes"
                problems.add(.error(configPath, line: config.keyLines["email"], "'email.unsubscribe_url' needs a key to sign each link: POLICYSITE_TOKEN_KEY \(state) (make one with: openssl rand -hex 32)"))
            }
        }
        let users = usersSource(config, paths: paths)
        if let users, !toWrite.isEmpty {
            users.checkHeader(&problems)
        }
        guard !problems.hasErrors else { return nil }
        return NoticePlan(outbox: layout, users: users, unsubscribe: unsubscribe, toWrite: toWrite, kept: kept)
    }

    /// Where `users` says the users are: a CSV file, or a PostgreSQL query (whose URL the
    /// settings' loader has checked).
    private static func usersSource(_ config: SiteConfig, paths: SitePaths) -> (any UsersSource)? {
        guard let users = config.users else { return nil }
        if DatabaseLocation.isDatabaseURL(users), case .success(let parsed) = DatabaseLocation.parse(users) {
            return PostgresUsers(location: parsed.location, query: config.usersQuery ?? "",
                                 configPath: paths.display(SiteConfig.fileName), configLine: config.keyLines["users"])
        }
        return UsersFile(url: paths.url(users), displayPath: paths.display(users))
    }
}
