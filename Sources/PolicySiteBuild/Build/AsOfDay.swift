import Foundation
import PolicySiteModel
import PolicySiteSupport

/// Settles the day a command runs as of: `--as-of`, else `SOURCE_DATE_EPOCH`, else today in UTC.
/// The clock is passed in, so that tests (and reproducible builds) control it. Every command
/// settles its days here (`init` and `publish` too, for today), so that all agree on "today".
package enum AsOfDay {
    /// The day a command runs as of, and the day it is today.
    package struct Days: Sendable, Hashable {
        /// `--as-of`, else today.
        package var asOf: CalendarDay
        /// Today: the day of `SOURCE_DATE_EPOCH` when that is set, else today in UTC by the clock.
        /// A build as of a later day is a preview (SPEC section 2).
        package var today: CalendarDay
    }

    /// The as-of day and today: the one place that settles them. `argument` is `--as-of` (nil
    /// for today); `environment` supplies `SOURCE_DATE_EPOCH`. Throws the problem with either.
    package static func resolve(argument: String?, environment: [String: String], now: () -> Date) throws(Diagnostics) -> Days {
        let clock = CalendarDay(secondsSinceEpoch: Int64(now().timeIntervalSince1970.rounded(.down)))
        let today: CalendarDay
        if let epoch = environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            guard let seconds = Int64(epoch), seconds >= 0 else {
                throw Diagnostics([.error("SOURCE_DATE_EPOCH", "'\(epoch)' is not a whole number of seconds since 1970-01-01; set it to such a number (for example $(git log -1 --format=%ct)), or unset it")])
            }
            // The epoch may set today back (a reproducible build of a past day), never ahead of
            // the clock: a day that has not come yet would record versions and write notices
            // before their time.
            today = min(CalendarDay(secondsSinceEpoch: seconds), clock)
        } else {
            today = clock
        }
        guard let argument else { return Days(asOf: today, today: today) }
        guard let day = CalendarDay(iso: argument) else {
            throw Diagnostics([.error("--as-of", "'\(argument)' is not a real date in the form YYYY-MM-DD")])
        }
        return Days(asOf: day, today: today)
    }
}
