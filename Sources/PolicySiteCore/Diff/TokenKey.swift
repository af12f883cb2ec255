/// A token's comparison key for the word diff: a 64-bit FNV-1a hash of its bytes, then the bytes.
/// (Comparing Substrings directly goes through Unicode normalisation checks.)
struct TokenKey: Hashable, Sendable {
    let hash: UInt64
    let text: Substring

    init(_ text: Substring) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        self.hash = hash
        self.text = text
    }

    static func == (lhs: TokenKey, rhs: TokenKey) -> Bool {
        lhs.hash == rhs.hash && lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}
