import Foundation
@testable import PolicySiteImport
@testable import PolicySiteModel
@testable import PolicySiteSupport
import Testing

/// `policysite import`'s reading of a document: dates and versions, encodings, mojibake, an
/// archive's preamble, title and headings (SPEC section 6).
@Suite struct ImportTextTests {
    struct Converted {
        var document: ConvertedDocument?
        var notes: [ImportNote]
        var problems: Diagnostics
    }

    static func convert(_ text: String, overrides: ImportOverrides = ImportOverrides()) -> Converted {
        convert(Data(text.utf8), overrides: overrides)
    }

    static func convert(_ data: Data, overrides: ImportOverrides = ImportOverrides()) -> Converted {
        var notes: [ImportNote] = []
        var problems = Diagnostics()
        let document = DocumentConverter.convert(data, path: "old.txt", overrides: overrides, notes: &notes, &problems)
        return Converted(document: document, notes: notes, problems: problems)
    }

    static let body = "\n\nWe collect your name and address to deliver orders.\n"

    struct DateForm: Sendable, CustomStringConvertible {
        var text: String
        var version: String?
        var effective: String
        var published: String?
        var description: String { text }
    }

    static let dateForms: [DateForm] = [
        DateForm(text: "Privacy Policy\n\n(Ver. 1.4 Date: March 1, 2010)", version: "1.4", effective: "2010-03-01"),
        DateForm(text: "Privacy Policy\n\nVersion 2.3, effective 1 March 2010", version: "2.3", effective: "2010-03-01"),
        DateForm(text: "Privacy Policy\n\nLast updated: 14 August, 2025", effective: "2025-08-14"),
        DateForm(text: "Privacy Policy\n\nEffective date: 2010-03-01", effective: "2010-03-01"),
        DateForm(text: "Privacy Policy\n\nRevised March 1, 2010", effective: "2010-03-01"),
        DateForm(text: "Privacy Policy\n\nEffective as of 13/03/2010", effective: "2010-03-13"),
        DateForm(text: "Privacy Policy\n\nEffective as of 03/13/2010", effective: "2010-03-13"),
        DateForm(text: "Privacy Policy\n\nEffective: Mar. 1st, 2010", effective: "2010-03-01"),
        DateForm(text: "Privacy Policy\n\nLast modified on the 1st of March 2010", effective: "2010-03-01"),
        DateForm(text: "Privacy Policy\n\nEffective date: 2010-03-01\nLast updated: 2010-01-15", effective: "2010-03-01", published: "2010-01-15"),
        DateForm(text: "Privacy Policy\n\nPosted: January 30, 2010\nEffective: March 1, 2010", effective: "2010-03-01", published: "2010-01-30"),
    ]

    @Test(arguments: dateForms) func eachDateFormIsRead(_ form: DateForm) throws {
        let result = Self.convert(form.text + Self.body)
        let document = try #require(result.document, "\(result.problems)")
        #expect(document.effective == CalendarDay(iso: form.effective))
        #expect(document.published == CalendarDay(iso: form.published ?? form.effective))
        #expect(document.label == form.version ?? form.effective)
    }

    @Test func aDateInTheLastLinesIsRead() throws {
        let middle = (1...40).map { "Paragraph \($0) says what we do with data, at some length.\n" }.joined(separator: "\n")
        let result = Self.convert("Privacy Policy\n\n" + middle + "\nThis policy was last updated on 2 February 2021.\n")
        let document = try #require(result.document, "\(result.problems)")
        #expect(document.effective == CalendarDay(iso: "2021-02-02"))
        #expect(result.notes.contains { $0.line == 83 && $0.message.contains("effective 2021-02-02") })
    }

    @Test func anAmbiguousDateIsReportedNotGuessed() throws {
        let result = Self.convert("Privacy Policy\n\nEffective as of 01/03/2010" + Self.body)
        #expect(result.document == nil)
        let error = try #require(result.problems.errors.first)
        #expect(error.line == 3)
        #expect(error.message.contains("2010-01-03") && error.message.contains("2010-03-01") && error.message.contains("--effective"))
        let settled = Self.convert("Privacy Policy\n\nEffective as of 01/03/2010" + Self.body,
                                   overrides: ImportOverrides(effective: CalendarDay(iso: "2010-03-01")))
        #expect(settled.document?.effective == CalendarDay(iso: "2010-03-01"))
        #expect(!settled.problems.hasErrors)
    }

    @Test func aDocumentWithoutADateIsAnErrorThatNamesEffective() throws {
        let result = Self.convert("Privacy Policy" + Self.body)
        #expect(result.document == nil)
        #expect(result.problems.errors.count == 1)
        #expect(result.problems.errors.first?.message.contains("pass --effective") == true)
        let archived = Self.convert("The Wayback Machine - https://web.archive.org/web/20011201221615/http://planetmirror.com/privacy\n\nPrivacy Policy" + Self.body)
        #expect(archived.problems.errors.first?.message.contains("captured it on 2001-12-01") == true)
    }

    @Test func aMonthWithoutADayIsNotADay() {
        let result = Self.convert("Privacy Policy\n\nLast updated: March 2010" + Self.body)
        #expect(result.document == nil)
        #expect(result.notes.contains { $0.message.contains("month without a day") })
    }

    @Test func mojibakeIsRepairedAndEachRepairListed() throws {
        let text = "Privacy Policy\n\nEffective date: 2010-03-01\n\nWeâ€™ll keep your rÃ©sumÃ© safe.\n\nâ€œQuotedâ€\u{9D} text.\n\nÂ \n\nCostÂ Â£5.\n"
        let result = Self.convert(text)
        let body = try #require(result.document?.body)
        #expect(body.contains("We’ll keep your résumé safe."))
        #expect(body.contains("“Quoted” text."))
        #expect(body.contains("Cost £5."))
        #expect(!body.contains("Â") && !body.contains("Ã"))
        #expect(result.notes.contains { $0.line == 5 && $0.message == "repaired mojibake 'â€™' to '’'" })
        #expect(result.notes.contains { $0.line == 5 && $0.message == "repaired mojibake 'Ã©' to 'é' (2 times)" })
        #expect(result.notes.contains { $0.line == 9 && $0.message.contains("'Â '") })
        #expect(result.notes.contains { $0.line == 11 && $0.message.contains("'Â£' to '£'") })
    }

    @Test func realAccentedTextIsLeftAlone() throws {
        let text = "Privacy Policy\n\nEffective date: 2010-03-01\n\nSÃO PAULO, Âge, naïve café.\n"
        let result = Self.convert(text)
        #expect(try #require(result.document?.body).contains("SÃO PAULO, Âge, naïve café."))
        #expect(!result.notes.contains { $0.message.contains("mojibake") })
        #expect(MojibakeTelltale.lines(in: "SÃO PAULO, Âge, naïve café.") == nil)
        #expect(MojibakeTelltale.lines(in: "one\nWeâ€™ll\nthree Ã©\n")?.lines == [2, 3])
    }

    @Test func theBuildsTelltaleScanFindsEachKindOnItsLine() {
        let text = "ok\nCostÂ £5\nnot here: Ã\nâ€œquotedâ€\u{9D}\n\nÂ \nSÃO Âge\nend Ã"
        let found = MojibakeTelltale.lines(in: text[...])
        #expect(found?.lines == [2, 4, 6])
        #expect(found?.first == "Â ")
        #expect(MojibakeTelltale.lines(in: "a\nrÃ©sumÃ© and Ã©")?.first == "Ã©")
        #expect(MojibakeTelltale.lines(in: "x\nWeâ€™ll")?.first == "â€™")
        #expect(MojibakeTelltale.lines(in: String(repeating: "plain ASCII text. ", count: 10_000)) == nil)
    }

    @Test func windows1252AndLatin1AreDecodedAndReported() throws {
        var bytes = Array("Privacy Policy\n\nEffective date: 2010-03-01\n\nWe".utf8) + [0x92] + Array("ll keep it ".utf8) + [0x96] + Array(" safe.\n".utf8)
        var result = Self.convert(Data(bytes))
        #expect(try #require(result.document?.body).contains("We’ll keep it – safe."))
        #expect(result.notes.contains { $0.line == 5 && $0.message.contains("Windows-1252") && !$0.message.contains("Latin-1") })

        bytes = Array("Privacy Policy\n\nEffective date: 2010-03-01\n\nNa".utf8) + [0xEF] + Array("ve caf".utf8) + [0xE9] + Array(".\n".utf8)
        result = Self.convert(Data(bytes))
        #expect(try #require(result.document?.body).contains("Naïve café."))
        #expect(result.notes.contains { $0.message.contains("Latin-1 reads it the same") })
    }

    @Test func aByteOrderMarkAndUTF16AreRead() throws {
        let text = "Privacy Policy\n\nEffective date: 2010-03-01\n\nWe’ll keep it safe.\n"
        let marked = Self.convert(Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)))
        #expect(marked.document?.body.hasPrefix("# Privacy Policy\n") == true)
        let utf16 = try #require(text.data(using: .utf16LittleEndian))
        let sixteen = Self.convert(Data([0xFF, 0xFE]) + utf16)
        #expect(sixteen.document?.body.contains("We’ll keep it safe.") == true)
        #expect(sixteen.notes.contains { $0.message.contains("UTF-16") })
    }

    @Test func crlfAndLoneCarriageReturnsEndLines() throws {
        let result = Self.convert("Privacy Policy\r\n\r\nEffective date: 2010-03-01\r\rWe keep it safe.\r\n")
        #expect(result.document?.body == "# Privacy Policy\n\nEffective date: 2010-03-01\n\nWe keep it safe.\n")
    }

    @Test func emptyBinaryAndControlCharacters() throws {
        #expect(Self.convert("").problems.errors.first?.message.contains("empty") == true)
        #expect(Self.convert(" \n\n\t\n").problems.errors.first?.message.contains("empty") == true)
        let binary = Self.convert(Data([0x50, 0x4B, 0x03, 0x04, 0x0A, 0x00, 0x00]))
        #expect(binary.problems.errors.first?.message.contains("not a text file") == true)
        #expect(binary.problems.errors.first?.line == 2)
        let controls = Self.convert("Privacy Policy\n\nEffective date: 2010-03-01\n\nWe \u{1B}[31mkeep\u{7} it.\n")
        #expect(controls.document?.body.contains("We [31mkeep it.") == true)
        #expect(controls.problems.warnings.first?.line == 5)
    }

    @Test func theWaybackPreambleIsRemovedAndItsDayKept() throws {
        let text = """
        The Wayback Machine - https://web.archive.org/web/20100628050932/http://home.plimus.com/privacy
        About this capture

        Privacy Policy

        Effective date: 2010-03-01

        We keep it safe.
        """
        let result = Self.convert(text)
        let body = try #require(result.document?.body)
        #expect(body == "# Privacy Policy\n\nEffective date: 2010-03-01\n\nWe keep it safe.\n")
        #expect(result.notes.contains { $0.line == 1 && $0.message.contains("lines 1-2") && $0.message.contains("2010-06-28") })
        #expect(ArchivePreamble.remove(DocumentLine.split("Privacy Policy\nThe Wayback Machine - x\n")).removed.isEmpty, "only leading lines are a preamble")
    }

    @Test func pseudoHeadingsBecomeHeadingsAndListsStayLists() throws {
        let text = """
        PRIVACY POLICY

        Effective date: 2010-03-01

        Part I. Information Collection  
        We collect little.

        1. Information We Collect

        Your name.

        1.1 Cookies  
        Small files.

        INFORMATION WE SHARE
        Nothing at all, with anyone, ever, under any circumstances whatsoever.

        Visitor Information

        Logs are kept.

        What we keep:

        1. Your name
        2. Your address

        Write to privacy@example.com or see https://example.com/privacy for more.
        """
        let result = Self.convert(text)
        let body = try #require(result.document?.body)
        #expect(body.hasPrefix("# PRIVACY POLICY\n\nEffective date: 2010-03-01\n\n"))
        #expect(body.contains("\n## Part I. Information Collection\n\nWe collect little.\n"))
        #expect(body.contains("\n## 1. Information We Collect\n\nYour name.\n"))
        #expect(body.contains("\n### 1.1 Cookies\n\nSmall files.\n"))
        #expect(body.contains("\n## INFORMATION WE SHARE\n\nNothing at all"))
        #expect(body.contains("\n## Visitor Information\n\nLogs are kept.\n"))
        #expect(body.contains("\nWhat we keep:\n\n1. Your name\n2. Your address\n"), "a numbered list stays a list")
        #expect(body.contains("Write to privacy@example.com or see https://example.com/privacy for more."), "left for autolinks")
        #expect(result.notes.filter { $0.message.hasPrefix("heading") }.count == 5)
    }

    @Test func theTitleComesFromThePageTitleOrTheFirstLine() throws {
        let page = Self.convert("# Acme - Acme Terms of Service - Home\n\nEffective date: 2010-03-01\n\nWe sell things.\n")
        #expect(page.document?.body.hasPrefix("# Acme Terms of Service\n\n") == true)
        let own = Self.convert("# Acme privacy\n\nAcme Privacy Policy  \nEffective date: 2010-03-01\n\nWe sell things.\n")
        #expect(own.document?.body.hasPrefix("# Acme Privacy Policy\n\nEffective date: 2010-03-01\n") == true)
        let none = Self.convert("We sell things, and this sentence is not a title.\n\nEffective date: 2010-03-01\n")
        #expect(none.notes.contains { $0.message.hasPrefix("no title") })
    }

    @Test func aHugeLineIsReadWithoutTrouble() throws {
        let result = Self.convert("Terms of Service\n\nEffective date: 2010-03-01\n\n" + String(repeating: "word ", count: 400_000) + "\n")
        #expect(result.document?.body.count ?? 0 > 2_000_000)
    }
}
