/// A token's comparison key for the word diff: a 64-bit FNV-1a hash of its bytes, then the bytes.
/// (Comparing Substrings directly goes through Unicode normalisation checks.)
struct TokenKey: Hashable, Sendable {
    let hash: UInt64
    let text: Substring

    init(_ text: Substring) {
        hash = BlockKey.fnv1a(text.utf8)
        self.text = text
    }

    static func == (lhs: TokenKey, rhs: TokenKey) -> Bool {
        lhs.hash == rhs.hash && lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}
