import Foundation
import PolicySiteSupport

/// Renders policy texts with cmark-gfm. The C library keeps process-wide state (its extension
/// registry and more) and is not thread-safe, so every call into it holds one process-wide lock;
/// all work around it (reading, ids, templating, writing) runs outside the lock.
package enum MarkdownRenderer {
    /// The one lock for every call into cmark-gfm. A plain (sleeping) lock: Swift's `Mutex` is a
    /// priority-inheritance futex on Linux, whose waiters spin in the kernel while cmark-gfm
    /// runs, burning the core that the other workers' templating and writing need.
    private static let lock = NSLock()

    /// GitHub's extensions, as SPEC section 3 lists them.
    static let gitHubExtensions = ["table", "strikethrough", "autolink", "tasklist"]

    /// Renders CommonMark with the GitHub extensions to HTML and gives each heading its id.
    /// Throws an error for `path` when cmark-gfm fails, rather than giving an empty page.
    package static func render(_ markdown: String, path: String) throws(Diagnostics) -> RenderedMarkdown {
        try render(markdown, path: path, extensionNames: gitHubExtensions)
    }

    /// `render` with other extensions: a test names one that does not exist.
    static func render(_ markdown: String, path: String, extensionNames: [String]) throws(Diagnostics) -> RenderedMarkdown {
        let findRawHTML = mayHoldRawHTML(markdown)
        lock.lock()
        return try renderHoldingLock(markdown, path: path, extensionNames: extensionNames, findRawHTML: findRawHTML)
    }

    /// Renders as `render` does if no other thread is in cmark-gfm at the moment; nil if one is.
    /// A caller with other work to do does it first instead of waiting for the lock.
    package static func renderIfIdle(_ markdown: String, path: String) throws(Diagnostics) -> RenderedMarkdown? {
        let findRawHTML = mayHoldRawHTML(markdown)
        guard lock.try() else { return nil }
        return try renderHoldingLock(markdown, path: path, extensionNames: gitHubExtensions, findRawHTML: findRawHTML)
    }

    /// Runs cmark-gfm with `lock` held, releases it, then finishes the page outside it.
    private static func renderHoldingLock(_ markdown: String, path: String, extensionNames: [String],
                                          findRawHTML: Bool) throws(Diagnostics) -> RenderedMarkdown {
        let raw: CmarkGFM.Output
        do throws(CmarkFailure) {
            defer { lock.unlock() }
            raw = try CmarkGFM.render(markdown, extensionNames: extensionNames, findRawHTML: findRawHTML)
        } catch {
            throw Diagnostics([.error(path, error.message)])
        }
        return finish(raw)
    }

    /// Gives each heading its id, writes the author's strikethrough as `<s>`, and takes over
    /// cmark-gfm's HTML: outside the lock.
    /// A character reference such as `&#12;` comes out of cmark-gfm as the control character
    /// itself (the text's own are removed before): removed here, and counted for a warning.
    private static func finish(_ raw: consuming CmarkGFM.Output) -> RenderedMarkdown {
        let texts = raw.headings.map { ControlCharacters.removed(from: $0.text).text }
        let ids = HeadingSlugger.ids(for: texts)
        let headings = zip(raw.headings, zip(texts, ids)).map { Heading(level: $0.level, text: $1.0, id: $1.1) }
        let html = AuthorStrikethrough.rewrite(raw.html.withBytes { HeadingAnchors.insert(ids: ids, into: $0) })
        let restored = RawHTMLAllowlist.restore(raw.keptHTML, in: String(decoding: html, as: UTF8.self))
        let (text, removed) = ControlCharacters.removed(from: restored)
        return RenderedMarkdown(
            html: text,
            headings: headings,
            opensWithTitle: raw.opensWithTitle,
            omittedHTMLLines: raw.omittedHTMLLines,
            removedControlCharacters: removed
        )
    }

    /// Whether the text has a `<`, without which it holds no raw HTML (blocks and inline tags
    /// alike start with one). Policies rarely do, so the walk that finds raw HTML seldom runs.
    private static func mayHoldRawHTML(_ markdown: String) -> Bool {
        markdown.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, Int32(UInt8(ascii: "<")), bytes.count) != nil } ?? false
        } ?? markdown.utf8.contains(UInt8(ascii: "<"))
    }
}
