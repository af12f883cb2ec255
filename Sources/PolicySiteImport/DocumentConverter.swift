import Foundation
import PolicySiteModel
import PolicySiteSupport

/// One legacy document turned into a version's Markdown body and facts, every step noted: the
/// encoding, control characters, mojibake repairs, the archive's preamble, the version and
/// dates, the title, email links and headings.
package struct ConvertedDocument: Sendable {
    /// The input as named in notes and messages.
    package var path: String
    package var label: String
    package var effective: CalendarDay
    package var published: CalendarDay
    /// The Markdown body, as the version file holds it after its front matter.
    package var body: String
    /// Why the version takes effect with less than the site's notice (`--notice-waived`).
    package var noticeWaived: String?
}

enum DocumentConverter {
    /// The document, or nil with its problems added; its notes are added in line order.
    static func convert(_ data: Data, path: String, overrides: ImportOverrides,
                        notes: inout [ImportNote], _ diagnostics: inout Diagnostics) -> ConvertedDocument? {
        var found: [ImportNote] = []
        // Stable: the notes of one line stay in the order the steps made them.
        defer { notes += found.enumerated().sorted { ($0.element.line ?? Int.max, $0.offset) < ($1.element.line ?? Int.max, $1.offset) }.map(\.element) }
        return convertSteps(data, path: path, overrides: overrides, notes: &found, &diagnostics)
    }

    private static func convertSteps(_ data: Data, path: String, overrides: ImportOverrides,
                                     notes: inout [ImportNote], _ diagnostics: inout Diagnostics) -> ConvertedDocument? {
        let decoded: TextDecoding.Decoded
        switch TextDecoding.decode(data) {
        case .success(let value):
            decoded = value
        case .failure(.empty):
            diagnostics.error(path, "the file is empty (or only spaces); import takes a policy's text: check that this is the right file")
            return nil
        case .failure(.binary(let line)):
            diagnostics.error(path, line: line, "this is not a text file (it holds a NUL byte); import takes text or Markdown: export the document as plain text first")
            return nil
        case .failure(.badUTF16):
            diagnostics.error(path, "the file starts as UTF-16 but is not valid UTF-16; save it as UTF-8")
            return nil
        }
        switch decoded.encoding {
        case .utf8: break
        case .utf8WithMark, .utf16:
            notes.append(ImportNote(path, "read as \(decoded.encoding.name)"))
        case .windows1252:
            let latin = decoded.usesWindowsOnlyBytes ? "" : " (Latin-1 reads it the same: it holds no byte 80-9F)"
            notes.append(ImportNote(path, line: decoded.firstNonUTF8Line, "not UTF-8 from this line on: read as Windows-1252\(latin); the version file is written as UTF-8"))
        }

        // Mojibake first: a garbled `”` ends in U+009D, a control character until it is repaired.
        var lines = DocumentLine.split(decoded.text)
        let repaired = MojibakeRepair.repair(lines)
        lines = repaired.lines
        for repair in repaired.repairs {
            let times = repair.count > 1 ? " (\(repair.count) times)" : ""
            let shown = repair.replacement == " " ? "a space" : repair.replacement == "\u{A0}" ? "a no-break space" : repair.replacement.isEmpty ? "nothing" : "'\(repair.replacement)'"
            notes.append(ImportNote(path, line: repair.line, "repaired mojibake '\(repair.found)' to \(shown)\(times)"))
        }

        var controls: [(scalar: Unicode.Scalar, line: Int)] = []
        for index in lines.indices {
            let found = ControlCharacters.all(in: lines[index].text)
            guard !found.isEmpty else { continue }
            controls += found.map { ($0.scalar, lines[index].number) }
            lines[index].text = ControlCharacters.removed(from: lines[index].text).text
        }
        if let first = controls.first {
            let what = controls.count == 1 ? ControlCharacters.name(first.scalar) : "\(controls.count) control characters, the first \(ControlCharacters.name(first.scalar)) on this line"
            diagnostics.warning(path, line: first.line, "removed \(what): control characters cannot stand in a web page or a feed")
        }

        let preamble = ArchivePreamble.remove(lines)
        lines = preamble.lines
        if let first = preamble.removed.first, let last = preamble.removed.last {
            let which = first == last ? "line \(first)" : "lines \(first)-\(last)"
            notes.append(ImportNote(path, line: first, "removed the web archive's preamble (\(which))" + (preamble.archivedOn.map { "; it says the page was captured on \($0)" } ?? "")))
        }
        guard lines.contains(where: { !$0.isBlank }) else {
            diagnostics.error(path, "nothing is left once the web archive's preamble is removed; check that this is the document")
            return nil
        }

        let findings = VersionDateDetection.find(in: lines)
        let facts = VersionFacts.settle(findings, overrides: overrides, archivedOn: preamble.archivedOn, path: path, notes: &notes, &diagnostics)

        lines = TitleHeading.apply(lines, path: path, notes: &notes)
        lines = MailtoLinks.tidy(lines, path: path, notes: &notes)
        lines = PseudoHeadings.apply(lines, path: path, notes: &notes)
        let body = TextLayout.markdown(lines)
        guard let facts else { return nil }
        return ConvertedDocument(path: path, label: facts.label, effective: facts.effective, published: facts.published, body: body)
    }
}
