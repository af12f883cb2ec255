@testable import PolicySiteNotices
import Testing

/// The set that tells each user once (`AddressSet`): through every growth of its tables, it
/// answers as a `Set<String>` of the same keys would.
@Suite struct AddressSetTests {
    @Test func itAnswersAsASetOfTheAddressesWouldThroughEveryGrowth() {
        var set = AddressSet()
        var oracle = Set<String>()
        // 300,000 rows of 200,000 addresses, each met once, twice or three times, in an order
        // that mixes first and later meetings (7 and 200,000 are coprime: every address comes up).
        for row in 0..<300_000 {
            let key = "user\((row * 7) % 200_000)@example.com"
            let isNew = set.insert(key)
            #expect(isNew == oracle.insert(key).inserted, "row \(row): \(key)")
        }
        #expect(set.count == 200_000 && oracle.count == 200_000)
        for number in stride(from: 0, to: 200_000, by: 997) {
            let isNew = set.insert("user\(number)@example.com")
            #expect(!isNew, "an address met already is not new")
        }
        let someoneElse = set.insert("someone-else@example.com")
        #expect(someoneElse && set.count == 200_001)
    }

    @Test func keysThatDifferOnlyInCaseOrAByteAreDifferentAddresses() {
        // The set compares keys as given; making `Ada@Example.com` and `ada@example.com` one key is
        // `EmailAddress.key`'s work.
        var set = AddressSet()
        let inserted = ["ada@example.com", "Ada@example.com", "ada@example.co", "", "ada@example.com", ""].map { set.insert($0) }
        #expect(inserted == [true, true, true, true, false, false])
        #expect(set.count == 4)
    }
}
