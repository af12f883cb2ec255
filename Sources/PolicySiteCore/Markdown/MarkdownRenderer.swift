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
    /// `file:` and most `data:` links are emptied. No `CMARK_OPT_VALIDATE_UTF8`: the input is a
    /// Swift `String`, valid UTF-8 by construction, and checking it again took time under the lock.
    private static let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES

    /// Renders CommonMark with the GitHub extensions to HTML and gives each heading its id.
    public static func render(_ markdown: String) -> RenderedMarkdown {
        let findRawHTML = mayHoldRawHTML(markdown)
        lock.lock()
        let raw = parseAndRender(markdown, findRawHTML: findRawHTML)
        lock.unlock()
        return finish(raw)
    }

    /// Renders as `render` does if no other thread is in cmark-gfm at the moment; nil if one is.
    /// A caller with other work to do does it first instead of waiting for the lock.
    public static func renderIfIdle(_ markdown: String) -> RenderedMarkdown? {
        let findRawHTML = mayHoldRawHTML(markdown)
        guard lock.try() else { return nil }
        let raw = parseAndRender(markdown, findRawHTML: findRawHTML)
        lock.unlock()
        return finish(raw)
    }

    /// Gives each heading its id, and takes over cmark-gfm's HTML: outside the lock.
    /// A character reference such as `&#12;` comes out of cmark-gfm as the control character
    /// itself (the text's own are removed before): removed here, and counted for a warning.
    private static func finish(_ raw: RawRender) -> RenderedMarkdown {
        let texts = raw.headings.map { ControlCharacters.removed(from: $0.text).text }
        let ids = HeadingSlugger.ids(for: texts)
        let headings = zip(raw.headings, zip(texts, ids)).map { Heading(level: $0.level, text: $1.0, id: $1.1) }
        var html: [UInt8] = []
        if let pointer = raw.html {
            let count = strlen(pointer)
            html = pointer.withMemoryRebound(to: UInt8.self, capacity: count) {
                HeadingAnchors.insert(ids: ids, into: UnsafeBufferPointer(start: $0, count: count))
            }
            free(pointer)
        }
        let (text, removed) = ControlCharacters.removed(from: String(decoding: html, as: UTF8.self))
        return RenderedMarkdown(
            html: text,
            headings: headings,
            opensWithTitle: raw.opensWithTitle,
            rawHTMLLines: raw.rawHTMLLines,
            removedControlCharacters: removed
        )
    }

    private struct RawRender {
        /// cmark-gfm's HTML, as it allocated it (with the C allocator, which is thread-safe): read
        /// and freed by `finish`, outside the lock. It becomes a String once, after the ids are in.
        var html: UnsafeMutablePointer<CChar>?
        var headings: [(level: Int, text: String)] = []
        var opensWithTitle = false
        var rawHTMLLines: [Int] = []
    }

    /// Whether the text has a `<`, without which it holds no raw HTML (blocks and inline tags
    /// alike start with one). Policies rarely do, so the walk that finds raw HTML seldom runs.
    private static func mayHoldRawHTML(_ markdown: String) -> Bool {
        markdown.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, Int32(UInt8(ascii: "<")), bytes.count) != nil } ?? false
        } ?? markdown.utf8.contains(UInt8(ascii: "<"))
    }

    /// Every call into cmark-gfm for one document; the caller holds `lock`.
    private static func parseAndRender(_ markdown: String, findRawHTML: Bool) -> RawRender {
        var markdown = markdown
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
        collectHeadings(below: document, into: &result.headings)
        result.html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser))
        if findRawHTML {
            result.rawHTMLLines = rawHTMLLines(in: document)
        }
        return result
    }

    /// Collects the headings below `node`, in the order the HTML renderer emits them (document
    /// order: cmark-gfm has already moved footnote definitions to the end). A heading is a block,
    /// so only blocks that hold blocks are entered, never a paragraph's or heading's inlines.
    /// A walk by the nodes' own links rather than by recursion: blocks can nest as deep as the
    /// text has `>` or list markers on a line, deeper than any thread's stack.
    private static func collectHeadings(below root: OpaquePointer, into headings: inout [(level: Int, text: String)]) {
        var next = cmark_node_first_child(root)
        while let current = next {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_HEADING {
                headings.append((Int(cmark_node_get_heading_level(current)), plainText(of: current)))
            } else if type != CMARK_NODE_PARAGRAPH, type.rawValue & nodeKindMask == blockKind,
                      let child = cmark_node_first_child(current) {
                next = child
                continue
            }
            // The next sibling, else that of the nearest ancestor below the root that has one.
            var node = current
            next = nil
            while node != root {
                if let sibling = cmark_node_next(node) {
                    next = sibling
                    break
                }
                guard let parent = cmark_node_parent(node) else { break }
                node = parent
            }
        }
    }

    /// `CMARK_NODE_TYPE_MASK` and `CMARK_NODE_TYPE_BLOCK` of cmark-gfm.h (macros Swift does not import).
    private static let nodeKindMask: UInt32 = 0xc000
    private static let blockKind: UInt32 = 0x8000

    /// The lines of raw HTML, which safe mode leaves out: walked only when the text has a `<`.
    private static func rawHTMLLines(in document: OpaquePointer) -> [Int] {
        guard let iterator = cmark_iter_new(document) else { return [] }
        defer { cmark_iter_free(iterator) }
        var lines: [Int] = []
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                lines.append(Int(cmark_node_get_start_line(node)))
            }
        }
        return lines
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
