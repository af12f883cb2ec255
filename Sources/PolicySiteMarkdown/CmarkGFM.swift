import CCmarkGFM
import Foundation

/// The one file that calls cmark-gfm. Every C object it makes is owned by a noncopyable value
/// that frees it, and every call that gives nothing back throws a `CmarkFailure`.
///
/// Threads: the extensions are registered once (`registration`), before any parser exists. After
/// that, the only process-wide state a parse or render writes is the pair of tables of "special"
/// inline characters, which `cmark_parser_finish` fills for its parser's extensions before parsing
/// inlines and clears after: so `finishLock` is held around that call, and only it. Each parser,
/// node tree and rendering is the calling thread's own. docs/architecture.md has the proof (which
/// state, where it is written, the stress test and ThreadSanitizer).
enum CmarkGFM {
    /// Safe mode (no `CMARK_OPT_UNSAFE`): raw HTML is omitted and `javascript:`, `vbscript:`,
    /// `file:` and most `data:` links are emptied. The allowed tags (`RawHTMLAllowlist`) come back
    /// in place of the placeholder that safe mode writes for them; all other raw HTML is removed
    /// from the tree before rendering, so that no placeholder is left for it.
    /// No `CMARK_OPT_VALIDATE_UTF8`: the input is a Swift `String`, valid UTF-8 by construction,
    /// and checking it again took time under the lock.
    private static let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES

    /// Held around `cmark_parser_finish`, which writes cmark-gfm's process-wide tables of special
    /// inline characters (set for its parser's extensions, then cleared: another parser's inlines
    /// parsed meanwhile would miss strikethrough and autolinks). A plain (sleeping) lock: Swift's
    /// `Mutex` is a priority-inheritance futex on Linux, whose waiters spin in the kernel while
    /// cmark-gfm runs, burning the core that the other workers need.
    private static let finishLock = NSLock()

    /// Registers the core extensions in cmark-gfm's registry, once: the registry and the node
    /// types the extensions add are written there and only read afterwards. A static `let` is
    /// initialised once, and every thread that reads it sees what the initialisation wrote.
    /// The version of the cmark-gfm library loaded, as it says (`0.29.0.gfm.6`): part of what the
    /// build's cache keys rendered pages by, so that another library renders them again.
    static var libraryVersion: String {
        String(cString: cmark_version_string())
    }

    private static let registration: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// What one document gives: its HTML as cmark-gfm allocated it, and what the pages need of
    /// its structure.
    struct Output: ~Copyable {
        var opensWithTitle: Bool
        var headings: [(level: Int, text: String)]
        var html: Text
        /// The canonical forms of the allowed tags, in document order: one per placeholder.
        var keptHTML: [String]
        /// The 1-based lines of the raw HTML left out.
        var omittedHTMLLines: [Int]
    }

    /// Parses and renders one document with the named extensions, from any thread. Raw HTML is
    /// looked for only when `findRawHTML` (the text has a `<`). When `waiting` is false and
    /// another thread holds `finishLock`, gives nil at once instead: the caller has other work.
    static func render(_ markdown: String, extensionNames: [String], findRawHTML: Bool,
                       waiting: Bool = true) throws(CmarkFailure) -> Output? {
        let parser = try Parser.make(options: options, extensionNames: extensionNames)
        let document: Document
        if waiting {
            parser.feed(markdown)
            finishLock.lock()
            defer { finishLock.unlock() }
            document = try parser.finish()
        } else {
            // Asked before feeding, so that a busy lock costs nothing; the text is then fed with
            // the lock held, which is not needed for feeding but keeps the caller from waiting.
            guard finishLock.try() else { return nil }
            defer { finishLock.unlock() }
            parser.feed(markdown)
            document = try parser.finish()
        }
        let rawHTML = try findRawHTML ? document.sortRawHTML() : (kept: [], omittedLines: [])
        return Output(
            opensWithTitle: document.opensWithTitle,
            headings: try document.headings(),
            html: try parser.html(of: document),
            keptHTML: rawHTML.kept,
            omittedHTMLLines: rawHTML.omittedLines
        )
    }

    /// Text that cmark-gfm allocated with the C allocator, which is thread-safe.
    struct Text: ~Copyable {
        private let pointer: UnsafeMutablePointer<CChar>

        fileprivate init(_ pointer: UnsafeMutablePointer<CChar>) {
            self.pointer = pointer
        }

        func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
            let count = strlen(pointer)
            return pointer.withMemoryRebound(to: UInt8.self, capacity: count) { body(UnsafeBufferPointer(start: $0, count: count)) }
        }

        deinit { free(pointer) }
    }

    /// A parser with its extensions attached.
    private struct Parser: ~Copyable {
        let pointer: OpaquePointer

        static func make(options: Int32, extensionNames: [String]) throws(CmarkFailure) -> Parser {
            guard CmarkGFM.registration, let pointer = cmark_parser_new(options) else { throw .noParser }
            // Owned from here, so freed however the rest ends.
            let parser = Parser(pointer: pointer)
            for name in extensionNames {
                guard let found = cmark_find_syntax_extension(name) else { throw .noExtension(name) }
                guard cmark_parser_attach_syntax_extension(pointer, found) != 0 else { throw .extensionNotAttached(name) }
            }
            return parser
        }

        deinit { cmark_parser_free(pointer) }

        /// Parses the text's blocks: no process-wide state, any thread.
        func feed(_ markdown: String) {
            var markdown = markdown
            let parser = pointer
            markdown.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
            }
        }

        /// Parses the inlines and gives the document: the caller holds `finishLock`.
        func finish() throws(CmarkFailure) -> Document {
            guard let root = cmark_parser_finish(pointer) else { throw .noDocument }
            return Document(root: root)
        }

        func html(of document: borrowing Document) throws(CmarkFailure) -> Text {
            guard let html = cmark_render_html(document.root, CmarkGFM.options, cmark_parser_get_syntax_extensions(pointer)) else { throw .noHTML }
            return Text(html)
        }
    }

    /// A document's node tree.
    private struct Document: ~Copyable {
        let root: OpaquePointer

        deinit { cmark_node_free(root) }

        var opensWithTitle: Bool {
            cmark_node_first_child(root).map {
                cmark_node_get_type($0) == CMARK_NODE_HEADING && cmark_node_get_heading_level($0) == 1
            } ?? false
        }

        /// The headings, in the order the HTML renderer emits them (document order: cmark-gfm has
        /// already moved footnote definitions to the end). A heading is a block, so only blocks
        /// that hold blocks are entered, never a paragraph's or heading's inlines. A walk by the
        /// nodes' own links rather than by recursion: blocks can nest as deep as the text has `>`
        /// or list markers on a line, deeper than any thread's stack.
        func headings() throws(CmarkFailure) -> [(level: Int, text: String)] {
            var headings: [(level: Int, text: String)] = []
            var next = cmark_node_first_child(root)
            while let current = next {
                let type = cmark_node_get_type(current)
                if type == CMARK_NODE_HEADING {
                    headings.append((Int(cmark_node_get_heading_level(current)), try Self.plainText(of: current)))
                } else if type != CMARK_NODE_PARAGRAPH, policysite_cmark_node_type_is_block(type),
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
            return headings
        }

        /// Keeps the allowed tags (`RawHTMLAllowlist`) and removes every other piece of raw HTML
        /// from the tree: HTML blocks, inline tags with attributes or of other elements, comments,
        /// and a `<sup>` or `<sub>` whose closing tag is not in the same parent (a paragraph, a
        /// cell, an emphasis), which the page could not close where the text meant it to.
        /// Gives the kept tags' canonical forms in document order and the removed pieces' lines.
        func sortRawHTML() throws(CmarkFailure) -> (kept: [String], omittedLines: [Int]) {
            var pieces: [(node: OpaquePointer, tag: RawHTMLAllowlist.Tag?, kept: Bool)] = []
            // The open `<sup>` and `<sub>` of each parent, by index in `pieces`.
            var open: [OpaquePointer: [Int]] = [:]
            do {
                let iterator = try Iterator(root)
                while case let event = cmark_iter_next(iterator.pointer), event != CMARK_EVENT_DONE {
                    guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator.pointer) else { continue }
                    let type = cmark_node_get_type(node)
                    if type == CMARK_NODE_HTML_BLOCK {
                        pieces.append((node, nil, false))
                    } else if type == CMARK_NODE_HTML_INLINE {
                        let tag = cmark_node_get_literal(node).flatMap { RawHTMLAllowlist.tag(String(cString: $0)) }
                        let parent = cmark_node_parent(node)
                        switch tag {
                        case .lineBreak:
                            pieces.append((node, tag, true))
                        case .open?:
                            if let parent { open[parent, default: []].append(pieces.count) }
                            pieces.append((node, tag, false))
                        case .close(let element)?:
                            if let parent, let last = open[parent]?.last, pieces[last].tag == .open(element) {
                                open[parent]?.removeLast()
                                pieces[last].kept = true
                                pieces.append((node, tag, true))
                            } else {
                                pieces.append((node, tag, false))
                            }
                        case nil:
                            pieces.append((node, nil, false))
                        }
                    }
                }
            }
            // The walk is over: the tree can change. Raw HTML nodes have no children.
            var kept: [String] = []
            var omittedLines: [Int] = []
            for piece in pieces {
                if piece.kept, let tag = piece.tag {
                    kept.append(tag.canonical)
                } else {
                    omittedLines.append(Int(cmark_node_get_start_line(piece.node)))
                    cmark_node_unlink(piece.node)
                    cmark_node_free(piece.node)
                }
            }
            return (kept, omittedLines)
        }

        /// A heading's text, without the line break that the plain-text renderer ends it with.
        private static func plainText(of node: OpaquePointer) throws(CmarkFailure) -> String {
            guard let pointer = cmark_render_plaintext(node, CMARK_OPT_DEFAULT, 0) else { throw .noHeadingText }
            let text = Text(pointer)
            return text.withBytes { String(decoding: $0, as: UTF8.self) }.trimmingScalars(where: \.isASCIIWhiteSpace)
        }
    }

    /// A walk over a node tree.
    private struct Iterator: ~Copyable {
        let pointer: OpaquePointer

        init(_ root: OpaquePointer) throws(CmarkFailure) {
            guard let pointer = cmark_iter_new(root) else { throw .noIterator }
            self.pointer = pointer
        }

        deinit { cmark_iter_free(pointer) }
    }
}
