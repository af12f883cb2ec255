/// A call into cmark-gfm that gave nothing back. `MarkdownRenderer` reports it as an error of the
/// file being rendered, so that a build stops instead of writing an empty page.
enum CmarkFailure: Error {
    case noParser
    /// The named extension is not in cmark-gfm's registry.
    case noExtension(String)
    /// The named extension would not attach to the parser.
    case extensionNotAttached(String)
    case noDocument
    case noHTML
    case noHeadingText
    case noIterator

    /// What is wrong and what to do, for a diagnostic.
    var message: String {
        let retry = "the process is probably out of memory: free some and build again"
        switch self {
        case .noParser: return "cmark-gfm could not make a parser; \(retry)"
        case .noExtension(let name):
            return "cmark-gfm has no '\(name)' extension; install cmark-gfm's extensions (Debian's libcmark-gfm-extensions) and build again"
        case .extensionNotAttached(let name): return "cmark-gfm could not attach its '\(name)' extension to a parser; \(retry)"
        case .noDocument: return "cmark-gfm could not parse the text; \(retry)"
        case .noHTML: return "cmark-gfm could not render the text to HTML; \(retry)"
        case .noHeadingText: return "cmark-gfm could not render a heading's text; \(retry)"
        case .noIterator: return "cmark-gfm could not walk the text's nodes; \(retry)"
        }
    }
}
