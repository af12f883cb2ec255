import Foundation
import PolicySiteModel

/// Why a build as of another day than today records nothing: the lock and the outbox are left
/// as they are, and the site is written for a look.
package enum AsOfPreview: Sendable, Hashable {
    /// Built as of a day after today: nothing is published or told before its day.
    case afterToday(asOf: CalendarDay, today: CalendarDay)
    /// Built as of a past day before the lock's latest record: the lock's history only moves forward.
    case beforeLock(asOf: CalendarDay, latest: CalendarDay)

    /// Whether a build as of `asOf` records nothing, and why; nil when it records.
    static func of(asOf: CalendarDay, today: CalendarDay?, lock: PolicyLock?) -> AsOfPreview? {
        let today = today ?? asOf
        if asOf > today { return .afterToday(asOf: asOf, today: today) }
        // The lock's history only moves forward, even when the day before its latest is "today"
        // (SOURCE_DATE_EPOCH set back): a version recorded later must not drop off the site.
        if let latest = lock?.latestDay, asOf < latest { return .beforeLock(asOf: asOf, latest: latest) }
        return nil
    }

    /// One line for the build's report.
    package var summary: String {
        switch self {
        case let .afterToday(asOf, today):
            "Preview as of \(asOf) (a day after today, \(today)): nothing recorded, no notices written"
        case let .beforeLock(asOf, latest):
            "Preview as of \(asOf) (before the latest day in \(PolicyLock.fileName), \(latest)): nothing recorded, no notices written"
        }
    }
}
