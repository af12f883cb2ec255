import ArgumentParser
import PolicySiteBuild
import PolicySiteModel
import PolicySiteSupport

/// `--reason` of `build --correct/--insert` and `notice`: one line of text without control
/// characters, since it is recorded in the lock and shown on a page.
enum ReasonText {
    /// Refuses a reason of several lines or with a control character.
    static func check(_ reason: String) throws {
        if reason.contains(where: \.isNewline) { throw ValidationError("--reason must be one line") }
        if let found = ControlCharacters.first(in: reason) {
            throw ValidationError("--reason holds \(ControlCharacters.name(found.scalar)); it is recorded in \(SitePaths.lockFileName) and shown on a page, so write it without")
        }
    }
}
