/// The keys of a run of tokens for the word diff: each token's comparison bytes hashed, so that
/// the alignment compares integers and goes to the bytes only when hashes agree. It reads the
/// document's bytes, so it lives only as long as a comparison (inside `Redline.compare`).
struct TokenKeys {
    let hashes: [UInt64]
    private let tokens: ArraySlice<HTMLToken>
    private let bytes: UnsafeBufferPointer<UInt8>

    /// What every run of white space hashes to: spaces are all alike.
    private static let spaceHash: UInt64 = BlockKey.hash(UnsafeRawBufferPointer(start: nil, count: 0), from: 0x20)

    init(_ tokens: ArraySlice<HTMLToken>, in bytes: UnsafeBufferPointer<UInt8>) {
        self.tokens = tokens
        self.bytes = bytes
        hashes = tokens.map { token in
            guard let range = token.comparisonRange(in: bytes) else { return Self.spaceHash }
            return BlockKey.hash(bytes, range)
        }
    }

    /// Whether the `a`th token here and the `b`th of `other` compare equal (offsets from 0).
    func same(_ a: Int, _ other: TokenKeys, _ b: Int) -> Bool {
        guard hashes[a] == other.hashes[b] else { return false }
        let left = tokens[tokens.startIndex + a].comparisonRange(in: bytes)
        let right = other.tokens[other.tokens.startIndex + b].comparisonRange(in: other.bytes)
        switch (left, right) {
        case (nil, nil): return true
        case (let left?, let right?): return BlockKey.sameBytes(bytes, left, other.bytes, right)
        default: return false
        }
    }

    /// One key for the whole run (a list item or table row): its tokens' hashes combined.
    var combinedHash: UInt64 {
        hashes.withUnsafeBytes { BlockKey.hash($0, from: BlockKey.seed) }
    }

    /// Whether two runs have the same tokens, compared as `same` compares them.
    func sameRun(_ other: TokenKeys) -> Bool {
        hashes.count == other.hashes.count && hashes.indices.allSatisfy { same($0, other, $0) }
    }
}
