import Mustache
import PolicySiteSource

/// A language's theme strings as templates see them (`{{{t.skip_link}}}`): escaped once, when the
/// language is set up, for HTML text and double-quoted attributes. Templates show them with triple
/// braces, so that an apostrophe in a sentence stays one rather than becoming `&#39;`.
final class StringsContext: MustacheParent, Sendable {
    let escaped: [String: String]

    init(_ strings: ThemeStrings) {
        escaped = strings.values.mapValues(Self.escape)
    }

    func child(named name: String) -> Any? { escaped[name] }

    /// `&`, `<`, `>` and `"` as character references; the rest as it is.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
