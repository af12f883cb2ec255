import Crypto
import Foundation
import PolicySiteSupport

/// SHA-256 over a sequence of fields, each with its length before it, so that no two different
/// sequences of fields hash alike ("ab" + "c" is not "a" + "bc"); nil is a field of its own.
struct KeyHasher {
    private var hasher = SHA256()

    mutating func add(_ field: String) {
        hasher.update(data: Data("\(field.utf8.count):".utf8))
        hasher.update(data: Data(field.utf8))
    }

    mutating func add(_ field: String?) {
        if let field { add(field) } else { hasher.update(data: Data("-".utf8)) }
    }

    mutating func add(_ number: Int?) {
        add(number.map(String.init))
    }

    mutating func add(_ flag: Bool) {
        add(flag ? "1" : "0")
    }

    func finalize() -> String {
        Hex.encode(hasher.finalize())
    }
}
