import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteSupport
import Testing

/// The order of a build's commit and what is undone when one of its parts fails.
@Suite struct StagedCommitTests {
    private final class Log {
        var steps: [String] = []
    }

    private struct Failure: Error {}

    private static func part(_ role: StagedPart.Role, _ log: Log, fails: Bool = false, undoable: Bool = true) -> StagedPart {
        StagedPart(
            role: role,
            commit: {
                if fails { throw Failure() }
                log.steps.append("commit \(role)")
            },
            undo: undoable ? { log.steps.append("undo \(role)") } : nil,
            discard: { log.steps.append("discard \(role)") },
            problem: { .error("\(role)", "cannot commit: \($0)") }
        )
    }

    @Test func partsGoInTheOrderOfTheirRolesNoticesFirst() throws {
        let log = Log()
        var staged = StagedCommit()
        staged.add(Self.part(.site, log, undoable: false))
        staged.add(Self.part(.lock, log, undoable: false))
        staged.add(Self.part(.notices, log))
        var diagnostics = Diagnostics()
        try staged.commit(&diagnostics)
        #expect(log.steps == ["commit notices", "commit site", "commit lock"])
        #expect(diagnostics.isEmpty)
    }

    @Test func aFailingSiteTakesTheNoticesBackOut() {
        let log = Log()
        var staged = StagedCommit()
        staged.add(Self.part(.site, log, fails: true, undoable: false))
        staged.add(Self.part(.notices, log))
        staged.add(Self.part(.lock, log, undoable: false))
        var diagnostics = Diagnostics()
        #expect(throws: Diagnostics.self) { try staged.commit(&diagnostics) }
        #expect(log.steps == ["commit notices", "undo notices"])
        #expect(diagnostics.errors.map(\.path) == ["site"])
        staged.discard()
        #expect(log.steps.suffix(3) == ["discard site", "discard notices", "discard lock"])
    }

    @Test func aFailingLockLeavesTheSiteAndTheNoticesInPlace() {
        let log = Log()
        var staged = StagedCommit()
        staged.add(Self.part(.site, log, undoable: false))
        staged.add(Self.part(.notices, log))
        staged.add(Self.part(.lock, log, fails: true, undoable: false))
        var diagnostics = Diagnostics()
        #expect(throws: Diagnostics.self) { try staged.commit(&diagnostics) }
        // The site cannot be undone, so the notices that belong with it stay too.
        #expect(log.steps == ["commit notices", "commit site"])
        #expect(diagnostics.errors.map(\.path) == ["lock"])
    }
}
