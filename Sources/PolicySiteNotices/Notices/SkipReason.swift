/// Why a registered user is not told of a version, as `skipped.csv` gives it (SPEC section 4).
package enum SkipReason: String, Sendable, CaseIterable, Codable {
    /// `notify` is `none`.
    case optedOut = "opted-out"
    /// The version is editorial and the user asked only for material changes.
    case notMaterial = "not-material"
    case unsubscribed
    case bounced
    /// The user follows other policies only.
    case otherPolicy = "other-policy"
    /// An earlier row has the same address, compared without regard to case.
    case duplicate
    /// The row has no valid address.
    case invalidEmail = "invalid-email"
    /// The row cannot be read: a wrong number of fields, or an unknown `notify` or `status`.
    case invalidRow = "invalid-row"
}
