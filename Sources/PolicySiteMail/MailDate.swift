import Foundation
import PolicySiteModel

/// The `Date` of a message, in UTC and English whatever the machine's locale (the ledger's
/// times are `UTCTimestamp`).
enum MailDate {
    /// The `Date` header (RFC 5322 section 3.3): `Sun, 22 Nov 2026 05:37:34 +0000`.
    static func format(_ date: Date) -> String {
        let (day, time) = split(date)
        let weekday = weekdays[((day.daysSinceEpoch % 7) + 7 + 4) % 7]  // 1970-01-01 was a Thursday
        return "\(weekday), \(day.day) \(months[day.month - 1]) \(day.year) \(time) +0000"
    }

    /// The UTC day of a moment, and its time of day as `hh:mm:ss`.
    private static func split(_ date: Date) -> (CalendarDay, String) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let secondOfDay = Int(((seconds % 86_400) + 86_400) % 86_400)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return (CalendarDay(secondsSinceEpoch: seconds), "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))")
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
