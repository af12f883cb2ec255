import Foundation
import PolicySiteModel
import PolicySiteSupport

/// What a version file gets, settled from what `VersionDateDetection` found and what the command
/// line says: `--version`, `--effective`, `--published` win over the text. The effective day is
/// the text's "effective" date, else its "updated"/"revised" date, else its "Date:", else a date
/// alone on a line; the published day is a "published"/"posted" date, or an "updated" date before
/// the effective one. An ambiguous numeric date that would decide a day is an error, never a guess.
struct VersionFacts: Sendable {
    var label: String
    var effective: CalendarDay
    var published: CalendarDay

    /// The facts, with a note for each thing found or guessed; nil with the problems added when
    /// there is no effective day or a day is ambiguous.
    static func settle(_ findings: VersionDateDetection.Findings, overrides: ImportOverrides, archivedOn: CalendarDay?,
                       path: String, notes: inout [ImportNote], _ diagnostics: inout Diagnostics) -> VersionFacts? {
        if let version = findings.version {
            let used = overrides.version.map { " (not used: the version is \($0), \(overrides.versionOrigin))" } ?? ""
            notes.append(ImportNote(path, line: version.line, "version \(version.label), from \"\(quote(version.text))\"\(used)"))
        }
        for mention in findings.dates {
            let reading: String
            switch mention.found.reading {
            case .day(let day): reading = "\(day)" + (mention.found.how.map { " (read as \($0))" } ?? "")
            case .ambiguous(let monthFirst, let dayFirst): reading = "\(monthFirst) or \(dayFirst)? (month/day or day/month)"
            }
            notes.append(ImportNote(path, line: mention.line, "date \"\(mention.found.text)\" (\(mention.role.rawValue)): \(reading)"))
        }
        for month in findings.monthsOnly {
            notes.append(ImportNote(path, line: month.line, "\"\(month.text)\" names a month without a day; it is not used"))
        }

        var problems = Diagnostics()
        let effectiveMention = first(findings, [.effective]) ?? first(findings, [.updated]) ?? first(findings, [.dated]) ?? first(findings, [.bare])
        var effective = overrides.effective
        if let effective {
            notes.append(ImportNote(path, "effective \(effective) (\(overrides.effectiveOrigin))"))
        } else if let mention = effectiveMention {
            switch mention.found.reading {
            case .day(let day):
                effective = day
                notes.append(ImportNote(path, line: mention.line, "effective \(day), from the \(mention.role == .bare ? "date alone on this line" : "'\(mention.role.rawValue)' date")"))
            case .ambiguous(let monthFirst, let dayFirst):
                problems.error(path, line: mention.line, "the date \"\(mention.found.text)\" reads as \(monthFirst) (month/day) or \(dayFirst) (day/month); import does not guess: pass --effective \(dayFirst) or --effective \(monthFirst)")
            }
        } else {
            let archived = archivedOn.map { "; the web archive captured it on \($0), so it was in force by then: pass --effective \($0) if nothing better is known" } ?? ""
            problems.error(path, "found no date in the first \(VersionDateDetection.headLines) or last \(VersionDateDetection.tailLines) lines (such as \"Effective date: 2010-03-01\" or \"Last updated: March 1, 2010\"); pass --effective YYYY-MM-DD, the day this version took effect\(archived)")
        }

        var published = overrides.published
        if let published {
            notes.append(ImportNote(path, "published \(published) (\(overrides.publishedOrigin))"))
        } else if let effective {
            if let mention = first(findings, [.published]), case .day(let day) = mention.found.reading, day <= effective {
                published = day
                notes.append(ImportNote(path, line: mention.line, "published \(day), from the 'published' date"))
            } else if effectiveMention?.role == .effective, let mention = first(findings, [.updated]), case .day(let day) = mention.found.reading, day < effective {
                published = day
                notes.append(ImportNote(path, line: mention.line, "published \(day), from the 'updated' date before the effective one"))
            } else {
                published = effective
                notes.append(ImportNote(path, "published \(effective), the effective day (pass --published if it was announced earlier)"))
            }
        }
        if let effective, let published, published > effective {
            problems.error(path, "published \(published) is after effective \(effective): a version is announced on or before the day it takes effect; pass --published or --effective to correct it")
        }

        let label = overrides.version ?? findings.version?.label ?? effective.map(\.iso)
        if overrides.version == nil, findings.version == nil, let label {
            notes.append(ImportNote(path, "no version number found: the version is labelled \(label), its effective day (pass --version to label it)"))
        }
        diagnostics.add(problems)
        guard !problems.hasErrors, let effective, let published, let label else { return nil }
        return VersionFacts(label: label, effective: effective, published: published)
    }

    private static func first(_ findings: VersionDateDetection.Findings, _ roles: Set<VersionDateDetection.Role>) -> VersionDateDetection.DateMention? {
        findings.dates.first { roles.contains($0.role) }
    }

    /// A line as quoted in a note: trimmed, at most 80 characters.
    static func quote(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 80 ? String(trimmed.prefix(77)) + "..." : trimmed
    }
}
