import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteModel
@testable import PolicySiteSupport
import Testing

@Suite struct CalendarDayTests {
    @Test func parsesRealDatesOnly() {
        #expect(CalendarDay(iso: "2010-03-01")?.iso == "2010-03-01")
        #expect(CalendarDay(iso: "2012-02-29") != nil)
        #expect(CalendarDay(iso: "2010-02-30") == nil)
        #expect(CalendarDay(iso: "2011-02-29") == nil)
        #expect(CalendarDay(iso: "1900-02-29") == nil)
        #expect(CalendarDay(iso: "2000-02-29") != nil)
        #expect(CalendarDay(iso: "2010-13-01") == nil)
        #expect(CalendarDay(iso: "2010-3-1") == nil)
        #expect(CalendarDay(iso: "March 1, 2010") == nil)
        #expect(CalendarDay(iso: "2010-03-01T00:00") == nil)
    }

    @Test func countsDaysAcrossCenturies() throws {
        #expect(CalendarDay(iso: "1970-01-01")?.daysSinceEpoch == 0)
        #expect(CalendarDay(iso: "2000-03-01")?.daysSinceEpoch == 11_017)
        let start = try #require(CalendarDay(iso: "2010-01-30"))
        let end = try #require(CalendarDay(iso: "2010-03-01"))
        #expect(start.days(until: end) == 30)
        for offset in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDay(daysSinceEpoch: offset).daysSinceEpoch == offset)
        }
    }

    @Test func takesTheUTCDayOfAMoment() {
        #expect(CalendarDay(secondsSinceEpoch: 0).iso == "1970-01-01")
        #expect(CalendarDay(secondsSinceEpoch: 1_267_401_599).iso == "2010-02-28")
        #expect(CalendarDay(secondsSinceEpoch: 1_267_401_600).iso == "2010-03-01")
        #expect(CalendarDay(secondsSinceEpoch: -1).iso == "1969-12-31")
    }

    @Test func writesEnglishLongForm() {
        #expect(CalendarDay(iso: "2010-03-01")?.longForm == "March 1, 2010")
        #expect(CalendarDay(iso: "2001-12-31")?.longForm == "December 31, 2001")
    }

    @Test func resolvesTheBuildDay() throws {
        let clock = { Date(timeIntervalSince1970: 1_700_000_000) }
        #expect(try AsOfDay.resolve(argument: "2010-03-01", environment: ["SOURCE_DATE_EPOCH": "0"], now: clock).asOf.iso == "2010-03-01")
        #expect(try AsOfDay.resolve(argument: nil, environment: ["SOURCE_DATE_EPOCH": "1267401600"], now: clock).asOf.iso == "2010-03-01")
        #expect(try AsOfDay.resolve(argument: nil, environment: [:], now: clock).asOf.iso == "2023-11-14")
        #expect(throws: Diagnostics.self) { try AsOfDay.resolve(argument: "2010-02-30", environment: [:], now: clock) }
        #expect(throws: Diagnostics.self) { try AsOfDay.resolve(argument: nil, environment: ["SOURCE_DATE_EPOCH": "soon"], now: clock) }
    }
}
