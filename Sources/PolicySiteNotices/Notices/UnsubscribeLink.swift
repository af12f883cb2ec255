/// The https unsubscribe link of `email.unsubscribe_url`, with a signed token in place of `{token}`.
package struct UnsubscribeLink: Sendable {
    /// The template's text around each `{token}`, split once.
    private let parts: [String]
    let signer: UnsubscribeToken

    /// Links made from `template` (with `{token}`), each token signed by `signer`.
    package init(template: String, signer: UnsubscribeToken) {
        parts = template.split(separator: "{token}", omittingEmptySubsequences: false).map(String.init)
        self.signer = signer
    }

    /// The links of one policy's notices.
    func forPolicy(_ policy: String) -> PolicyLinks {
        PolicyLinks(parts: parts, signer: signer.forCategory(policy))
    }

    struct PolicyLinks: Sendable {
        fileprivate let parts: [String]
        fileprivate let signer: UnsubscribeToken.CategorySigner

        func url(for user: RegisteredUser) -> String {
            parts.joined(separator: signer.sign(subject: UnsubscribeToken.subject(id: user.id, addressKey: user.address.lowercasedText)))
        }
    }
}
