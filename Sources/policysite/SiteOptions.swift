import ArgumentParser
import Foundation
import PolicySiteBuild
import PolicySiteModel
import PolicySiteSupport

/// Options every command that reads a site takes.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site root: the folder that holds policysite.yml.", valueName: "dir"))
    var root: String = "."

    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "The day to build as of, YYYY-MM-DD. Default: the day of SOURCE_DATE_EPOCH if set, else today (UTC).",
        valueName: "day"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("Worker threads (default: the number of cores, at least 2).", valueName: "n"))
    var jobs: Int?

    func buildOptions(output: String? = nil) throws -> BuildOptions {
        let days = try Self.days(asOf: asOf)
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let rootURL = URL(fileURLWithPath: root, isDirectory: true, relativeTo: cwd)
        let outputURL = output.map { URL(fileURLWithPath: $0, isDirectory: true, relativeTo: cwd) }
        var options = BuildOptions(paths: SitePaths(root: rootURL, displayRoot: root), asOf: days.asOf, output: outputURL, jobs: jobs)
        options.today = days.today
        return options
    }

    /// The as-of day (`--as-of`, nil for today) and today, by this process's environment and
    /// clock; a problem with either is a usage error.
    static func days(asOf: String?) throws -> AsOfDay.Days {
        do {
            return try AsOfDay.resolve(argument: asOf, environment: ProcessInfo.processInfo.environment, now: Date.init)
        } catch {
            throw ValidationError(ControlCharacters.escaped(error.description))
        }
    }
}
