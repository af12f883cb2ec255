import ArgumentParser
import Foundation
import PolicySiteBuild
import PolicySiteModel
import PolicySiteSupport

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
            return "Recorded in \(SitePaths.lockFileName) the notice of \(lock.lateNotices == 1 ? "1 version" : "\(lock.lateNotices) versions") that had none."
        }
        if lock.inserted > 0 && lock.recorded == 0 {
            return "Inserted \(lock.inserted == 1 ? "1 backdated version" : "\(lock.inserted) backdated versions") into \(SitePaths.lockFileName), with no notice."
        }
        let versions = lock.recorded == 1 ? "1 published version" : "\(lock.recorded) published versions"
        if lock.isBaseline { return "Recorded \(versions) in \(SitePaths.lockFileName) as the baseline; the first build sends no notices." }
        if lock.recorded == 0 { return lock.isChanged ? "Updated \(SitePaths.lockFileName); no new version." : "No new version: \(SitePaths.lockFileName) is unchanged." }
        let kept = lock.keptNotices > 0 ? " (\(lock.keptNotices) notice\(lock.keptNotices == 1 ? "" : "s") already in the outbox kept)" : ""
        let lists = lock.hasUsersFile ? "" : "; no notification list, because 'users' is not set in \(SiteConfig.fileName)"
        let inserted = lock.inserted > 0 ? "; inserted \(lock.inserted) backdated, with no notice" : ""
        let late = lock.lateNotices > 0 ? "; wrote the notice of \(lock.lateNotices) recorded version\(lock.lateNotices == 1 ? "" : "s") that had none" : ""
        return "Recorded \(versions) as new in \(SitePaths.lockFileName)\(kept)\(lists)\(inserted)\(late)."
    }

    /// Runs a command's work and reports its failure, whichever command's it is (any
    /// `CommandFailure`): every problem, then the count, and exit status 1. `nothingChanged`
    /// says so in the count's line, for commands that change nothing when they fail.
    static func catching<T>(nothingChanged: Bool = true, _ work: () throws -> T) throws -> T {
        do {
            return try work()
        } catch let failure as any CommandFailure {
            throw Report.failure(failure.diagnostics, nothingChanged: nothingChanged)
        }
    }

    static func failure(_ diagnostics: [Diagnostic], nothingChanged: Bool = true) -> ExitCode {
        print(diagnostics)
        let errors = diagnostics.filter(\.isError).count
        let trailer = nothingChanged ? "; nothing was changed" : ""
        FileHandle.standardError.write(Data("\(errors) error\(errors == 1 ? "" : "s")\(trailer)\n".utf8))
        return ExitCode.failure
    }
}
