import Foundation

/// A moment written as ISO 8601 in UTC, to the whole second, whatever the machine's time zone
/// and locale: the one form for the delivery ledger, the process lock and release names.
package enum UTCTimestamp {
    /// `2026-11-22T05:37:34Z`.
    package static func iso(_ date: Date) -> String {
        date.formatted(extended)
    }

    /// `20261122T053734Z`: publish's release names, which sort in the order they were made.
    package static func compact(_ date: Date) -> String {
        date.formatted(basic)
    }

    private static let extended = Date.ISO8601FormatStyle()
    private static let basic = Date.ISO8601FormatStyle(dateSeparator: .omitted, timeSeparator: .omitted)
}
