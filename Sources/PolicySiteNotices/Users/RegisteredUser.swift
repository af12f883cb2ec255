import Foundation

/// One row of `users.csv` (SPEC section 4), read from the known columns only.
package struct RegisteredUser: Sendable, Hashable {
    /// Which changes a user asked to be told of.
    enum Preference: String, Sendable {
        case all, material, none
    }

    /// Whether mail may go to a user at all.
    enum Status: String, Sendable {
        case active, unsubscribed, bounced
    }

    /// The 1-based CSV line the row starts on.
    var line: Int
    var address: EmailAddress
    /// The site's own identifier of the user; empty when the file has none.
    var id: String
    /// The name, on one line: control characters and line breaks become spaces.
    var name: String
    /// A BCP 47 language tag such as `en` or `pt-BR`, or empty.
    var locale: String
    /// The policies the user follows; empty means all.
    var policies: [String]
    var preference: Preference
    var status: Status
    /// The version of each policy (by its lower-cased folder name) the user last accepted or was
    /// told of, as the `accepted` column writes it; empty when the column is empty, absent or bad.
    var accepted: [String: String] = [:]
    /// Why the `accepted` cell cannot be read, when it cannot: the row is still told, with the
    /// comparison to the previous version.
    var acceptedProblem: String?

    /// A row as read: a user, or why it is skipped.
    enum Row: Sendable {
        case user(RegisteredUser)
        /// The row has no usable address; `detail` says why where that helps (never the address).
        case invalidEmail(line: Int, id: String, detail: String?)
        /// The row cannot be read as a user: a wrong number of fields, an unknown preference.
        case invalid(line: Int, id: String, problem: String)
    }

    static func read(_ record: CSVRecord, _ columns: UsersColumns) -> Row {
        let id = columns.id.map { cleaned(record.field($0)) } ?? ""
        guard record.count == columns.count else {
            return .invalid(line: record.line, id: "", problem: "the row has \(record.count) fields and the header has \(columns.count); a field with a comma, quote or line break must be in double quotes")
        }
        if let column = columns.id, record.field(column).contains(where: isControl) {
            return .invalid(line: record.line, id: "", problem: "the id has a control character or line break")
        }
        let preferenceText = columns.notify.map { cleaned(record.field($0)).lowercased() } ?? ""
        guard let preference = preferenceText.isEmpty ? .material : Preference(rawValue: preferenceText) else {
            return .invalid(line: record.line, id: id, problem: "'notify' must be all, material or none")
        }
        let statusText = columns.status.map { cleaned(record.field($0)).lowercased() } ?? ""
        guard let status = statusText.isEmpty ? .active : Status(rawValue: statusText) else {
            return .invalid(line: record.line, id: id, problem: "'status' must be active, unsubscribed or bounced")
        }
        let address: EmailAddress
        switch EmailAddress.parse(record.field(columns.email)) {
        case .success(let parsed): address = parsed
        case .failure(let refusal): return .invalidEmail(line: record.line, id: id, detail: refusal.detail)
        }
        let locale = columns.locale.map { cleaned(record.field($0)) } ?? ""
        let policies = columns.policies.map { column in
            cleaned(record.field(column)).lowercased().split(separator: ";")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } ?? []
        var user = RegisteredUser(
            line: record.line, address: address, id: id, name: columns.name.map { cleaned(record.field($0)) } ?? "",
            locale: isLanguageTag(locale) ? locale : "", policies: policies, preference: preference, status: status
        )
        if let column = columns.accepted {
            switch AcceptedVersions.parse(record.field(column)) {
            case .success(let accepted): user.accepted = accepted
            case .failure(let problem): user.acceptedProblem = problem.description
            }
        }
        return .user(user)
    }

    /// Whether the user follows a policy.
    func follows(_ policy: String) -> Bool {
        policies.isEmpty || policies.contains(policy)
    }

    /// A field as text on one line: invalid UTF-8 replaced, each run of spaces, control
    /// characters and line breaks turned into one space, trimmed.
    package static func cleaned(_ field: ArraySlice<UInt8>) -> String {
        if field.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return cleanedPrintableASCII(field) }
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in String(decoding: field, as: UTF8.self).unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                pendingSpace = !scalars.isEmpty
            } else {
                if pendingSpace { scalars.append(" ") }
                pendingSpace = false
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// `cleaned` for text of printable ASCII only, byte by byte.
    private static func cleanedPrintableASCII(_ field: ArraySlice<UInt8>) -> String {
        guard field.first == 0x20 || field.last == 0x20 || field.indices.dropFirst().contains(where: { field[$0] == 0x20 && field[$0 - 1] == 0x20 }) else {
            return String(decoding: field, as: UTF8.self)
        }
        var bytes: [UInt8] = []
        for byte in field where byte != 0x20 || (bytes.last.map { $0 != 0x20 } ?? false) { bytes.append(byte) }
        if bytes.last == 0x20 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isControl(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x7F }

    /// `en`, `pt-BR`, `zh_Hant_TW`: two to eight letters, then subtags of one to eight letters or
    /// digits, each after a dash or an underscore.
    private static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.utf8.split(omittingEmptySubsequences: false) { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }
        guard let first = parts.first, (2...8).contains(first.count), first.allSatisfy(isLetter) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { isLetter($0) || (0x30...0x39).contains($0) } }
    }
}
