/// How two sequences line up: what stayed, what went, what came, and what changed in place.
enum AlignmentStep: Sendable, Hashable {
    case equal(old: Int, new: Int)
    case deleted(old: Int)
    case inserted(new: Int)
    /// An old and a new element that are alike enough to be shown as one edited element.
    case changed(old: Int, new: Int)
}

enum Alignment {
    /// Aligns two sequences by their keys' 64-bit hashes (`Myers`), then checks every pair it
    /// found equal with `same`: a hash collision shows as a deleted and an inserted element,
    /// never as an equal one.
    static func steps(old: [UInt64], new: [UInt64], same: (Int, Int) -> Bool) -> [AlignmentStep] {
        let found = Myers.steps(old: old, new: new)
        var checked: [AlignmentStep] = []
        checked.reserveCapacity(found.count)
        for step in found {
            if case .equal(let o, let n) = step, !same(o, n) {
                checked.append(.deleted(old: o))
                checked.append(.inserted(new: n))
            } else {
                checked.append(step)
            }
        }
        return checked
    }

    /// Aligns, then within each run of deletions and insertions pairs an old element with a later
    /// new one when `alike` says so, keeping both orders: a reworded paragraph becomes one changed
    /// paragraph rather than a deleted and an inserted one.
    static func pairedSteps(old: [UInt64], new: [UInt64], same: (Int, Int) -> Bool, alike: (Int, Int) -> Bool) -> [AlignmentStep] {
        var result: [AlignmentStep] = []
        var deletions: [Int] = []
        var insertions: [Int] = []
        func flush() {
            var nextInsertion = 0
            var pendingDeletions: [Int] = []
            for old in deletions {
                guard let match = insertions[nextInsertion...].firstIndex(where: { alike(old, $0) }) else {
                    pendingDeletions.append(old)
                    continue
                }
                result += pendingDeletions.map { .deleted(old: $0) }
                result += insertions[nextInsertion..<match].map { .inserted(new: $0) }
                result.append(.changed(old: old, new: insertions[match]))
                pendingDeletions = []
                nextInsertion = match + 1
            }
            result += pendingDeletions.map { .deleted(old: $0) }
            result += insertions[nextInsertion...].map { .inserted(new: $0) }
            deletions = []
            insertions = []
        }
        for step in steps(old: old, new: new, same: same) {
            switch step {
            case .deleted(let old): deletions.append(old)
            case .inserted(let new): insertions.append(new)
            default:
                flush()
                result.append(step)
            }
        }
        flush()
        return result
    }

    /// Whether two sorted lists of word hashes are at least `threshold` alike (`similarity`). The
    /// shorter list bounds the words they can share, so lists of very different lengths are told
    /// apart without comparing them: a far earlier version pairs many blocks with many.
    static func alike(_ a: [UInt64], _ b: [UInt64], threshold: Double) -> Bool {
        guard 2 * Double(min(a.count, b.count)) >= threshold * Double(a.count + b.count) else { return false }
        return similarity(a, b) >= threshold
    }

    /// Dice similarity of two sorted lists of word hashes: twice the shared words over all words.
    static func similarity(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        var shared = 0
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return 2 * Double(shared) / Double(a.count + b.count)
    }
}
