import Foundation
@testable import PolicySitePublish
@testable import PolicySiteSupport
import Testing

@Suite struct RemotePublishTests {
    /// A remote shell that runs the command here, as ssh would on the host; for the remote
    /// command (not rsync's transport, whose standard output is its protocol) it first writes
    /// 1 MB to standard error, more than a pipe holds, then a line to standard output. A publish
    /// that reads standard output to its end before standard error leaves that write blocked:
    /// after 30 seconds the shell gives up and fails, so that the test fails instead of hanging.
    static let noisyShell = """
        #!/bin/sh
        while [ "$1" = -l ] || [ "$1" = -p ]; do shift 2; done
        shift
        case "$1" in rsync) exec sh -c "$*" ;; esac
        timeout 30 head -c 1048576 /dev/zero >&2 || exit 3
        echo "the remote command follows"
        exec sh -c "$*"
        """

    @Test func aRemoteCommandThatWritesMuchToStandardErrorDoesNotHangPublish() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01")])
        try site.build()
        try site.write("remote/noisy-rsh", Self.noisyShell)
        let shell = site.root.appending(path: "remote/noisy-rsh")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shell.path)
        let www = site.root.appending(path: "remote/www")
        let options = PublishOptions(paths: site.paths, destination: "deploy@example-host:\(www.path)", remoteShell: shell.path, allowAsOf: true)

        let report = try Publisher.publish(options)

        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: www.path) == "www.releases/\(report.release)")
        #expect(try Data(contentsOf: www.appending(path: "index.html")) == Data(contentsOf: site.root.appending(path: "site/index.html")))
    }

    @Test func aFailingPublishOrRollbackThrowsPublishFailure() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01")])
        let options = PublishOptions(paths: site.paths, destination: site.root.appending(path: "www").path)
        #expect(throws: PublishFailure.self) { try Publisher.publish(options) }
        #expect(throws: PublishFailure.self) { try Publisher.rollback(options) }
    }

    @Test func releaseNamesAreCompactUTCTimes() {
        #expect(Publisher.releaseName(Date(timeIntervalSince1970: 1_795_325_854.9)) == "20261122T053734Z")
        #expect(UTCTimestamp.iso(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }
}
