import Foundation
import PolicySiteModel

/// Removes what a web archive put before the document: the Wayback Machine's banner lines ("The
/// Wayback Machine - https://web.archive.org/web/2010.../http://..."), the capture notes of its
/// toolbar, a browser's "saved from url=" comment, and the note of archived policy collections
/// ("> *The following text is extracted and transformed from the ... privacy policy that was
/// archived on 2010-06-28. Please check the [original snapshot on the Wayback Machine](...)*").
/// Only lines before the document's first line of its own are looked at. The day of the capture,
/// where the preamble gives one, is kept: a document without a date of its own was in force then.
enum ArchivePreamble {
    struct Removal: Sendable {
        var lines: [DocumentLine]
        /// The line numbers removed.
        var removed: [Int]
        /// The day the archive captured the page, from the preamble's text or its snapshot URL.
        var archivedOn: CalendarDay?
        var archivedOnLine: Int?
    }

    static func remove(_ lines: [DocumentLine]) -> Removal {
        var removed: [Int] = []
        var archivedOn: CalendarDay?
        var archivedOnLine: Int?
        var index = 0
        // Leading lines: blank, or part of a preamble.
        while index < lines.count {
            let line = lines[index]
            if line.isBlank {
                index += 1
                continue
            }
            guard isPreamble(line.text) else { break }
            if archivedOn == nil, let day = captureDay(line.text) {
                archivedOn = day
                archivedOnLine = line.number
            }
            removed.append(line.number)
            index += 1
        }
        guard !removed.isEmpty else { return Removal(lines: lines, removed: []) }
        return Removal(lines: Array(lines[index...]), removed: removed, archivedOn: archivedOn, archivedOnLine: archivedOnLine)
    }

    private static let lineStarts = [
        "the wayback machine -", "the wayback machine –", "wayback machine", "<!-- saved from url=",
        "saved from url=", "archive.today", "archive.ph", "archived from the original",
        "about this capture", "collected by", "timestamps", "this is a cached version",
    ]

    static func isPreamble(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let plain = trimmed.drop { $0 == ">" || $0 == " " || $0 == "*" || $0 == "_" }
        if lineStarts.contains(where: { plain.hasPrefix($0) }) { return true }
        if plain.hasPrefix("the following text is extracted and transformed from") { return true }
        // A toolbar line that is only a capture count or a snapshot address.
        if plain.wholeMatch(of: /\d[\d,]* captures?.*/) != nil { return true }
        if plain.wholeMatch(of: /(https?:\/\/)?web\.archive\.org\/web\/\S+/) != nil { return true }
        return false
    }

    /// "archived on 2010-06-28", or the 14-digit timestamp of a web.archive.org snapshot address.
    static func captureDay(_ text: String) -> CalendarDay? {
        if let match = text.firstMatch(of: /archived on (\d{4})-(\d{2})-(\d{2})/),
           let year = Int(match.1), let month = Int(match.2), let day = Int(match.3) {
            return CalendarDay(year: year, month: month, day: day)
        }
        if let match = text.firstMatch(of: /web\.archive\.org\/web\/(\d{4})(\d{2})(\d{2})\d{0,6}/),
           let year = Int(match.1), let month = Int(match.2), let day = Int(match.3) {
            return CalendarDay(year: year, month: month, day: day)
        }
        return nil
    }
}
