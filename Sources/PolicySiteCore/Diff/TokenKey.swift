/// A token's comparison key for the word diff: a 64-bit hash of its bytes, then the bytes.
/// (Comparing Substrings directly goes through Unicode normalisation checks.)
struct TokenKey: Hashable, Sendable {
    let hash: UInt64
    let text: Substring

    init(_ text: Substring) {
        hash = BlockKey.hash(text.utf8)
        self.text = text
    }

    static func == (lhs: TokenKey, rhs: TokenKey) -> Bool {
        lhs.hash == rhs.hash && BlockKey.sameBytes(lhs.text, rhs.text)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}
