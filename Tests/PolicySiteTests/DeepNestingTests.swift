import Foundation
import Testing

/// Text nested as deep as a line allows: 100,000 `>` or list markers in front of a word. The
/// headings walk followed the nesting by recursion and overflowed a worker's stack (`check` and
/// `build` ended with a segmentation fault). Run through the real binary, so that a crash fails
/// the test instead of ending the test run.
@Suite struct DeepNestingTests {
    private static let depth = 100_000

    /// What stands in front of the heading, by kind: the test's arguments are the names, so
    /// that a failure does not print the 100,000 markers.
    private static let prefixes = [
        "blockquotes": String(repeating: ">", count: depth) + " ",
        "list items": String(repeating: "- ", count: depth),
        "quoted lists": String(repeating: "> - ", count: depth / 2),
    ]

    @Test(arguments: ["blockquotes", "list items", "quoted lists"])
    func deeplyNestedMarkdownBuilds(kind: String) throws {
        let body = (Self.prefixes[kind] ?? "") + "# Deep heading\n"
        let site = try TemporarySite([
            "policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01", body: "# Privacy\n\n" + body + "\nAfter.\n"),
        ])
        for command in ["check", "build"] {
            let result = try CommandLineTool.run([command, "--as-of", "2024-06-01"], in: site.root)
            #expect(result.status == 0, "\(kind): \(command) ended with \(result.status): \(result.standardError)")
        }
        let page = try site.read("site/privacy/versions/1.0/index.html")
        #expect(page.contains("id=\"deep-heading\""), "\(kind): the nested heading has its id")
        #expect(page.contains("After."))
    }
}
