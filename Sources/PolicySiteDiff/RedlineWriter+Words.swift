/// Words in a redline: a changed block or part compared token by token.
extension RedlineWriter {
    /// A changed block or part, word by word: the new version's tags, deleted text in `<del>`,
    /// inserted text in `<ins>`; a mark is closed before every tag, so no tag is ever split.
    mutating func compareWords(_ oldTokens: ArraySlice<HTMLToken>, _ newTokens: ArraySlice<HTMLToken>) {
        // Steps count from 0; the slices keep their parent's indices.
        func oldToken(_ offset: Int) -> HTMLToken { oldTokens[oldTokens.startIndex + offset] }
        func newToken(_ offset: Int) -> HTMLToken { newTokens[newTokens.startIndex + offset] }
        let oldKeys = TokenKeys(oldTokens, in: old)
        let newKeys = TokenKeys(newTokens, in: new)
        let steps = Self.coalesced(Alignment.steps(old: oldKeys.hashes, new: newKeys.hashes, same: { oldKeys.same($0, newKeys, $1) }),
                                   joins: { newToken($0).kind == .space || newToken($0).kind == .punctuation })
        // A deleted space is written before a deleted word, inside the same <del>, or after the
        // last one when the text without the deletion needs it (`spaceFollowsChanges`).
        var deletedSpace: HTMLToken?
        /// Whether the changes from step `index` on are followed by an unchanged space (or end the
        /// block). Only then may an inserted space stand outside its `<ins>`, or a deleted space
        /// after the last deleted word be left out: either way both texts keep a space there, so
        /// that rejecting the changes gives "services." and not "services .", and "password for",
        /// not "passwordfor".
        func spaceFollowsChanges(from index: Int) -> Bool {
            var next = index
            while next < steps.count {
                switch steps[next] {
                case .inserted, .deleted: next += 1
                case .equal(_, let n), .changed(_, let n): return newToken(n).kind == .space
                }
            }
            return true
        }
        for (index, step) in steps.enumerated() {
            if case .deleted = step {} else if let space = deletedSpace {
                // A space after the last deleted word: kept inside the <del> unless one follows anyway.
                if !spaceFollowsChanges(from: index) {
                    setMark(.deleted)
                    write(space, from: old)
                }
                deletedSpace = nil
            }
            switch step {
            case .equal(_, let n), .changed(_, let n):
                setMark(.none)
                write(newToken(n), from: new)
            case .inserted(let n):
                let token = newToken(n)
                if token.isTag {
                    setMark(.none)
                    write(token, from: new)
                } else if token.kind == .space && mark == .none && spaceFollowsChanges(from: index + 1) {
                    write(token, from: new)
                } else {
                    setMark(.inserted)
                    if token.isWord { summary.wordsInserted += 1 }
                    write(token, from: new)
                }
            case .deleted(let o):
                let token = oldToken(o)
                if token.isTag { continue }
                if token.kind == .space {
                    deletedSpace = token
                    continue
                }
                setMark(.deleted)
                if let space = deletedSpace { write(space, from: old) }
                deletedSpace = nil
                if token.isWord { summary.wordsDeleted += 1 }
                write(token, from: old)
            }
        }
        setMark(.none)
    }

    /// Reads a replaced phrase as one deletion and one insertion ("<del>do not have</del><ins>expire
    /// after</ins>") rather than word by word: a space or a punctuation mark standing alone between
    /// two changes joins them, and each run of changes lists its deletions before its insertions.
    static func coalesced(_ steps: [AlignmentStep], joins: (Int) -> Bool) -> [AlignmentStep] {
        func isChange(_ step: AlignmentStep) -> Bool {
            if case .equal = step { return false }
            return true
        }
        var joined: [AlignmentStep] = []
        joined.reserveCapacity(steps.count)
        for (index, step) in steps.enumerated() {
            if case .equal(let old, let new) = step, joins(new), let previous = joined.last, isChange(previous),
               index + 1 < steps.count, isChange(steps[index + 1]) {
                joined.append(.deleted(old: old))
                joined.append(.inserted(new: new))
            } else {
                joined.append(step)
            }
        }
        var result: [AlignmentStep] = []
        result.reserveCapacity(joined.count)
        var insertions: [AlignmentStep] = []
        for step in joined {
            switch step {
            case .inserted: insertions.append(step)
            case .deleted: result.append(step)
            default:
                result += insertions
                insertions = []
                result.append(step)
            }
        }
        return result + insertions
    }
}
