import Foundation
import PolicySiteBuild
import PolicySiteSource
import PolicySiteSupport

/// `policysite publish DEST`: puts the built site where a web server serves it, so that readers
/// never see half a site. Each publish copies the site into a new release folder,
/// `DEST.releases/<UTC time>/`, then points the symbolic link `DEST` at it with one atomic
/// rename; the last few releases are kept for `--rollback`. A remote destination
/// (`user@host:/path`) gets the same layout through rsync and one command over ssh.
package enum Publisher {
    /// Copies the last build's site into a new release and serves it.
    package static func publish(_ options: PublishOptions) throws(PublishFailure) -> PublishReport {
        do {
            return try releasing(options)
        } catch {
            throw PublishFailure(error)
        }
    }

    /// Points `DEST` back at the release before the current one.
    package static func rollback(_ options: PublishOptions) throws(PublishFailure) -> String {
        do {
            if let remote = options.remote {
                return try RemotePublisher(options: options, host: remote.host, path: remote.path).rollback()
            }
            return try LocalReleases(link: localURL(options.destination)).rollback()
        } catch {
            throw PublishFailure(error)
        }
    }

    /// `publish`, its problems collected.
    private static func releasing(_ options: PublishOptions) throws(Diagnostics) -> PublishReport {
        let (site, record) = try builtSite(options)
        let release = releaseName(options.now())
        if let remote = options.remote {
            return try RemotePublisher(options: options, host: remote.host, path: remote.path).publish(site: site, release: release)
        }
        let link = localURL(options.destination)
        if link.isInside(site) {
            throw Diagnostics([.error(link.path, "this lies inside the built site (\(site.path)); publish into a folder outside it, such as /var/www/policies")])
        }
        return try LocalReleases(link: link).publish(site: site, release: release, keep: options.keep) { copy throws(Diagnostics) in
            try verify(copy, against: record, display: site.path)
        }
    }

    /// The output folder of the last build, when that build succeeded as of today (or
    /// `--allow-as-of`), no source changed since, and the folder holds exactly the files it built.
    static func builtSite(_ options: PublishOptions) throws(Diagnostics) -> (URL, LastBuild) {
        let paths = options.paths
        let recordPath = paths.display(LastBuild.path)
        guard let record = LastBuild.read(paths) else {
            throw Diagnostics([.error(recordPath, "no build to publish: run policysite build first")])
        }
        guard record.succeeded, let built = record.output else {
            throw Diagnostics([.error(recordPath, "the last build failed: fix it and build again; publish sends only a site that built")])
        }
        guard record.sources == SourceFingerprint.of(paths) else {
            throw Diagnostics([.error(recordPath, "the site is older than its sources (a file in policies/, themes/, policysite.yml or policysite.lock changed since the last build): build again, then publish")])
        }
        if !options.allowAsOf {
            let today = try AsOfDay.resolve(argument: nil, environment: options.environment, now: options.now).today
            guard record.asOf == today else {
                throw Diagnostics([.error(recordPath, "the site was built as of \(record.asOf), not today (\(today)); build again without --as-of to publish today's site, or publish with --allow-as-of to put the site as of \(record.asOf) live")])
            }
        }
        let output = URL(fileURLWithPath: built, isDirectory: true)
        guard FileManager.default.fileExists(atPath: output.appending(path: "index.html").path) else {
            throw Diagnostics([.error(built, "the built site is gone: build again, then publish")])
        }
        try verify(output, against: record, display: built)
        return (output, record)
    }

    /// Refuses a folder whose files differ from the build's manifest: a file edited, deleted or
    /// added since the build, named (the first few, then a count).
    static func verify(_ folder: URL, against record: LastBuild, display: String) throws(Diagnostics) {
        guard let recorded = record.files else {
            throw Diagnostics([.error(display, "the last build recorded no list of its files (it was made by an earlier policysite): build again, then publish")])
        }
        let found: [String: String]
        do {
            found = try SiteManifest.of(folder: folder)
        } catch {
            throw Diagnostics([.error(display, "cannot read the built site: \(FileOperationError.describe(error)); build again, then publish")])
        }
        let (edited, deleted, added) = SiteManifest.differences(recorded: recorded, found: found)
        guard edited.isEmpty && deleted.isEmpty && added.isEmpty else {
            let parts = [("changed", edited), ("deleted", deleted), ("added", added)].filter { !$0.1.isEmpty }.map { kind, names in
                let shown = names.prefix(3).joined(separator: ", ")
                let more = names.count > 3 ? " and \(names.count - 3) more" : ""
                return "\(names.count) \(kind) (\(shown)\(more))"
            }
            throw Diagnostics([.error(display, "the site is not as built: files were changed after the build: \(parts.joined(separator: "; ")); publish sends only the site as built: build again, then publish")])
        }
    }

    /// `20261122T061003Z`: releases sort by name in the order they were made.
    static func releaseName(_ date: Date) -> String {
        UTCTimestamp.compact(date)
    }

    private static func localURL(_ destination: String) -> URL {
        URL(fileURLWithPath: destination, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)).standardizedFileURL
    }
}
