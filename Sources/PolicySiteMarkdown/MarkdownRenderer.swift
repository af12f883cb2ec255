import Foundation
import PolicySiteSupport

/// Renders policy texts with cmark-gfm, from any number of threads at once: `CmarkGFM` holds a
/// lock around the one call that writes the library's process-wide state, and everything else
/// (parsing blocks, rendering HTML, ids, templating, writing) runs in parallel.
package enum MarkdownRenderer {
    /// GitHub's extensions, as SPEC section 3 lists them.
    static let gitHubExtensions = ["table", "strikethrough", "autolink", "tasklist"]

    /// What the rendering depends on besides the text: cmark-gfm's version and the extensions.
    /// The build's cache keys rendered pages by it (policysite's own code is keyed by its binary).
    package static var identity: String {
        "cmark-gfm \(CmarkGFM.libraryVersion); extensions \(gitHubExtensions.joined(separator: ","))"
    }

    /// Renders CommonMark with the GitHub extensions to HTML and gives each heading its id.
    /// Throws an error for `path` when cmark-gfm fails, rather than giving an empty page.
    package static func render(_ markdown: String, path: String) throws(Diagnostics) -> RenderedMarkdown {
        try render(markdown, path: path, extensionNames: gitHubExtensions)
    }

    /// `render` with other extensions: a test names one that does not exist.
    static func render(_ markdown: String, path: String, extensionNames: [String]) throws(Diagnostics) -> RenderedMarkdown {
        // Waiting, `CmarkGFM.render` always gives a document or throws.
        guard let rendered = try render(markdown, path: path, extensionNames: extensionNames, waiting: true) else {
            throw Diagnostics([.error(path, CmarkFailure.noDocument.message)])
        }
        return rendered
    }

    /// Renders as `render` does if no other thread is in cmark-gfm's locked step at the moment;
    /// nil if one is. A caller with other work to do does it first instead of waiting.
    package static func renderIfIdle(_ markdown: String, path: String) throws(Diagnostics) -> RenderedMarkdown? {
        try render(markdown, path: path, extensionNames: gitHubExtensions, waiting: false)
    }

    private static func render(_ markdown: String, path: String, extensionNames: [String],
                               waiting: Bool) throws(Diagnostics) -> RenderedMarkdown? {
        let raw: CmarkGFM.Output?
        do throws(CmarkFailure) {
            raw = try CmarkGFM.render(markdown, extensionNames: extensionNames,
                                      findRawHTML: mayHoldRawHTML(markdown), waiting: waiting)
        } catch {
            throw Diagnostics([.error(path, error.message)])
        }
        guard let raw else { return nil }
        return finish(raw)
    }

    /// Gives each heading its id, writes the author's strikethrough as `<s>`, puts back the raw
    /// HTML a page keeps, and takes over cmark-gfm's HTML.
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
