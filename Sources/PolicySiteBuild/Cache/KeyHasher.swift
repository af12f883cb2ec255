import Crypto
import Foundation
import PolicySiteSupport

/// SHA-256 over a sequence of fields, each with its length before it, so that no two different
/// sequences of fields hash alike ("ab" + "c" is not "a" + "bc"); nil is a field of its own.
/// Fields are gathered into a buffer and hashed a block at a time: a key covers every version of
/// a policy, and the lists' key every version of the site, and a `Data` and a hash update per
/// field made the lists' keys a tenth of a rebuild with nothing changed.
struct KeyHasher {
    private var hasher = SHA256()
    private var pending: [UInt8] = []

    mutating func add(_ field: String) {
        var field = field
        field.withUTF8 { utf8 in
            appendDecimal(utf8.count)
            pending.append(UInt8(ascii: ":"))
            pending.append(contentsOf: utf8)
        }
        if pending.count >= 1 << 16 {
            hasher.update(data: pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    mutating func add(_ field: String?) {
        if let field { add(field) } else { pending.append(UInt8(ascii: "-")) }
    }

    mutating func add(_ number: Int?) {
        add(number.map(String.init))
    }

    mutating func add(_ flag: Bool) {
        add(flag ? "1" : "0")
    }

    func finalize() -> String {
        var hasher = hasher
        hasher.update(data: pending)
        return Hex.encode(hasher.finalize())
    }

    /// A length in decimal digits, as `"\(count)"` writes it.
    private mutating func appendDecimal(_ value: Int) {
        guard value >= 10 else {
            pending.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        appendDecimal(value / 10)
        pending.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
