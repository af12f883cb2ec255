/// Who is told of a version: the rules of SPEC section 4, in the order they apply. The first row
/// of an address decides for that address; later rows with it are duplicates.
enum NoticeAudience {
    /// Why `user` is not told of a version of `policy`, or nil when the user is told.
    /// `isFirstRow` says whether no earlier row had the user's address.
    static func skipReason(for user: RegisteredUser, isFirstRow: Bool, policy: String, material: Bool) -> SkipReason? {
        guard isFirstRow else { return .duplicate }
        switch user.status {
        case .unsubscribed: return .unsubscribed
        case .bounced: return .bounced
        case .active: break
        }
        if user.preference == .none { return .optedOut }
        if !user.follows(policy) { return .otherPolicy }
        if !material && user.preference != .all { return .notMaterial }
        return nil
    }
}
