/// The addresses met so far in a users file, to tell each user once. It keeps a 128-bit keyed
/// hash per address (Swift's per-process random SipHash seed, twice) instead of the address: 16
/// bytes a user, where a `Set<String>` would hold the addresses themselves. Two different
/// addresses collide with a probability near n²/2¹²⁹ (about 10⁻²⁷ for a million users), and the
/// seed is unknown outside the process, so a collision cannot be arranged.
package struct AddressSet: Sendable {
    private var seen = Set<UInt128>()

    /// An empty set.
    package init() {}

    /// Adds an address key; false when it was there already.
    package mutating func insert(_ key: String) -> Bool {
        var low = Hasher()
        var high = Hasher()
        low.combine(0 as UInt8)
        high.combine(1 as UInt8)
        var key = key
        key.withUTF8 { bytes in
            low.combine(bytes: UnsafeRawBufferPointer(bytes))
            high.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        let value = UInt128(UInt64(bitPattern: Int64(high.finalize()))) << 64 | UInt128(UInt64(bitPattern: Int64(low.finalize())))
        return seen.insert(value).inserted
    }
}
