import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteModel
@testable import PolicySiteSupport
import Testing

/// Time and the lock (issue 11, cases 8, 9, 10 and the lock's messages): a look ahead records
/// nothing, a backdated version is not announced as new, a version recorded without a users file
/// can get its notice later, and a damaged lock is reported at its line.
@Suite struct AsOfAndInsertTests {
    func lock(_ site: TemporarySite) throws -> PolicyLock {
        try LockFile.decode(Data(site.read(PolicyLock.fileName).utf8), displayPath: "")
    }

    /// The lock and the outbox, byte for byte.
    func record(_ site: TemporarySite) throws -> [String: Data] {
        var files = try site.tree("outbox").reduce(into: [String: Data]()) { $0["outbox/" + $1.key] = $1.value }
        files[PolicyLock.fileName] = FileManager.default.contents(atPath: site.root.appending(path: PolicyLock.fileName).path)
        return files
    }

    func options(_ site: TemporarySite, asOf: String, today: String) -> BuildOptions {
        var options = site.options(asOf: asOf)
        options.today = CalendarDay(iso: today)
        return options
    }

    func request(_ target: String, _ reason: String = "A reason.") throws -> CorrectionRequest {
        try #require(CorrectionRequest(target: target, reason: reason))
    }

    // MARK: case 9: looking ahead

    @Test func aBuildAsOfALaterDayWritesTheSiteAndRecordsNothing() throws {
        let site = try LockTests.site()
        try site.build(asOf: "2024-02-01")
        let before = try record(site)

        let report = try SiteBuilder.build(options(site, asOf: "2024-05-01", today: "2024-02-01"))
        #expect(report.preview == .afterToday(asOf: CalendarDay(iso: "2024-05-01")!, today: CalendarDay(iso: "2024-02-01")!))
        #expect(report.preview?.summary == "Preview as of 2024-05-01 (a day after today, 2024-02-01): nothing recorded, no notices written")
        #expect(report.notices.isEmpty && !report.lock.isChanged && report.lock.recorded == 0)
        #expect(site.exists("site/privacy/versions/2/index.html"), "the site is written as of the later day")
        #expect(try record(site) == before, "the lock and the outbox are byte-identical")
        #expect(LastBuild.read(site.paths)?.asOf == CalendarDay(iso: "2024-05-01"), "last-build.json says what day the site is as of")

        // A request to record something is refused in a preview.
        var correcting = options(site, asOf: "2024-05-01", today: "2024-02-01")
        correcting.corrections = [try request("privacy/1")]
        #expect(site.buildProblems(correcting).map(\.description).contains(
            "--as-of: error: --correct privacy/1: 2024-05-01 is after today (2024-02-01), so this build is a preview that records nothing; leave out --as-of to record it today"))

        // On the day itself the version is recorded and gets its one notice.
        let publishing = try SiteBuilder.build(options(site, asOf: "2024-05-01", today: "2024-05-01"))
        #expect(publishing.preview == nil && publishing.notices.map(\.version) == ["2"])
    }

    @Test func aFirstBuildAsOfALaterDayWritesNoLock() throws {
        let site = try LockTests.site()
        let report = try SiteBuilder.build(options(site, asOf: "2030-01-01", today: "2024-02-01"))
        #expect(report.preview != nil && !report.lock.isBaseline)
        #expect(site.exists("site/index.html") && !site.exists(PolicyLock.fileName) && !site.exists("outbox"))
    }

    @Test func aPastDayBeforeTheLocksLatestRecordRecordsNothing() throws {
        let site = try LockTests.site()
        try site.build(asOf: "2024-02-01")
        try site.build(asOf: "2024-05-01")
        let before = try record(site)
        try site.write("policies/privacy/3.md", versionFile("version: \"3\"\neffective: 2024-09-01\npublished: 2024-03-01", body: "# Privacy\n\nThree.\n"))
        let past = try SiteBuilder.build(options(site, asOf: "2024-04-01", today: "2024-06-01"))
        #expect(past.preview?.summary == "Preview as of 2024-04-01 (before the latest day in policysite.lock, 2024-05-01): nothing recorded, no notices written")
        #expect(try record(site) == before)
        // A past day that is not before the lock's latest record catches up, as a missed daily build would.
        let catchingUp = try SiteBuilder.build(options(site, asOf: "2024-05-20", today: "2024-06-01"))
        #expect(catchingUp.preview == nil && catchingUp.notices.map(\.version) == ["3"])
    }

    @Test func todayIsSourceDateEpochsDayOrTheClocks() throws {
        let clock = { Date(timeIntervalSince1970: 1_700_000_000) }  // 2023-11-14
        let epoch = ["SOURCE_DATE_EPOCH": "1264809600"]  // 2010-01-30
        #expect(try AsOfDay.resolve(argument: "2024-01-01", environment: epoch, now: clock)
            == AsOfDay.Days(asOf: CalendarDay(iso: "2024-01-01")!, today: CalendarDay(iso: "2010-01-30")!))
        #expect(try AsOfDay.resolve(argument: nil, environment: [:], now: clock)
            == AsOfDay.Days(asOf: CalendarDay(iso: "2023-11-14")!, today: CalendarDay(iso: "2023-11-14")!))
    }

    @Test func sourceDateEpochNeverSetsTodayAheadOfTheClockNorBeforeNineteenSeventy() throws {
        let clock = { Date(timeIntervalSince1970: 1_700_000_000) }  // 2023-11-14
        let ahead = ["SOURCE_DATE_EPOCH": "1714521600"]  // 2024-05-01
        // A day that has not come yet would record versions and write notices before their time.
        #expect(try AsOfDay.resolve(argument: nil, environment: ahead, now: clock)
            == AsOfDay.Days(asOf: CalendarDay(iso: "2023-11-14")!, today: CalendarDay(iso: "2023-11-14")!))
        let problem: Diagnostics
        do {
            _ = try AsOfDay.resolve(argument: nil, environment: ["SOURCE_DATE_EPOCH": "-86400"], now: clock)
            Issue.record("a negative SOURCE_DATE_EPOCH was taken")
            return
        } catch {
            problem = error
        }
        #expect(problem.description.hasPrefix("SOURCE_DATE_EPOCH: error: '-86400' is not a whole number of seconds since 1970-01-01"))
    }

    @Test func aBuildAsOfTodayBeforeTheLocksLatestDayRecordsNothing() throws {
        let site = try recordedSite()  // the lock's latest day is 2024-05-01
        let before = try record(site)
        // Today set back (SOURCE_DATE_EPOCH of an earlier day): the site would lose version 2.
        let back = try SiteBuilder.build(options(site, asOf: "2024-04-01", today: "2024-04-01"))
        #expect(back.preview == .beforeLock(asOf: CalendarDay(iso: "2024-04-01")!, latest: CalendarDay(iso: "2024-05-01")!))
        #expect(try record(site) == before)
    }

    @Test func theCommandLineSaysAPreviewIsAPreview() throws {
        let site = try LockTests.site()
        let day = ["SOURCE_DATE_EPOCH": "1706745600"]  // 2024-02-01
        #expect(try CommandLineTool.run(["build"], in: site.root, environment: day).status == 0)
        let before = try record(site)
        let ahead = try CommandLineTool.run(["build", "--as-of", "2024-05-01"], in: site.root, environment: day)
        #expect(ahead.status == 0)
        #expect(ahead.standardOutput.contains("Preview as of 2024-05-01 (a day after today, 2024-02-01): nothing recorded, no notices written."))
        #expect(try record(site) == before && site.exists("site/privacy/versions/2/index.html"))
        // Without SOURCE_DATE_EPOCH, today is the clock's.
        let far = try CommandLineTool.run(["build", "--as-of", "2999-01-01"], in: site.root, environment: ["SOURCE_DATE_EPOCH": ""])
        #expect(far.status == 0 && far.standardOutput.contains("Preview as of 2999-01-01 (a day after today, "))
        #expect(try record(site) == before)
        // SOURCE_DATE_EPOCH's day is today: a build on the version's day records and tells.
        let publishing = try CommandLineTool.run(["build"], in: site.root, environment: ["SOURCE_DATE_EPOCH": "1714521600"])  // 2024-05-01
        #expect(publishing.status == 0 && publishing.standardOutput.contains("Notice for privacy 2: 2 to tell"))
    }

    // MARK: case 10: backdated versions

    /// Versions 1 and 2 recorded, the second with its notice.
    func recordedSite() throws -> TemporarySite {
        let site = try LockTests.site()
        try site.build(asOf: "2024-02-01")
        try site.build(asOf: "2024-05-01")
        return site
    }

    @Test func aBackdatedVersionIsAnErrorUnlessInserted() throws {
        let site = try recordedSite()
        let before = try record(site)
        try site.write("policies/privacy/1.5.md", versionFile("version: \"1.5\"\npublished: 2024-05-10\neffective: 2024-06-14\nmaterial: false",
                                                              body: "# Privacy\n\nBetween.\n"))
        let problems = site.buildProblems(asOf: "2024-05-10").map(\.description)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("policies/privacy/1.5.md:4: error: version 1.5 is new to policysite.lock, but it takes effect on 2024-06-14, not after version 2 (effective 2024-06-15), the newest recorded version of privacy") == true)
        #expect(problems.first?.hasSuffix("policysite build --insert privacy/1.5 --reason \"...\"") == true)
        #expect(try record(site) == before)

        var inserting = site.options(asOf: "2024-05-10")
        inserting.insertions = [try request("privacy/1.5", "A clarification kept in the history.")]
        let outbox = try site.tree("outbox")
        let report = try SiteBuilder.build(inserting)
        #expect(report.notices.isEmpty && report.lock.inserted == 1 && report.lock.recorded == 0 && report.lock.isChanged)
        #expect(try site.tree("outbox") == outbox, "no notice")
        let entry = try #require(try lock(site)["privacy", "1.5"])
        #expect(entry.notice == .inserted && entry.inserted == Acknowledgement(day: CalendarDay(iso: "2024-05-10")!, reason: "A clarification kept in the history."))
        #expect(try site.read(PolicyLock.fileName).contains("\"inserted\" : {"))
        #expect(try site.read("site/privacy/versions/1.5/index.html").contains("Added to the version history on <time datetime=\"2024-05-10\">May 10, 2024</time>:</strong> A clarification kept in the history."))
        #expect(try site.read("site/policies.json").contains("\"inserted\" : {"))
        #expect(try site.build(asOf: "2024-05-11").lock.isChanged == false, "inserted once")
    }

    @Test func aDeletedLockEntryIsNotAnnouncedAgain() throws {
        let site = try recordedSite()
        var edited = try lock(site)
        edited.policies["privacy"]?["1"] = nil
        try site.write(PolicyLock.fileName, LockFile.encode(edited))
        let before = try record(site)
        let problems = site.buildProblems(asOf: "2024-05-02").map(\.description)
        #expect(problems.count == 1 && problems.first?.hasPrefix("policies/privacy/1.md:3: error: version 1 is new to policysite.lock, but it takes effect on 2024-01-01, not after version 2") == true)
        #expect(problems.first?.contains("restore policysite.lock from version control") == true)
        #expect(try record(site) == before)
    }

    @Test func anInsertThatNamesNoBackdatedVersionIsAnError() throws {
        let site = try recordedSite()
        try site.write("policies/privacy/3.md", versionFile("version: \"3\"\npublished: 2024-07-01\neffective: 2024-08-01", body: "# Privacy\n\nThree.\n"))
        var options = site.options(asOf: "2024-07-01")
        options.insertions = [try request("privacy/3"), try request("privacy/2"), try request("privacy/9")]
        let messages = site.buildProblems(options).map(\.message)
        #expect(messages.count == 3)
        #expect(messages.contains { $0.hasPrefix("--insert privacy/3: this version is not backdated: it takes effect on 2024-08-01, after version 2 (effective 2024-06-15)") })
        #expect(messages.contains { $0.hasPrefix("--insert privacy/2: version 2 is already recorded in policysite.lock") })
        #expect(messages.contains { $0.hasPrefix("--insert privacy/9: no version '9' of a policy 'privacy'") })
        #expect(try lock(site)["privacy", "3"] == nil)
    }

    @Test func theBaselineIsNotBackdated() throws {
        let site = try LockTests.site()
        let report = try site.build(asOf: "2024-05-01")
        #expect(report.lock.isBaseline && report.lock.recorded == 2)
    }

    // MARK: case 8: a notice for a version recorded without one

    @Test func aVersionRecordedWithoutAUsersFileGetsItsNoticeOnce() throws {
        let site = try LockTests.site(users: false)
        try site.build(asOf: "2024-02-01")
        try site.build(asOf: "2024-05-01")
        #expect(try lock(site)["privacy", "2"]?.notice == .noUsersFile)

        var noticing = site.options(asOf: "2024-05-03")
        noticing.noticeRequests = [try request("privacy/2", "The users file was missing.")]
        let unchanged = try record(site)
        #expect(site.buildProblems(noticing).map(\.message).first?.hasPrefix("notice privacy/2: 'users' is not set in policysite.yml") == true)
        #expect(try record(site) == unchanged)

        try site.write("policysite.yml", "title: Test Site\nbase_url: https://example.com/legal/\nusers: users.csv\nemail:\n  unsubscribe_mailto: unsubscribe@example.com\n")
        let report = try SiteBuilder.build(noticing)
        #expect(report.notices.map(\.version) == ["2"] && report.lock.lateNotices == 1 && report.notices.first?.counts.recipients == 2)
        #expect(site.exists("outbox/privacy/2/recipients.csv") && site.exists("outbox/privacy/2/notice.json"))
        let entry = try #require(try lock(site)["privacy", "2"])
        #expect(entry.notice == .outbox)
        #expect(entry.lateNotice == LateNotice(day: CalendarDay(iso: "2024-05-03")!, reason: "The users file was missing.", previous: .noUsersFile))

        let written = try record(site)
        let again = site.buildProblems(noticing).map(\.description)
        let line = try #require(LockFile.line(of: "privacy", "2", in: Data(site.read(PolicyLock.fileName).utf8)))
        #expect(again == ["policysite.lock:\(line): error: notice privacy/2: version 2 already has a notice, written by policysite notice on 2024-05-03; notify sends it (see notify --status)"])
        #expect(try record(site) == written)
        #expect(try site.build(asOf: "2024-05-04").notices.isEmpty, "a later build does not write it again")
    }

    @Test func aNoticeForAVersionOutsideTheLockIsAnError() throws {
        let site = try LockTests.site()
        try site.build(asOf: "2024-02-01")
        var options = site.options(asOf: "2024-04-01")
        options.noticeRequests = [try request("privacy/2"), try request("privacy/1"), try request("terms/1")]
        let messages = site.buildProblems(options).map(\.message)
        #expect(messages.contains { $0.hasPrefix("notice privacy/2: this version is not recorded in policysite.lock; it is not published as of 2024-04-01") })
        #expect(!messages.contains { $0.hasPrefix("notice privacy/1:") }, "a baseline version may be announced")
        #expect(messages.contains { $0.hasPrefix("notice terms/1: no version '1' of a policy 'terms'") })
    }

    @Test func theNoticeCommandWritesOnceAndThenRefuses() throws {
        let site = try LockTests.site(users: false)
        let day = ["SOURCE_DATE_EPOCH": "1714521600"]  // 2024-05-01
        #expect(try CommandLineTool.run(["build", "--as-of", "2024-02-01"], in: site.root, environment: day).status == 0)
        #expect(try CommandLineTool.run(["build"], in: site.root, environment: day).status == 0)
        try site.write("policysite.yml", "title: Test Site\nbase_url: https://example.com/legal/\nusers: users.csv\nemail:\n  unsubscribe_mailto: unsubscribe@example.com\n")
        let first = try CommandLineTool.run(["notice", "privacy/2", "--reason", "No users file then."], in: site.root, environment: day)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("Recorded in policysite.lock the notice of 1 version that had none."))
        #expect(first.standardOutput.contains("Notice for privacy 2: 2 to tell, 0 skipped"))
        let written = try record(site)
        let second = try CommandLineTool.run(["notice", "privacy/2", "--reason", "Again."], in: site.root, environment: day)
        #expect(second.status == 1 && second.standardError.contains("error: notice privacy/2: version 2 already has a notice"))
        #expect(try record(site) == written)
        let noReason = try CommandLineTool.run(["notice", "privacy/2"], in: site.root, environment: day)
        #expect(noReason.status != 0 && noReason.standardError.contains("--reason"))
    }

    // MARK: case 18: the lock's messages

    @Test func aBadDateInTheLockIsReportedAtItsLine() throws {
        let site = try recordedSite()
        let text = try site.read(PolicyLock.fileName)
        let lines = text.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains("\"effective\" : \"2024-06-15\"") }) + 1
        try site.write(PolicyLock.fileName, text.replacingOccurrences(of: "\"effective\" : \"2024-06-15\"", with: "\"effective\" : \"2024-06-31\""))
        #expect(site.buildProblems(asOf: "2024-05-02").map(\.description) == [
            "policysite.lock:\(line): error: 'effective' of privacy/2 is not a date in the form YYYY-MM-DD (found '2024-06-31'); restore it from version control (git checkout policysite.lock); it is the record of what was published and notified",
        ])

        // A correction's day, inside a list.
        var corrected = try LockFile.decode(Data(text.utf8), displayPath: "")
        corrected.policies["privacy"]?["1"]?.corrections = [Correction(day: CalendarDay(iso: "2024-05-01")!, reason: "r", changed: ["body"],
                                                                        previousSHA256: "0", previousEffective: CalendarDay(iso: "2024-01-01")!, previousMaterial: true)]
        let good = String(decoding: try LockFile.encode(corrected), as: UTF8.self)
        let dayLine = try #require(good.components(separatedBy: "\n").firstIndex { $0.contains("\"day\" : \"2024-05-01\"") }) + 1
        try site.write(PolicyLock.fileName, good.replacingOccurrences(of: "\"day\" : \"2024-05-01\"", with: "\"day\" : \"May 1\""))
        #expect(site.buildProblems(asOf: "2024-05-02").map(\.description).first?.hasPrefix(
            "policysite.lock:\(dayLine): error: 'corrections.0.day' of privacy/1 is not a date in the form YYYY-MM-DD (found 'May 1');") == true)
    }

    @Test func aDamagedLockIsReportedAtTheDamage() throws {
        let site = try recordedSite()
        let text = try site.read(PolicyLock.fileName)
        let lines = text.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains("\"material\" : true,") })
        var damaged = lines
        damaged[index] = damaged[index].replacingOccurrences(of: ",", with: "")
        try site.write(PolicyLock.fileName, damaged.joined(separator: "\n"))
        let problems = site.buildProblems(asOf: "2024-05-02").map(\.description)
        #expect(problems == ["policysite.lock:\(index + 2): error: the lock is not valid JSON: expected ',' or '}' after the value of \"material\"; restore it from version control (git checkout policysite.lock); it is the record of what was published and notified"])

        try site.write(PolicyLock.fileName, String(text.prefix(text.count / 2)))
        let cut = site.buildProblems(asOf: "2024-05-02").map(\.description)
        #expect(cut.count == 1 && cut.first?.hasPrefix("policysite.lock:\(text.prefix(text.count / 2).components(separatedBy: "\n").count): error: the lock is not valid JSON: the text ends") == true)

        try site.write(PolicyLock.fileName, text.replacingOccurrences(of: "\"notice\" : \"outbox\"", with: "\"notice\" : 3"))
        let wrongType = site.buildProblems(asOf: "2024-05-02").map(\.message)
        #expect(wrongType.first?.hasPrefix("'notice' of privacy/2 should be a string;") == true)
        #expect(!wrongType.joined().contains("DecodingError") && !wrongType.joined().contains("Swift."))
    }
}
