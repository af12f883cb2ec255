import Foundation

/// The `accepted` column of the users file (SPEC section 4): `privacy=1.3;terms=2019-01`, the
/// version of each policy a user last accepted or was told of, which their email compares from.
enum AcceptedVersions {
    /// Why an `accepted` cell cannot be read, in words, without the cell's text (it may be anything).
    struct Problem: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// The version label of each policy, by the policy's lower-cased name; empty for an empty cell.
    /// A cell that is not `policy=version` pairs separated by `;` is refused whole: one bad pair
    /// may mean the others were shifted too.
    static func parse(_ field: ArraySlice<UInt8>) -> Result<[String: String], Problem> {
        if field.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            return .failure(Problem(description: "'accepted' has a control character or line break"))
        }
        let text = RegisteredUser.cleaned(field)
        var accepted: [String: String] = [:]
        for pair in text.split(separator: ";") {
            let trimmed = pair.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let policy = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            let version = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            guard parts.count == 2, !policy.isEmpty, !version.isEmpty, !version.contains("=") else {
                return .failure(Problem(description: "'accepted' must be policy=version pairs separated by ';' (such as privacy=1.3;terms=2019-01)"))
            }
            if let earlier = accepted[policy], earlier != version {
                return .failure(Problem(description: "'accepted' names two versions of '\(policy)'"))
            }
            accepted[policy] = version
        }
        return .success(accepted)
    }
}
