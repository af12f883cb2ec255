import ArgumentParser
import Foundation
import PolicySitePublish
import PolicySiteSupport

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Copy the built site to a web server's document root, switching over atomically.",
        discussion: """
        DEST is a local or mounted folder (/var/www/policies) or a remote one over ssh \
        (deploy@host:/var/www/policies). Each publish copies the site into DEST.releases/<UTC time>/ \
        and then points the link DEST at it with one rename: a reader never sees half a site. The \
        last --keep releases stay, for --rollback. publish refuses a site whose last build failed, \
        whose sources changed since it was built, that was built as of another day than today \
        (unless --allow-as-of), or whose files were changed, deleted or added after the build.
        """
    )

    @OptionGroup var site: SiteOptions

    @Argument(help: ArgumentHelp("The document root: a folder path, or host:/path for rsync over ssh.", valueName: "dest"))
    var destination: String

    @Flag(name: .long, help: "Point DEST back at the release before the current one.")
    var rollback = false

    @Option(name: .long, help: ArgumentHelp("Releases to keep, the current one included (default 5).", valueName: "n"))
    var keep: Int = 5

    @Flag(name: .customLong("allow-as-of"), help: "Publish a site built as of another day than today (UTC, or SOURCE_DATE_EPOCH's day).")
    var allowAsOf = false

    @Option(name: .customLong("rsh"), help: ArgumentHelp("The remote shell for host:/path (default ssh; for example \"ssh -p 2222\").", valueName: "command"))
    var remoteShell: String = "ssh"

    func run() throws {
        let options = PublishOptions(paths: try site.buildOptions().paths, destination: destination, keep: keep, remoteShell: remoteShell,
                                     environment: ProcessInfo.processInfo.environment, allowAsOf: allowAsOf)
        if rollback {
            let release = try Report.catching { try Publisher.rollback(options) }
            print("\(ControlCharacters.escaped(destination)) now serves release \(ControlCharacters.escaped(release)).")
        } else {
            let report = try Report.catching { try Publisher.publish(options) }
            print(ControlCharacters.escaped("\(destination) now serves release \(report.release)." + (report.removed.isEmpty ? "" : " Removed old releases: \(report.removed.joined(separator: ", ")).")))
        }
    }
}
