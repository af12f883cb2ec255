import Foundation

/// What each changed block of one document came to when compared with an earlier version, kept
/// across the comparisons of that document with many earlier versions (the current version,
/// compared with each one before it). A paragraph edited once stays the same in every version
/// before the edit, so the same old block meets the same new block in many comparisons: its word
/// diff is made once and copied after that.
///
/// A changed block's redline depends only on the two blocks' bytes (the inline marks are closed
/// at its edges, and its word counts are added to the summary), so a copy is byte-identical to
/// what the diff would write again. Entries are found by the new block's index and a hash of the
/// old block's bytes, and checked byte by byte; the memo stops taking entries past a bound, so a
/// policy with thousands of large changed blocks costs time, not memory.
package struct ComparisonMemo: Sendable {
    fileprivate struct Key: Hashable {
        let newBlock: Int
        let oldHash: UInt64
    }

    fileprivate struct Entry {
        let oldBytes: [UInt8]
        let output: [UInt8]
        let wordsInserted: Int
        let wordsDeleted: Int
    }

    private var entries: [Key: [Entry]] = [:]
    /// Bytes held (old blocks and outputs), against `capacity`.
    private var size = 0
    private let capacity: Int
    /// How many changed blocks were copied rather than diffed (for tests).
    private(set) var reused = 0

    /// `capacity`: the bytes the memo may hold.
    package init(capacity: Int = 16 << 20) {
        self.capacity = capacity
    }

    /// A memo that keeps nothing, for a comparison made once.
    static var none: ComparisonMemo { ComparisonMemo(capacity: 0) }

    /// Whether the memo can hold anything: a comparison made once neither looks up nor stores.
    var isEnabled: Bool { capacity > 0 }

    /// The redline of old block `range` (of `bytes`) against the new document's block `newBlock`,
    /// with its word counts, if it was made before.
    mutating func lookup(newBlock: Int, old bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hash: UInt64)
        -> (output: [UInt8], wordsInserted: Int, wordsDeleted: Int)? {
        guard let candidates = entries[Key(newBlock: newBlock, oldHash: hash)] else { return nil }
        for entry in candidates where entry.oldBytes.count == range.count {
            let same = entry.oldBytes.withUnsafeBufferPointer { stored in
                BlockKey.sameBytes(stored, 0..<stored.count, bytes, range)
            }
            if same {
                reused += 1
                return (entry.output, entry.wordsInserted, entry.wordsDeleted)
            }
        }
        return nil
    }

    /// Keeps what old block `range` against new block `newBlock` came to, while there is room.
    mutating func store(newBlock: Int, old bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hash: UInt64,
                        output: ArraySlice<UInt8>, wordsInserted: Int, wordsDeleted: Int) {
        let cost = range.count + output.count
        guard size + cost <= capacity else { return }
        size += cost
        entries[Key(newBlock: newBlock, oldHash: hash), default: []].append(
            Entry(oldBytes: Array(UnsafeBufferPointer(rebasing: bytes[range])), output: Array(output),
                  wordsInserted: wordsInserted, wordsDeleted: wordsDeleted))
    }
}
