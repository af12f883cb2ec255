import Foundation

/// The `Date` header (RFC 5322 section 3.3) in UTC, with English day and month names whatever the
/// machine's locale: `Sun, 22 Nov 2026 05:37:34 +0000`.
enum MailDate {
    static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let day = CalendarDay(secondsSinceEpoch: seconds)
        let secondOfDay = Int(((seconds % 86_400) + 86_400) % 86_400)
        let weekday = weekdays[((day.daysSinceEpoch % 7) + 7 + 4) % 7]  // 1970-01-01 was a Thursday
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(day.day) \(months[day.month - 1]) \(day.year) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) +0000"
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

extension MailDate {
    /// `2026-11-22T05:37:34Z`, for the ledger.
    static func iso(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let secondOfDay = Int(((seconds % 86_400) + 86_400) % 86_400)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(CalendarDay(secondsSinceEpoch: seconds).iso)T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }
}
