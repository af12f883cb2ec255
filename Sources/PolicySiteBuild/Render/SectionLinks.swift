import PolicySiteSupport

/// Links each heading of a version's text to itself, so that a reader can copy the address of a
/// section: the heading's content becomes a link to `#id`, which the stylesheet shows as a link on
/// hover and focus. A heading whose content already holds a link (an `<a>` cannot hold another)
/// gets a separate link after its content instead. Only for version pages: the redline is made
/// from the text without these links.
enum SectionLinks {
    /// `html`: a text as `MarkdownRenderer` gives it, whose headings are the only `<h1>`..`<h6>`
    /// tags and each carries its id as `<h2 id="...">`.
    static func add(to html: String) -> String {
        var html = html
        return html.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 4096)
            var copied = 0
            var scanner = HTMLTagScanner(bytes, 0..<bytes.count)
            var open: (level: Int, id: ArraySlice<UInt8>, contentStart: Int, hasLink: Bool)?
            while let tag = scanner.next() {
                if var heading = open {
                    if tag.kind == .opening, tag.nameEnd - tag.nameStart == 1, bytes[tag.nameStart] == UInt8(ascii: "a") {
                        heading.hasLink = true
                        open = heading
                    } else if tag.kind == .closing, tag.headingLevel(bytes) == heading.level {
                        open = nil
                        // An empty heading gets no link: one without content has no name.
                        guard tag.start > heading.contentStart else { continue }
                        output.append(contentsOf: bytes[copied..<heading.contentStart])
                        let content = bytes[heading.contentStart..<tag.start]
                        if heading.hasLink {
                            output.append(contentsOf: content)
                            output.append(contentsOf: ##" <a class="ps-section-link ps-section-link-after" href="#"##.utf8)
                            output.append(contentsOf: heading.id)
                            output.append(contentsOf: ##""><span aria-hidden="true">#</span><span class="visually-hidden">Link to this section</span></a>"##.utf8)
                        } else {
                            output.append(contentsOf: ##"<a class="ps-section-link" href="#"##.utf8)
                            output.append(contentsOf: heading.id)
                            output.append(contentsOf: ##"">"##.utf8)
                            output.append(contentsOf: content)
                            output.append(contentsOf: "</a>".utf8)
                        }
                        copied = tag.start
                    }
                    continue
                }
                guard tag.kind == .opening, let level = tag.headingLevel(bytes), let id = Self.id(of: tag, in: bytes) else { continue }
                open = (level, id, tag.end, false)
            }
            output.append(contentsOf: bytes[copied...])
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The value of a heading tag's `id`, as written (already escaped): `<h2 id="value">`.
    private static func id(of tag: HTMLTag, in bytes: UnsafeBufferPointer<UInt8>) -> ArraySlice<UInt8>? {
        let prefix = Array(##" id=""##.utf8)
        guard tag.end - tag.nameEnd > prefix.count + 1,
              bytes[tag.nameEnd..<(tag.nameEnd + prefix.count)].elementsEqual(prefix) else { return nil }
        let valueStart = tag.nameEnd + prefix.count
        guard let quote = bytes[valueStart..<tag.end].firstIndex(of: UInt8(ascii: "\"")), quote > valueStart else { return nil }
        return ArraySlice(bytes[valueStart..<quote])
    }
}
