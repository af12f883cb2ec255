import PolicySiteSupport

/// Where each known column of `users.csv` is, from its header row: names are matched without
/// regard to case or surrounding spaces, in any order. Other columns are never read.
struct UsersColumns: Sendable {
    static let known = ["email", "id", "name", "locale", "policies", "notify", "status", "accepted"]

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

    /// Reads the header of `file`; throws why it is unusable.
    static func read(_ header: CSVRecord, of file: CSVFile) throws(Diagnostics) -> UsersColumns {
        var positions: [String: Int] = [:]
        for index in 0..<header.count {
            let field = header.field(index)
            guard !field.contains(0), let text = String(validating: field, as: UTF8.self) else {
                throw file.badHeader("the first line is not a CSV header row of UTF-8 text")
            }
            let name = text.trimmingCharacters(in: .whitespaces).lowercased()
            guard known.contains(name) else { continue }
            guard positions[name] == nil else { throw file.badHeader("the header names the column '\(name)' twice") }
            positions[name] = index
        }
        guard let email = positions["email"] else {
            throw file.badHeader("the header row has no 'email' column; users.csv is CSV with a header row naming at least 'email' (and optionally \(known.dropFirst().map { "'\($0)'" }.joined(separator: ", ")))")
        }
        return UsersColumns(
            email: email, id: positions["id"], name: positions["name"], locale: positions["locale"],
            policies: positions["policies"], notify: positions["notify"], status: positions["status"], accepted: positions["accepted"], count: header.count
        )
    }
}
