import ArgumentParser
import Foundation
import PolicySiteCore

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
        let days: AsOfDay.Days
        switch AsOfDay.resolveDays(argument: asOf, environment: ProcessInfo.processInfo.environment, now: Date.init) {
        case .success(let resolved): days = resolved
        case .failure(let problem): throw ValidationError(ControlCharacters.escaped(problem.description))
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let rootURL = URL(fileURLWithPath: root, isDirectory: true, relativeTo: cwd)
        let outputURL = output.map { URL(fileURLWithPath: $0, isDirectory: true, relativeTo: cwd) }
        var options = BuildOptions(paths: SitePaths(root: rootURL, displayRoot: root), asOf: days.asOf, output: outputURL, jobs: jobs)
        options.today = days.today
        return options
    }
}

/// Prints problems compiler style on standard error.
enum Report {
    /// Control characters in a message (a quoted title, a file name) are printed escaped
    /// (`\u{1B}`): a crafted source cannot move the cursor or change the terminal's colours.
    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            FileHandle.standardError.write(Data((ControlCharacters.escaped(diagnostic.description) + "\n").utf8))
        }
    }

    /// One line on what the build did to the lock.
    static func lockSummary(_ report: BuildReport) -> String {
        let lock = report.lock
        if let preview = report.preview { return preview.summary + "." }
        if lock.lateNotices > 0 && lock.recorded == 0 {
            return "Recorded in \(PolicyLock.fileName) the notice of \(lock.lateNotices == 1 ? "1 version" : "\(lock.lateNotices) versions") that had none."
        }
        if lock.inserted > 0 && lock.recorded == 0 {
            return "Inserted \(lock.inserted == 1 ? "1 backdated version" : "\(lock.inserted) backdated versions") into \(PolicyLock.fileName), with no notice."
        }
        let versions = lock.recorded == 1 ? "1 published version" : "\(lock.recorded) published versions"
        if lock.isBaseline { return "Recorded \(versions) in \(PolicyLock.fileName) as the baseline; the first build sends no notices." }
        if lock.recorded == 0 { return lock.isChanged ? "Updated \(PolicyLock.fileName); no new version." : "No new version: \(PolicyLock.fileName) is unchanged." }
        let kept = lock.keptNotices > 0 ? " (\(lock.keptNotices) notice\(lock.keptNotices == 1 ? "" : "s") already in the outbox kept)" : ""
        let lists = lock.hasUsersFile ? "" : "; no notification list, because 'users' is not set in \(SiteConfig.fileName)"
        let inserted = lock.inserted > 0 ? "; inserted \(lock.inserted) backdated, with no notice" : ""
        let late = lock.lateNotices > 0 ? "; wrote the notice of \(lock.lateNotices) recorded version\(lock.lateNotices == 1 ? "" : "s") that had none" : ""
        return "Recorded \(versions) as new in \(PolicyLock.fileName)\(kept)\(lists)\(inserted)\(late)."
    }

    static func failure(_ diagnostics: [Diagnostic], nothingChanged: Bool = true) -> ExitCode {
        print(diagnostics)
        let errors = diagnostics.filter(\.isError).count
        let trailer = nothingChanged ? "; nothing was changed" : ""
        FileHandle.standardError.write(Data("\(errors) error\(errors == 1 ? "" : "s")\(trailer)\n".utf8))
        return ExitCode.failure
    }
}
