import Foundation

/// `policysite publish DEST`: puts the built site where a web server serves it, so that readers
/// never see half a site. Each publish copies the site into a new release folder,
/// `DEST.releases/<UTC time>/`, then points the symbolic link `DEST` at it with one atomic
/// rename; the last few releases are kept for `--rollback`. A remote destination
/// (`user@host:/path`) gets the same layout through rsync and one command over ssh.
public enum Publisher {
    public static func publish(_ options: PublishOptions) throws(BuildFailure) -> PublishReport {
        let site = try builtSite(options.paths)
        let release = releaseName(options.now())
        if let remote = options.remote {
            return try RemotePublisher(options: options, host: remote.host, path: remote.path).publish(site: site, release: release)
        }
        return try LocalReleases(link: localURL(options.destination)).publish(site: site, release: release, keep: options.keep)
    }

    /// Points `DEST` back at the release before the current one.
    public static func rollback(_ options: PublishOptions) throws(BuildFailure) -> String {
        if let remote = options.remote {
            return try RemotePublisher(options: options, host: remote.host, path: remote.path).rollback()
        }
        return try LocalReleases(link: localURL(options.destination)).rollback()
    }

    /// The output folder of the last build, when that build succeeded and no source changed since.
    static func builtSite(_ paths: SitePaths) throws(BuildFailure) -> URL {
        guard let record = BuildRecord.read(paths) else {
            throw BuildFailure([.error(paths.display(BuildRecord.path), "no build to publish: run policysite build first")])
        }
        guard record.succeeded, let built = record.output else {
            throw BuildFailure([.error(paths.display(BuildRecord.path), "the last build failed: fix it and build again; publish sends only a site that built")])
        }
        guard record.sources == SourceFingerprint.of(paths) else {
            throw BuildFailure([.error(paths.display(BuildRecord.path), "the site is older than its sources (a file in policies/, themes/, policysite.yml or policysite.lock changed since the last build): build again, then publish")])
        }
        let output = URL(fileURLWithPath: built, isDirectory: true)
        guard FileManager.default.fileExists(atPath: output.appending(path: "index.html").path) else {
            throw BuildFailure([.error(built, "the built site is gone: build again, then publish")])
        }
        return output
    }

    /// `20261122T061003Z`: releases sort by name in the order they were made.
    static func releaseName(_ date: Date) -> String {
        MailDate.iso(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    private static func localURL(_ destination: String) -> URL {
        URL(fileURLWithPath: destination, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)).standardizedFileURL
    }
}
