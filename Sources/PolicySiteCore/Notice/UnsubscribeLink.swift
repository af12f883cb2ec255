/// The https unsubscribe link of `email.unsubscribe_url`, with a signed token in place of `{token}`.
struct UnsubscribeLink: Sendable {
    let template: String
    let signer: UnsubscribeToken

    func url(for user: RegisteredUser, policy: String) -> String {
        let token = signer.sign(subject: UnsubscribeToken.subject(id: user.id, addressKey: user.address.key), category: policy)
        return template.replacingOccurrences(of: "{token}", with: token)
    }
}
