/// The addresses met so far in a users list, to tell each user once. It keeps a 128-bit keyed
/// hash per address (Swift's per-process random SipHash seed, twice) instead of the address. Two
/// different addresses collide with a probability near n²/2¹²⁹ (about 10⁻²⁷ for a million users),
/// and the seed is unknown outside the process, so a collision cannot be arranged.
///
/// Memory is what bounds a list of millions, so the hashes are not in a `Set<UInt128>`: that one
/// doubles its buckets (2²¹ of them, 32 MB, for a million users) and holds the old and new tables
/// at once while it grows (48 MB). Here they sit in 256 open-addressed tables (linear probing, the
/// top byte of the hash picks the table) that grow by half when seven eighths full, one table at a
/// time: 18 to 27 MB for a million, and a growth costs one table's copy, not the whole set's.
package struct AddressSet: Sendable {
    private var tables: [Table]

    /// An empty set.
    package init() {
        tables = Array(repeating: Table(), count: 256)
    }

    /// Adds an address key; false when it was there already.
    package mutating func insert(_ key: String) -> Bool {
        let hash = Self.hash(key)
        return tables[Int(truncatingIfNeeded: hash >> 120)].insert(hash)
    }

    /// The number of addresses added.
    package var count: Int { tables.reduce(0) { $0 + $1.count } }

    /// The 128-bit keyed hash of an address key, never zero (zero marks an empty slot).
    private static func hash(_ key: String) -> UInt128 {
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
        return value == 0 ? 1 : value
    }

    /// One open-addressed table of hashes; 0 is an empty slot.
    private struct Table: Sendable {
        private var slots: [UInt128] = []
        private(set) var count = 0

        mutating func insert(_ hash: UInt128) -> Bool {
            if count + 1 > slots.count - slots.count / 8 { grow() }
            var index = Self.home(of: hash, in: slots.count)
            while true {
                let slot = slots[index]
                if slot == 0 {
                    slots[index] = hash
                    count += 1
                    return true
                }
                if slot == hash { return false }
                index += 1
                if index == slots.count { index = 0 }
            }
        }

        private mutating func grow() {
            let old = slots
            slots = Array(repeating: 0, count: max(64, old.count + old.count / 2))
            for hash in old where hash != 0 {
                var index = Self.home(of: hash, in: slots.count)
                while slots[index] != 0 {
                    index += 1
                    if index == slots.count { index = 0 }
                }
                slots[index] = hash
            }
        }

        /// The first slot to try: the low 64 bits scaled to the table's size (any size, not only
        /// powers of two, so that it can grow by half).
        private static func home(of hash: UInt128, in size: Int) -> Int {
            Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: hash).multipliedFullWidth(by: UInt64(size)).high)
        }
    }
}
