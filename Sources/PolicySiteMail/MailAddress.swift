import PolicySiteNotices

/// An address with an optional display name, as `email.from` and `email.reply_to` give it:
/// `Sample Policies <privacy@example.com>` or `privacy@example.com`.
package struct MailAddress: Sendable, Hashable {
    /// The display name, on one line; empty when there is none.
    package var name: String
    /// The address itself, checked.
    package var address: String

    /// Parses `Name <address>` or a bare address; nil when there is no valid address.
    package init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var name = ""
        var addressText = Substring(trimmed)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            name = String(trimmed[..<open]).trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            addressText = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        }
        guard let address = EmailAddress(ArraySlice(addressText.utf8)) else { return nil }
        self.init(name: RegisteredUser.cleaned(ArraySlice(name.utf8)), address: address.text)
    }

    package init(name: String, address: String) {
        self.name = name
        self.address = address
    }

    /// The part after `@`, for Message-IDs.
    var domain: String { String(address[address.index(after: address.lastIndex(of: "@") ?? address.startIndex)...]) }
}
