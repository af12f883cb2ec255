import Foundation
import PolicySiteModel

/// A day written out as policies write it: "March 1, 2010", "1 March 2010", "14 August, 2025",
/// "1st of March 2010", "Mar. 1, 2010", "2010-03-01", "01/03/2010". A numeric day whose first two
/// numbers could each be the month ("01/03/2010") is ambiguous, and both readings are returned for
/// a person to settle; it is never guessed.
enum DateText {
    enum Reading: Sendable, Hashable {
        case day(CalendarDay)
        /// Month/day first, then day/month.
        case ambiguous(monthFirst: CalendarDay, dayFirst: CalendarDay)
    }

    struct Found: Sendable, Hashable {
        var reading: Reading
        /// The text that was read.
        var text: String
        /// How it was read, for the notes: "day/month, since 13 cannot be a month".
        var how: String?
    }

    /// English month names and their abbreviations, from Foundation's calendar data.
    private static let months: [String: Int] = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        var names: [String: Int] = ["sept": 9]
        for (index, name) in formatter.monthSymbols.enumerated() { names[name.lowercased()] = index + 1 }
        for (index, name) in formatter.shortMonthSymbols.enumerated() { names[name.lowercased()] = index + 1 }
        return names
    }()

    private static func month(_ name: Substring) -> Int? {
        months[name.lowercased()]
    }

    /// The first date in `text` that starts within its first `within` characters.
    static func first(in text: Substring, within: Int = 40) -> Found? {
        let limit = text.index(text.startIndex, offsetBy: within, limitedBy: text.endIndex) ?? text.endIndex
        var candidates: [(Substring.Index, Found)] = []
        if let match = text.firstMatch(of: /\b(\d{4})[-\/.](\d{1,2})[-\/.](\d{1,2})\b/), match.range.lowerBound < limit,
           let day = day(Int(match.1), Int(match.2), Int(match.3)) {
            candidates.append((match.range.lowerBound, Found(reading: .day(day), text: String(match.0))))
        }
        if let match = text.firstMatch(of: /\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/), match.range.lowerBound < limit,
           let month = month(match.1), let day = day(Int(match.3), month, Int(match.2)) {
            candidates.append((match.range.lowerBound, Found(reading: .day(day), text: String(match.0))))
        }
        if let match = text.firstMatch(of: /\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/), match.range.lowerBound < limit,
           let month = month(match.2), let day = day(Int(match.3), month, Int(match.1)) {
            candidates.append((match.range.lowerBound, Found(reading: .day(day), text: String(match.0))))
        }
        if let match = text.firstMatch(of: /\b(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\b/), match.range.lowerBound < limit,
           let first = Int(match.1), let second = Int(match.2), let year = Int(match.3),
           let found = numeric(first, second, year, text: String(match.0)) {
            candidates.append((match.range.lowerBound, found))
        }
        return candidates.min { $0.0 < $1.0 }?.1
    }

    /// A month and year without a day ("March 2010"), which cannot be a version's day.
    static func monthOnly(in text: Substring) -> String? {
        guard let match = text.firstMatch(of: /\b([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/), month(match.1) != nil else { return nil }
        return String(match.0)
    }

    private static func numeric(_ first: Int, _ second: Int, _ year: Int, text: String) -> Found? {
        let monthFirst = day(year, first, second)
        let dayFirst = day(year, second, first)
        switch (monthFirst, dayFirst) {
        case let (.some(a), .some(b)) where a == b:
            return Found(reading: .day(a), text: text)
        case let (.some(a), .some(b)):
            return Found(reading: .ambiguous(monthFirst: a, dayFirst: b), text: text)
        case let (.some(a), nil):
            return Found(reading: .day(a), text: text, how: "month/day, since \(second) cannot be a month")
        case let (nil, .some(b)):
            return Found(reading: .day(b), text: text, how: "day/month, since \(first) cannot be a month")
        case (nil, nil):
            return nil
        }
    }

    private static func day(_ year: Int?, _ month: Int?, _ day: Int?) -> CalendarDay? {
        guard let year, let month, let day, (1000...9999).contains(year) else { return nil }
        return CalendarDay(year: year, month: month, day: day)
    }
}
