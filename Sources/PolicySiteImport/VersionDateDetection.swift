import Foundation
import PolicySiteModel

/// Finds a document's version label and dates where policies state them: in its first lines or
/// its last ("Ver. 1.4 Date: March 1, 2010", "Version 2.3, effective 1 March 2010", "Last updated:
/// 14 August, 2025", "Effective date: 2010-03-01", "Revised March 1, 2010", "Effective as of
/// 01/03/2010"). It only finds; `VersionFacts` decides what the version gets.
enum VersionDateDetection {
    /// What a date on a line is said to be.
    enum Role: String, Sendable, Hashable {
        case effective = "effective"
        case updated = "updated"
        case published = "published"
        /// "Date: ...", "Dated ...".
        case dated = "dated"
        /// A line that is nothing but a date.
        case bare = "a date alone on its line"
    }

    struct DateMention: Sendable, Hashable {
        var role: Role
        var found: DateText.Found
        var line: Int
    }

    struct VersionMention: Sendable, Hashable {
        var label: String
        var line: Int
        var text: String
    }

    struct Findings: Sendable {
        var version: VersionMention?
        var dates: [DateMention] = []
        /// "March 2010": a month without a day, on this line.
        var monthsOnly: [(line: Int, text: String)] = []
    }

    /// How many non-blank lines at each end are searched.
    static let headLines = 20
    static let tailLines = 10
    /// Only this much of a line is searched: a date line is short, and a huge line is not read
    /// through by a regular expression.
    static let searchedLength = 300

    static func find(in lines: [DocumentLine]) -> Findings {
        let nonBlank = lines.filter { !$0.isBlank }
        var searched = Array(nonBlank.prefix(headLines))
        if nonBlank.count > headLines {
            searched += nonBlank.suffix(min(tailLines, nonBlank.count - headLines))
        }
        var findings = Findings()
        for line in searched {
            let text = line.text.prefix(searchedLength)
            if findings.version == nil, let label = versionLabel(in: text) {
                findings.version = VersionMention(label: label, line: line.number, text: String(text))
            }
            let mentions = dates(in: text, line: line.number)
            findings.dates += mentions
            if mentions.isEmpty, isDateLine(text), let month = DateText.monthOnly(in: text) {
                findings.monthsOnly.append((line.number, month))
            }
        }
        return findings
    }

    /// "Ver. 1.4", "Version 2.3", "Revision 7", "v1.4".
    static func versionLabel(in text: Substring) -> String? {
        if let match = text.firstMatch(of: /(?i)\b(?:ver|version|rev|revision)\b\.?\s*(?:no\.?\s*|number\s*)?[:#]?\s*(\d+(?:\.\d+)*[a-z]?)\b(?![\-\/]\d)/) {
            return String(match.1)
        }
        if let match = text.firstMatch(of: /\bv(\d+(?:\.\d+)+)\b/) { return String(match.1) }
        return nil
    }

    /// Made on each use: a Regex is not Sendable, so it cannot be a shared constant.
    private static var labels: [(Role, Regex<Substring>)] { [
        (.effective, /(?i)\beffective(?:\s+date)?(?:\s+(?:as\s+of|from|on))?(?:\s+the)?\s*[:\-–—]?\s*/),
        (.updated, /(?i)\b(?:last\s+)?(?:updated|modified|revised|amended|reviewed)(?:\s+(?:on|as\s+of))?(?:\s+the)?\s*[:\-–—]?\s*/),
        (.published, /(?i)\b(?:published|posted|issued)(?:\s+on)?\s*[:\-–—]?\s*/),
        (.dated, /(?i)\bdated?\s*[:\-–—]?\s*/),
    ] }

    /// Each labelled date on a line, or the line's date when the line is nothing else.
    static func dates(in text: Substring, line: Int) -> [DateMention] {
        var mentions: [DateMention] = []
        var usedRanges: [Range<Substring.Index>] = []
        for (role, label) in labels {
            for match in text.matches(of: label) {
                let rest = text[match.range.upperBound...]
                guard let found = DateText.first(in: rest, within: 3), let range = rest.range(of: found.text),
                      !usedRanges.contains(where: { $0.overlaps(range) }) else { continue }
                usedRanges.append(range)
                mentions.append(DateMention(role: role, found: found, line: line))
            }
        }
        if mentions.isEmpty, isDateLine(text), let found = DateText.first(in: text, within: 12) {
            mentions.append(DateMention(role: .bare, found: found, line: line))
        }
        return mentions
    }

    /// A short line, such as "(March 1, 2010)" or "Last updated March 2010".
    private static func isDateLine(_ text: Substring) -> Bool {
        text.count <= 60
    }
}
