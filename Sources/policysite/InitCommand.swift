import ArgumentParser
import Foundation
import PolicySiteBuild
import PolicySiteSupport

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new site that builds at once with the built-in default theme."
    )

    @Argument(help: ArgumentHelp("The folder for the new site; created if missing.", valueName: "dir"))
    var folder: String

    func run() throws {
        let today = try SiteOptions.days(asOf: nil).today
        do {
            try SiteScaffold.create(at: URL(fileURLWithPath: folder, isDirectory: true), today: today)
        } catch {
            throw Report.failure(error.all)
        }
        let shown = ControlCharacters.escaped(folder)
        print("Created a site in \(shown). Build it with: policysite build --root \(shown)")
    }
}
