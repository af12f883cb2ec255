import ArgumentParser
import Foundation
import PolicySiteBuild
import PolicySiteModel
import PolicySiteSupport

struct NoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "Write the notice of a recorded version that got none, once, and record it in the lock.",
        discussion: """
        For a version recorded while 'users' was not set (its entry in policysite.lock says \
        "notice": "no-users-file"), inserted with build --insert, or recorded by the first build. \
        notice builds the site as build does, writes the version's notification list into the \
        outbox, and records in policysite.lock that it was written, with the day and the reason; \
        on any error nothing changes. 'policysite notify' then sends it.
        """
    )

    @OptionGroup var site: SiteOptions

    @Argument(help: ArgumentHelp("The recorded version whose notice to write.", valueName: "policy/version"))
    var target: String

    @Option(name: .long, help: ArgumentHelp("Why the notice is written now (required); recorded in policysite.lock.", valueName: "text"))
    var reason: String

    @Option(name: .long, help: ArgumentHelp("The output folder (default: 'output' in policysite.yml, else site/).", valueName: "dir"))
    var output: String?

    func validate() throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { throw ValidationError("--reason needs a text: it is recorded in \(SitePaths.lockFileName)") }
        try ReasonText.check(reason)
        if CorrectionRequest(target: target, reason: reason) == nil {
            throw ValidationError("notice takes <policy>/<version>, such as plimus/1.4; found '\(ControlCharacters.escaped(target))'")
        }
    }

    func run() throws {
        var options = try site.buildOptions(output: output)
        options.noticeRequests = CorrectionRequest(target: target, reason: reason.trimmingCharacters(in: .whitespacesAndNewlines)).map { [$0] } ?? []
        options.tokenKey = ProcessInfo.processInfo.environment["POLICYSITE_TOKEN_KEY"]
        try BuildCommand.run(options)
    }
}
