import PolicySiteSupport

/// A version file split into its YAML front matter and its Markdown body.
struct FrontMatter: Sendable {
    /// The YAML between the two `---` lines.
    let yaml: String
    /// The Markdown after the closing `---` line.
    let body: Substring
    /// The file line on which the YAML's first line stands (the line after the opening `---`).
    let yamlFirstLine: Int
    /// The file line on which the body's first line stands.
    let bodyFirstLine: Int

    /// Splits a file that opens with a `---` line and has a closing `---` (or `...`) line.
    /// Works on bytes, so that CRLF files split like LF files.
    static func split(_ text: String, path: String, _ diagnostics: inout Diagnostics) -> FrontMatter? {
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var lineNumber = 1
        var yamlStart: String.Index?
        while lineStart < utf8.endIndex {
            let newline = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n"))
            let lineEnd = newline ?? utf8.endIndex
            let next = newline.map { utf8.index(after: $0) } ?? utf8.endIndex
            let delimiter = trimmed(utf8[lineStart..<lineEnd])
            if lineNumber == 1 {
                guard delimiter.elementsEqual("---".utf8) else {
                    if utf8[lineStart..<lineEnd].starts(with: "---\r".utf8) {
                        diagnostics.error(path, line: 1, "missing front matter: the lines of this file end in a carriage return alone (old Mac line endings), so its opening '---' line runs on; save it with LF or CRLF line endings")
                        return nil
                    }
                    diagnostics.error(path, line: 1, "missing front matter: a version file opens with a '---' line, then YAML with at least 'version' and 'effective', then a closing '---' line")
                    return nil
                }
                yamlStart = next
            } else if let yamlStart, delimiter.elementsEqual("---".utf8) || delimiter.elementsEqual("...".utf8) {
                return FrontMatter(
                    yaml: String(text[yamlStart..<lineStart]),
                    body: text[next...],
                    yamlFirstLine: 2,
                    bodyFirstLine: lineNumber + 1
                )
            }
            lineStart = next
            lineNumber += 1
        }
        if yamlStart == nil {
            diagnostics.error(path, line: 1, "missing front matter: the file is empty")
            return nil
        }
        diagnostics.error(path, line: 1, "the front matter opened here is never closed with a '---' line")
        return nil
    }

    /// A line without its CR (for CRLF files) and trailing blanks.
    private static func trimmed(_ line: Substring.UTF8View) -> Substring.UTF8View {
        var line = line
        while let last = line.last, last == 0x0D || last == 0x20 || last == 0x09 { line = line.dropLast() }
        return line
    }
}
