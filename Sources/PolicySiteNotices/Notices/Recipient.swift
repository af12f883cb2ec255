/// One row of a notice's `recipients.csv`: a user to tell.
package struct Recipient: Sendable, Hashable {
    /// The row's line in `recipients.csv`, which names it in the ledger.
    package var line: Int
    package var email: String
    package var name: String
    package var locale: String
    /// The https unsubscribe link, or empty.
    package var unsubscribeURL: String
    /// The label of the version the email compares from, as `starting-versions.csv` gives it
    /// (the previous version's for most); empty when the notice has no such list, or compares
    /// with none. `RecipientVariant` settles what it means for the notice.
    package var startingVersion: String

    /// A row of `recipients.csv`, by its line in the file.
    package init(line: Int, email: String, name: String, locale: String, unsubscribeURL: String, startingVersion: String = "") {
        self.line = line
        self.startingVersion = startingVersion
        self.email = email
        self.name = name
        self.locale = locale
        self.unsubscribeURL = unsubscribeURL
    }

}
