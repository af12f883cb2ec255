/// Lists, tables and footnotes in a redline: aligned by item or row, not as one run of words.
extension RedlineWriter {
    /// A changed list or table: its items or rows aligned, each changed one compared by word.
    /// The container's own tags are the new version's; deleted items stand where they were.
    mutating func compareParts(_ oldParts: [ArraySlice<HTMLToken>], _ newTokens: ArraySlice<HTMLToken>, _ newParts: [ArraySlice<HTMLToken>]) {
        let (old, new) = (self.old, self.new)
        let oldWords = oldParts.map { HTMLBlock.words($0, old) }
        let newWords = newParts.map { HTMLBlock.words($0, new) }
        let oldKeys = oldParts.map { TokenKeys($0, in: old) }
        let newKeys = newParts.map { TokenKeys($0, in: new) }
        let steps = Alignment.pairedSteps(old: oldKeys.map(\.combinedHash), new: newKeys.map(\.combinedHash),
                                          same: { oldKeys[$0].sameRun(newKeys[$1]) }) { o, n in
            Alignment.alike(oldWords[o], newWords[n], threshold: Redline.pairingThreshold)
        }
        var stepIndex = 0
        var index = newTokens.startIndex
        var partIndex = 0
        while index < newTokens.endIndex {
            guard partIndex < newParts.count, index == newParts[partIndex].startIndex else {
                emit(newTokens[index...index], from: new)
                index += 1
                continue
            }
            // Everything up to and including the step that writes this new part.
            while stepIndex < steps.count {
                let step = steps[stepIndex]
                stepIndex += 1
                writePart(step, oldParts, newParts, oldWords, newWords)
                if case .deleted = step { continue }
                break
            }
            if partIndex == newParts.count - 1 {
                // Deleted parts after the last new one go right after it, inside the same parent.
                while stepIndex < steps.count {
                    writePart(steps[stepIndex], oldParts, newParts, oldWords, newWords)
                    stepIndex += 1
                }
            }
            index = newParts[partIndex].endIndex
            partIndex += 1
        }
    }

    private mutating func writePart(_ step: AlignmentStep, _ oldParts: [ArraySlice<HTMLToken>], _ newParts: [ArraySlice<HTMLToken>],
                                    _ oldWords: [[UInt64]], _ newWords: [[UInt64]]) {
        switch step {
        case .equal(_, let n):
            emit(newParts[n], from: new)
        case .inserted(let n):
            summary.wordsInserted += newWords[n].count
            emitMarked(newParts[n], from: new, as: .inserted, partClass: "ps-added")
        case .deleted(let o):
            summary.wordsDeleted += oldWords[o].count
            emitMarked(oldParts[o], from: old, as: .deleted, partClass: "ps-removed")
        case .changed(let o, let n):
            compareWords(oldParts[o], newParts[n])
        }
    }

    /// A whole part inserted or deleted: its own tags, its text marked, its first tag classed.
    private mutating func emitMarked(_ tokens: ArraySlice<HTMLToken>, from bytes: UnsafeBufferPointer<UInt8>, as kind: Mark, partClass: StaticString) {
        for (offset, token) in tokens.enumerated() {
            if token.isTag {
                setMark(.none)
                if offset == 0, token.kind == .open {
                    append(bytes, token.start..<(token.end - 1))
                    append(" class=\"")
                    append(partClass)
                    append("\">")
                } else {
                    write(token, from: bytes, renamingIDs: kind == .deleted)
                }
            } else if token.kind == .space && mark == .none {
                write(token, from: bytes)
            } else {
                setMark(kind)
                write(token, from: bytes)
            }
        }
        setMark(.none)
    }
}
