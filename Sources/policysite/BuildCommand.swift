import ArgumentParser
import Foundation
import PolicySiteBuild
import PolicySiteNotices
import PolicySiteSupport

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Check the site and render it into the output folder.",
        discussion: """
        Every published version gets its own permanent page, plus each policy's current page and \
        version history, and the index. The site is built into a folder beside the output and \
        swapped in only when everything succeeded: on any error the previous site stays whole, \
        every problem is printed as path:line: error: message, and the exit status is 1.
        """
    )

    /// Build's arguments, which `check` shares.
    @OptionGroup var arguments: BuildArguments

    func run() throws {
        try Self.run(arguments.buildOptions())
    }

    /// Builds, and prints what the build did; shared with `notice`.
    static func run(_ options: BuildOptions) throws {
        let report = try Report.catching { try SiteBuilder.build(options) }
        Report.print(report.diagnostics)
        let policies = report.policyCount == 1 ? "1 policy" : "\(report.policyCount) policies"
        let versions = report.versionCount == 1 ? "1 version" : "\(report.versionCount) versions"
        // Paths are printed with control characters escaped, as every message is (see Report).
        print("Built \(report.pageCount) files for \(policies) (\(versions)) as of \(options.asOf) into \(ControlCharacters.escaped(report.outputFolder.path))")
        print(Report.lockSummary(report))
        for notice in report.notices {
            let folder = Outbox(folder: report.outbox).noticeFolder(of: notice).path
            print("Notice for \(ControlCharacters.escaped(notice.policy)) \(ControlCharacters.escaped(notice.version)): \(notice.counts.recipients) to tell, \(notice.counts.skipped) skipped; see \(ControlCharacters.escaped(folder))")
        }
    }
}

/// The arguments of `build`, and of `check`, which plans with them exactly the build they ask for.
struct BuildArguments: ParsableArguments {
    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp("The output folder (default: 'output' in policysite.yml, else site/).", valueName: "dir"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp(
        "Record a change to a published version as a correction, shown on its page; nobody is notified. Repeatable.",
        valueName: "policy/version"))
    var correct: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Record a new version that takes effect no later than its policy's newest recorded version (a backdated version), shown on its page; nobody is notified. Repeatable.",
        valueName: "policy/version"))
    var insert: [String] = []

    @Flag(name: .long, help: "Give every warning that is otherwise summed up per file (raw HTML left out) one by one.")
    var verbose = false

    @Flag(name: .long, help: "Render every page and write every file, as if there were no cache; the cache in .policysite/cache/ is refreshed from what it made.")
    var noCache = false

    @Option(name: .long, help: ArgumentHelp("Why the versions named by --correct or --insert were changed or inserted (required with them).", valueName: "text"))
    var reason: String?

    func validate() throws {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !correct.isEmpty && reason.isEmpty { throw ValidationError("--correct needs --reason \"...\": the reason is shown on the version's page") }
        if !insert.isEmpty && reason.isEmpty { throw ValidationError("--insert needs --reason \"...\": the reason is shown on the version's page") }
        if correct.isEmpty && insert.isEmpty && self.reason != nil { throw ValidationError("--reason goes with --correct or --insert <policy>/<version>") }
        try ReasonText.check(reason)
        for (option, targets) in [("--correct", correct), ("--insert", insert)] {
            for target in targets where CorrectionRequest(target: target, reason: reason) == nil {
                throw ValidationError("\(option) takes <policy>/<version>, such as plimus/1.4; found '\(ControlCharacters.escaped(target))'")
            }
        }
    }

    /// What the build is asked to do. The signing key comes from the environment here, for both.
    func buildOptions() throws -> BuildOptions {
        var options = try site.buildOptions(output: output)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        options.corrections = correct.compactMap { CorrectionRequest(target: $0, reason: reason) }
        options.insertions = insert.compactMap { CorrectionRequest(target: $0, reason: reason) }
        options.tokenKey = ProcessInfo.processInfo.environment["POLICYSITE_TOKEN_KEY"]
        options.verbose = verbose
        options.usesCache = !noCache
        return options
    }
}
