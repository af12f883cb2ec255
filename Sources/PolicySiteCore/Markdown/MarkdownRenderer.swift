import CCmarkGFM
import Foundation

/// The one place that calls cmark-gfm. The C library keeps process-wide state (its extension
/// registry and more) and is not thread-safe, so every call into it holds one process-wide lock;
/// all work around it (reading, ids, templating, writing) runs outside the lock.
public enum MarkdownRenderer {
    /// The one lock for every call into cmark-gfm. A plain (sleeping) lock: Swift's `Mutex` is a
    /// priority-inheritance futex on Linux, whose waiters spin in the kernel while cmark-gfm
    /// runs, burning the core that the other workers' templating and writing need.
    private static let lock = NSLock()

    /// GitHub's extensions, as SPEC section 3 lists them.
    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    /// Safe mode (no `CMARK_OPT_UNSAFE`): raw HTML is omitted and `javascript:`, `vbscript:`,
    /// `file:` and most `data:` links are emptied.
    private static let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8

    /// Renders CommonMark with the GitHub extensions to HTML and gives each heading its id.
    public static func render(_ markdown: String) -> RenderedMarkdown {
        let raw = parseAndRender(markdown)
        let ids = HeadingSlugger.ids(for: raw.headings.map(\.text))
        let headings = zip(raw.headings, ids).map { Heading(level: $0.level, text: $0.text, id: $1) }
        return RenderedMarkdown(
            html: String(decoding: HeadingAnchors.insert(ids: ids, into: raw.html), as: UTF8.self),
            headings: headings,
            opensWithTitle: raw.opensWithTitle,
            rawHTMLLines: raw.rawHTMLLines
        )
    }

    private struct RawRender {
        /// cmark-gfm's HTML, as bytes: it becomes a String once, after the ids are in.
        var html: [UInt8] = []
        var headings: [(level: Int, text: String)] = []
        var opensWithTitle = false
        var rawHTMLLines: [Int] = []
    }

    private static func parseAndRender(_ markdown: String) -> RawRender {
        var markdown = markdown
        return lock.withLock { () -> RawRender in
            cmark_gfm_core_extensions_ensure_registered()
            guard let parser = cmark_parser_new(options) else { return RawRender() }
            defer { cmark_parser_free(parser) }
            for name in extensionNames {
                if let syntaxExtension = cmark_find_syntax_extension(name) {
                    cmark_parser_attach_syntax_extension(parser, syntaxExtension)
                }
            }
            markdown.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
            }
            guard let document = cmark_parser_finish(parser) else { return RawRender() }
            defer { cmark_node_free(document) }

            var result = RawRender()
            result.opensWithTitle = cmark_node_first_child(document).map {
                cmark_node_get_type($0) == CMARK_NODE_HEADING && cmark_node_get_heading_level($0) == 1
            } ?? false
            walk(document, into: &result)
            if let html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) {
                result.html = Array(UnsafeRawBufferPointer(start: html, count: strlen(html)))
                free(html)
            }
            return result
        }
    }

    /// Collects headings (in the order the HTML renderer emits them) and raw HTML positions.
    private static func walk(_ document: OpaquePointer, into result: inout RawRender) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HEADING {
                result.headings.append((Int(cmark_node_get_heading_level(node)), plainText(of: node)))
            } else if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                result.rawHTMLLines.append(Int(cmark_node_get_start_line(node)))
            }
        }
    }

    private static func plainText(of node: OpaquePointer) -> String {
        guard let text = cmark_render_plaintext(node, CMARK_OPT_DEFAULT, 0) else { return "" }
        defer { free(text) }
        var bytes = Array(UnsafeRawBufferPointer(start: text, count: strlen(text)))[...]
        while let last = bytes.last, last == 0x20 || last == 0x0A || last == 0x0D || last == 0x09 { bytes.removeLast() }
        while let first = bytes.first, first == 0x20 || first == 0x0A || first == 0x0D || first == 0x09 { bytes.removeFirst() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
