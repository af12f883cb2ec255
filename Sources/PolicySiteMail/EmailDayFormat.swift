import Foundation
import PolicySiteModel

/// How an email writes a day in its language: English as the pages do (`March 1, 2010`, the
/// same whatever the machine's locale), another language in its own long form through
/// Foundation's locale-aware formatting (`1. März 2010`, `1 mars 2010`), in UTC so that the day
/// never shifts.
struct EmailDayFormat: Sendable {
    /// The language's tag; nil for English.
    private let locale: String?

    /// The format of `language`'s emails.
    init(language: String) {
        let primary = language.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        locale = primary == "en" || primary.isEmpty ? nil : language
    }

    /// `day` written out in full.
    func long(_ day: CalendarDay) -> String {
        guard let locale else { return day.longForm }
        // A formatter is not Sendable: one per call, which is once per notice and language.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: locale)
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.dateStyle = .long
        formatter.timeStyle = .none
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch) * 86_400))
    }
}
