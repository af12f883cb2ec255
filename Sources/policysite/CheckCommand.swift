import ArgumentParser
import Foundation
import PolicySiteBuild

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check everything that build checks, and write nothing.",
        discussion: """
        Runs build's own steps with build's options (the lock, the users file and \
        POLICYSITE_TOKEN_KEY, the output folder, every page rendered) and stops before anything is \
        written: the site, the lock and the outbox stay as they are. It fails exactly when that \
        build would fail, with the same messages.
        """
    )

    @OptionGroup var arguments: BuildArguments

    func run() throws {
        let diagnostics = SiteBuilder.check(try arguments.buildOptions())
        if diagnostics.contains(where: \.isError) { throw Report.failure(diagnostics) }
        Report.print(diagnostics)
        print("No errors.")
    }
}
