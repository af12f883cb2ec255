import ArgumentParser
import Foundation
import PolicySiteBuild
import PolicySiteImport
import PolicySiteModel
import PolicySiteSupport

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn legacy policy documents (text, Markdown, a web archive's copy, a git history) into version files.",
        discussion: """
        Each FILE becomes policies/<policy>/<version>.md. import finds the version and the dates \
        in the document's first or last lines ("Ver. 1.4 Date: March 1, 2010", "Last updated: ...", \
        "Effective date: ..."), reads Windows-1252 files, repairs mojibake, removes a web archive's \
        preamble, makes the title the # heading and short heading lines headings, and prints each \
        thing it found or guessed with its line. It never overwrites a file, refuses a version \
        that policysite.lock records with another text, and writes nothing when any document has \
        a problem. With --git, every day on which a commit changed the file becomes a version, \
        from that day's newest commit. See docs/import.md.
        """
    )

    @Argument(help: ArgumentHelp("The documents to import.", valueName: "file"))
    var files: [String] = []

    @Option(name: .long, help: ArgumentHelp("The policy the documents are versions of (its folder under policies/).", valueName: "name"))
    var policy: String

    @Option(name: .long, help: ArgumentHelp("The site root: the folder that holds policysite.yml.", valueName: "dir"))
    var root: String = "."

    @Option(name: .long, help: ArgumentHelp("The version label, instead of the one in the text (one FILE only).", valueName: "label"))
    var version: String?

    @Option(name: .long, help: ArgumentHelp("The day the version takes effect, YYYY-MM-DD, instead of the text's date (one FILE only).", valueName: "day"))
    var effective: String?

    @Option(name: .long, help: ArgumentHelp("The day the version was announced, YYYY-MM-DD (default: a 'published' date in the text, else the effective day).", valueName: "day"))
    var published: String?

    @Option(name: .long, help: ArgumentHelp("A git repository: import every day's last version of --path from its history.", valueName: "repo"))
    var git: String?

    @Option(name: .long, help: ArgumentHelp("With --git: the file inside the repository.", valueName: "file"))
    var path: String?

    @Option(name: .customLong("notice-waived"), help: ArgumentHelp(
        "Written as notice_waived into each imported version that replaces an earlier one with less than notice_days of notice (shown on its page): for a history whose announcements were not recorded.",
        valueName: "reason"))
    var noticeWaived: String?

    @Flag(name: .customLong("dry-run"), help: "Print what would be written, and write nothing.")
    var dryRun = false

    func validate() throws {
        if let problem = Importer.check(policy: policy) { throw ValidationError(problem) }
        if git != nil {
            if path == nil { throw ValidationError("--git needs --path, the file inside the repository, such as --path legal/privacy.md") }
            if !files.isEmpty { throw ValidationError("give either files or --git with --path, not both") }
            if version != nil || effective != nil || published != nil {
                throw ValidationError("with --git each version is labelled and dated by its commit's day; --version, --effective and --published go with one FILE")
            }
        } else {
            if path != nil { throw ValidationError("--path goes with --git") }
            if files.isEmpty { throw ValidationError("name at least one document to import, or --git REPO --path FILE") }
            if files.count > 1 && (version != nil || effective != nil) {
                throw ValidationError("--version and --effective settle one document; import the documents one at a time to set them")
            }
        }
        if let version {
            if version.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--version needs a label, such as 1.4") }
            if version.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                throw ValidationError("--version holds a control character; pass a plain label, such as 1.4")
            }
        }
        if let noticeWaived {
            if noticeWaived.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--notice-waived needs a reason; it is shown on the version's page") }
            if noticeWaived.contains(where: \.isNewline) || ControlCharacters.first(in: noticeWaived) != nil {
                throw ValidationError("--notice-waived must be one line without control characters; it is shown on the version's page")
            }
        }
        for (option, value) in [("--effective", effective), ("--published", published)] {
            if let value, CalendarDay(iso: value) == nil {
                throw ValidationError("\(option) takes a day as YYYY-MM-DD, such as 2010-03-01; found '\(ControlCharacters.escaped(value))'")
            }
        }
    }

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let paths = SitePaths(root: URL(fileURLWithPath: root, isDirectory: true, relativeTo: cwd), displayRoot: root)
        var problems = Diagnostics()
        var notes: [ImportNote] = []
        var inputs: [ImportInput] = []
        if let git, let path {
            let revisions = GitHistory.revisions(repository: git, path: path, notes: &notes, &problems) ?? []
            inputs = revisions.map(ImportInput.init)
        } else {
            let overrides = ImportOverrides(version: version?.trimmingCharacters(in: .whitespaces),
                                            effective: effective.flatMap(CalendarDay.init(iso:)),
                                            published: published.flatMap(CalendarDay.init(iso:)))
            for file in files {
                if let data = InputFile.read(file, &problems) {
                    inputs.append(ImportInput(path: file, data: data, overrides: overrides))
                }
            }
        }
        var recorded: [RecordedVersion] = []
        do {
            let lock = try PolicyLock.read(paths)
            recorded = (lock?.policies[policy] ?? [:]).values.map { RecordedVersion(label: $0.version, sha256: $0.sha256, effective: $0.effective) }
        } catch {
            problems.add(error)
        }
        let request = ImportRequest(paths: paths, policy: policy, recorded: recorded, dryRun: dryRun,
                                    noticeWaived: noticeWaived?.trimmingCharacters(in: .whitespacesAndNewlines))
        let report: ImportReport
        do {
            report = try Importer.run(request, inputs: inputs, notes: notes, problems: problems)
        } catch {
            printNotes(error.notes)
            throw Report.failure(error.diagnostics)
        }
        printNotes(report.notes)
        Report.print(report.warnings)
        let verb = dryRun ? "Would write" : "Wrote"
        for (file, document) in zip(report.written, report.documents) {
            print("\(verb) \(ControlCharacters.escaped(file)): version \(ControlCharacters.escaped(document.label)), effective \(document.effective), published \(document.published)")
        }
        if !dryRun && !report.written.isEmpty {
            print("Read the files through, add a summary to each if you like, then run 'policysite build'.")
        }
    }

    private func printNotes(_ notes: [ImportNote]) {
        for note in notes { print(ControlCharacters.escaped(note.description)) }
    }
}
