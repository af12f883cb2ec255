import Foundation
import PolicySiteSupport

/// What `serve` serves: the last site that built, and the problems of the last build, which
/// may have failed (then the last good site stays served, and the page shows the problems).
actor PreviewState {
    /// Bumped by every build, good or bad, so that open pages know to reload.
    private(set) var generation = 0
    /// The folder of the last good build, if any.
    private(set) var folder: URL?
    private(set) var problems: [Diagnostic] = []

    func update(folder: URL?, problems: [Diagnostic]) {
        generation += 1
        if let folder { self.folder = folder }
        self.problems = problems
    }

    /// `{"generation": 3, "errors": ["path:line: error: message", ...]}`, for the reload script.
    func statusJSON() -> Data {
        let errors = problems.filter(\.isError).map(\.description)
        let object: [String: Any] = ["generation": generation, "errors": errors]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}
