/// The greedy O((N+M)·D) shortest-edit-script algorithm (E. W. Myers, "An O(ND) Difference
/// Algorithm and Its Variations", 1986) over 64-bit keys, after trimming the common prefix and
/// suffix. Used instead of the standard library's `CollectionDifference`, whose generic,
/// validating implementation was the largest cost of a build with changes pages.
enum Myers {
    /// The steps that turn `old` into `new`: equal, deleted and inserted elements, in order.
    /// Beyond `maxEdits` edits it gives up on finding the shortest script and reports the
    /// differing middle as all deleted, then all inserted: correct, and bounded in time and memory.
    static func steps(old: [UInt64], new: [UInt64], maxEdits: Int = 2_000) -> [AlignmentStep] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }

        var steps: [AlignmentStep] = []
        steps.reserveCapacity(max(old.count, new.count) + 8)
        for index in 0..<prefix { steps.append(.equal(old: index, new: index)) }
        let a = old[prefix..<(old.count - suffix)]
        let b = new[prefix..<(new.count - suffix)]
        steps += middle(a, b, offsetOld: prefix, offsetNew: prefix, maxEdits: maxEdits)
        for index in 0..<suffix { steps.append(.equal(old: old.count - suffix + index, new: new.count - suffix + index)) }
        return steps
    }

    private static func middle(_ a: ArraySlice<UInt64>, _ b: ArraySlice<UInt64>, offsetOld: Int, offsetNew: Int, maxEdits: Int) -> [AlignmentStep] {
        let n = a.count
        let m = b.count
        if n == 0 || m == 0 {
            return (0..<n).map { .deleted(old: offsetOld + $0) } + (0..<m).map { .inserted(new: offsetNew + $0) }
        }
        let a = Array(a)
        let b = Array(b)
        let limit = min(n + m, maxEdits)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var found = false
        outer: for d in 0...limit {
            // Only diagonals -d-1...d+1 are read back for this round: keeping the whole frontier
            // made the trace quadratic in the texts' length rather than in the number of edits.
            trace.append(Array(v[(offset - d - 1)...(offset + d + 1)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m {
                    found = true
                    break outer
                }
            }
        }
        guard found else {
            return (0..<n).map { .deleted(old: offsetOld + $0) } + (0..<m).map { .inserted(new: offsetNew + $0) }
        }
        // Walk back from the end through the saved frontiers.
        var reversed: [AlignmentStep] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let shift = d + 1  // v[shift + k] is diagonal k
            let k = x - y
            let previousK: Int
            if d == 0 {
                previousK = 0
            } else {
                previousK = (k == -d || (k != d && v[shift + k - 1] < v[shift + k + 1])) ? k + 1 : k - 1
            }
            let previousX = d == 0 ? 0 : v[shift + previousK]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                reversed.append(.equal(old: offsetOld + x, new: offsetNew + y))
            }
            if d > 0 {
                if previousK == k + 1 {
                    reversed.append(.inserted(new: offsetNew + previousY))
                } else {
                    reversed.append(.deleted(old: offsetOld + previousX))
                }
                x = previousX
                y = previousY
            }
        }
        return reversed.reversed()
    }
}
