import PolicySiteSupport

/// Where each known column of the users is, from the users file's header row or the names of a
/// query's result columns: names are matched without regard to case or surrounding spaces, in any
/// order. Other columns are never read.
package struct UsersColumns: Sendable {
    static let known = ["email", "id", "name", "locale", "policies", "notify", "status", "accepted"]

    /// Whether the column at `index` is one that is read, so that a source converts only those.
    package func isRead(_ index: Int) -> Bool {
        [email, id, name, locale, policies, notify, status, accepted].contains(index)
    }

    /// The text of what every source of users must have, for messages.
    package static var expectedColumns: String { expected }

    var email: Int
    var id: Int?
    var name: Int?
    var locale: Int?
    var policies: Int?
    var notify: Int?
    var status: Int?
    /// `privacy=1.3;terms=2019-01`: the version of each policy the user last accepted.
    var accepted: Int?
    /// How many fields every row has.
    var count: Int

    /// What every source of users must have, in words.
    static var expected: String {
        "at least 'email' (and optionally \(known.dropFirst().map { "'\($0)'" }.joined(separator: ", ")))"
    }

    /// Reads the header of `file`; throws why it is unusable.
    static func read(_ header: CSVRecord, of file: CSVFile) throws(Diagnostics) -> UsersColumns {
        var names: [String] = []
        for index in 0..<header.count {
            let field = header.field(index)
            guard !field.contains(0), let text = String(validating: field, as: UTF8.self) else {
                throw file.badHeader("the first line is not a CSV header row of UTF-8 text")
            }
            names.append(text)
        }
        return try named(names) { problem throws(Diagnostics) in
            switch problem {
            case .twice(let name): throw file.badHeader("the header names the column '\(name)' twice")
            case .noEmail: throw file.badHeader("the header row has no 'email' column; users.csv is CSV with a header row naming \(expected)")
            }
        }
    }

    /// Why a set of column names cannot be read as users.
    package enum Problem: Sendable {
        /// A known column is named twice.
        case twice(String)
        /// No column is named `email`.
        case noEmail
    }

    /// The columns of a query's result, named `names` in order; `refuse` throws a problem as
    /// its source words it.
    package static func named(_ names: [String], refuse: (Problem) throws(Diagnostics) -> Never) throws(Diagnostics) -> UsersColumns {
        var positions: [String: Int] = [:]
        for (index, given) in names.enumerated() {
            let name = given.trimmingCharacters(in: .whitespaces).lowercased()
            guard known.contains(name) else { continue }
            guard positions[name] == nil else { try refuse(.twice(name)) }
            positions[name] = index
        }
        guard let email = positions["email"] else { try refuse(.noEmail) }
        return UsersColumns(
            email: email, id: positions["id"], name: positions["name"], locale: positions["locale"],
            policies: positions["policies"], notify: positions["notify"], status: positions["status"], accepted: positions["accepted"], count: names.count
        )
    }
}
