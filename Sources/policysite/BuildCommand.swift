import ArgumentParser
import Foundation
import PolicySiteCore

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

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp("The output folder (default: 'output' in policysite.yml, else site/).", valueName: "dir"))
    var output: String?

    func run() throws {
        let options = try site.buildOptions(output: output)
        do {
            let report = try SiteBuilder.build(options)
            Report.print(report.diagnostics)
            let policies = report.policyCount == 1 ? "1 policy" : "\(report.policyCount) policies"
            let versions = report.versionCount == 1 ? "1 version" : "\(report.versionCount) versions"
            print("Built \(report.pageCount) files for \(policies) (\(versions)) as of \(options.asOf) into \(report.outputFolder.path)")
        } catch {
            throw Report.failure(error.diagnostics)
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check everything that build checks, and write nothing."
    )

    @OptionGroup var site: SiteOptions

    func run() throws {
        let diagnostics = SiteBuilder.check(try site.buildOptions())
        if diagnostics.contains(where: \.isError) { throw Report.failure(diagnostics) }
        Report.print(diagnostics)
        print("No errors.")
    }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new site that builds at once with the built-in default theme."
    )

    @Argument(help: ArgumentHelp("The folder for the new site; created if missing.", valueName: "dir"))
    var folder: String

    func run() throws {
        let today: CalendarDay
        switch AsOfDay.resolve(argument: nil, environment: ProcessInfo.processInfo.environment, now: Date.init) {
        case .success(let day): today = day
        case .failure(let problem): throw ValidationError(problem.description)
        }
        do {
            try SiteScaffold.create(at: URL(fileURLWithPath: folder, isDirectory: true), today: today)
        } catch {
            throw Report.failure([error])
        }
        print("Created a site in \(folder). Build it with: policysite build --root \(folder)")
    }
}
