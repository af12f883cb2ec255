@testable import PolicySiteDiff
import Testing

@Suite struct MyersTests {
    /// A small deterministic generator, so that failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private func check(_ old: [UInt64], _ new: [UInt64], maxEdits: Int = 2_000) -> Int {
        let steps = Myers.steps(old: old, new: new, maxEdits: maxEdits)
        var rebuiltOld: [UInt64] = []
        var rebuiltNew: [UInt64] = []
        var edits = 0
        for step in steps {
            switch step {
            case .equal(let o, let n):
                #expect(old[o] == new[n])
                rebuiltOld.append(old[o])
                rebuiltNew.append(new[n])
            case .deleted(let o):
                rebuiltOld.append(old[o])
                edits += 1
            case .inserted(let n):
                rebuiltNew.append(new[n])
                edits += 1
            case .changed:
                Issue.record("Myers reports no changed steps")
            }
        }
        #expect(rebuiltOld == old)
        #expect(rebuiltNew == new)
        return edits
    }

    @Test func findsAShortestEditScript() {
        var random = SplitMix(state: 42)
        for _ in 0..<400 {
            let old = (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt64.random(in: 0...5, using: &random) }
            var new = old
            for _ in 0..<Int.random(in: 0...8, using: &random) {
                if !new.isEmpty, Bool.random(using: &random) {
                    new.remove(at: Int.random(in: 0..<new.count, using: &random))
                } else {
                    new.insert(UInt64.random(in: 0...5, using: &random), at: Int.random(in: 0...new.count, using: &random))
                }
            }
            #expect(check(old, new) == new.difference(from: old).count)
        }
    }

    @Test func edgeCases() {
        #expect(check([], []) == 0)
        #expect(check([1, 2, 3], []) == 3)
        #expect(check([], [1, 2]) == 2)
        #expect(check([1, 2, 3], [1, 2, 3]) == 0)
        #expect(check([1, 2, 3], [4, 5, 6]) == 6)
    }

    @Test func givesUpBeyondTheLimitButStaysCorrect() {
        let old = (0..<500).map { UInt64($0) }
        let new = (0..<500).map { UInt64($0 % 2 == 0 ? $0 : $0 + 1_000) }
        // Past the limit: the differing middle (all but the equal first element) deleted, then inserted.
        #expect(check(old, new, maxEdits: 10) == 2 * 499)
        #expect(check(old, new) == new.difference(from: old).count)
    }
}
