import Foundation

/// Settles the day a command runs as of: `--as-of`, else `SOURCE_DATE_EPOCH`, else today in UTC.
/// The clock is passed in, so that tests (and reproducible builds) control it.
public enum AsOfDay {
    public static func resolve(argument: String?, environment: [String: String], now: () -> Date) -> Result<CalendarDay, Diagnostic> {
        if let argument {
            guard let day = CalendarDay(iso: argument) else {
                return .failure(.error("--as-of", "'\(argument)' is not a real date in the form YYYY-MM-DD"))
            }
            return .success(day)
        }
        if let epoch = environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            guard let seconds = Int64(epoch) else {
                return .failure(.error("SOURCE_DATE_EPOCH", "'\(epoch)' is not a whole number of seconds since 1970-01-01"))
            }
            return .success(CalendarDay(secondsSinceEpoch: seconds))
        }
        return .success(CalendarDay(secondsSinceEpoch: Int64(now().timeIntervalSince1970.rounded(.down))))
    }
}
