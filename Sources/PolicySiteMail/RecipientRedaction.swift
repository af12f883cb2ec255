import Foundation

/// What a mail program said about a message, made safe to keep in the ledger and to print: the
/// program may quote the recipient in any form (the address in another case, its domain in
/// Unicode or `xn--` form, a quoted local part, `%40` for `@`, the local part alone, the name),
/// and none of it may reach the terminal. Rather than chase every spelling of the address, every
/// word that holds an `@` (or `%40`) goes, and so do the local part and the words of the name.
package enum RecipientRedaction {
    static let placeholder = "<recipient>"

    /// `text` without the recipient's address or name.
    package static func redacting(address: String, name: String, in text: String) -> String {
        guard !text.isEmpty else { return text }
        var result = ""
        var current = Substring()
        func flushWord() {
            let looksLikeAddress = current.contains("@") || current.range(of: "%40", options: .caseInsensitive) != nil
            result += looksLikeAddress ? placeholder : String(current)
            current = Substring()
        }
        var start = text.startIndex
        for index in text.indices where text[index].isWhitespace {
            current = text[start..<index]
            flushWord()
            result.append(text[index])
            start = text.index(after: index)
        }
        current = text[start...]
        flushWord()

        // The local part and the name's words, wherever they stand; short ones (under three
        // letters) would take parts of ordinary words and say little of anyone.
        var secrets: [String] = []
        if let at = address.lastIndex(of: "@") {
            secrets.append(String(address[..<at]).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }
        secrets.append(name)
        secrets += name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        for secret in secrets.sorted(by: { $0.count > $1.count }) where secret.count >= 3 {
            result = result.replacingOccurrences(of: secret, with: placeholder, options: [.caseInsensitive, .literal])
        }
        return result
    }
}
