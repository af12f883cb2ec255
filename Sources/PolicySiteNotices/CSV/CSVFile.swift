import Foundation
import PolicySiteSupport

/// A CSV file that policysite reads or writes, as messages name it: where it is, what it is in
/// words, and what to do when it cannot be used. Every problem with a CSV file is worded here,
/// so the users file, a notice's lists and every reader of them say the same thing the same way:
/// `path[:line]: error: what is wrong; advice`.
package struct CSVFile: Sendable {
    /// Where the file is.
    package let url: URL
    /// The path as messages show it, relative to the site root where it lies inside it.
    package let displayPath: String
    /// What the file is, in words: "the users file", "the list".
    let noun: String
    /// What to do about a problem with the file.
    let advice: String

    /// `displayPath` defaults to the file's path.
    package init(url: URL, displayPath: String? = nil, noun: String = "the file", advice: String = "check the file and run again") {
        self.url = url
        self.displayPath = displayPath ?? url.path
        self.noun = noun
        self.advice = advice
    }

    /// The file cannot be opened or read: the system's reason (`errno`).
    package func unreadable(_ code: Int32) -> Diagnostics {
        let permissions = code == EACCES ? ", and check its permissions" : ""
        return problem(nil, "cannot read \(noun): \(SystemError.phrase(code)); \(advice)\(permissions)")
    }

    /// The path names a named pipe, a device or a folder (`kind`, in words).
    package func notAFile(_ kind: String) -> Diagnostics {
        problem(nil, "this is \(kind), not a file; \(advice)")
    }

    /// The file cannot be created or written: why.
    func unwritable(_ reason: String) -> Diagnostics {
        problem(nil, "cannot write \(noun): \(reason); \(advice)")
    }

    /// The header row (line 1) is not one this file needs: why.
    package func badHeader(_ message: String) -> Diagnostics {
        problem(1, "\(message); \(advice)")
    }

    /// A quoted field opened on `line` is never closed.
    func unterminatedQuote(line: Int) -> Diagnostics {
        problem(line, "a quoted field opened on this line is never closed: the file is not valid CSV; \(advice)")
    }

    /// A row that is not as it must be: why.
    package func badRow(line: Int, _ message: String) -> Diagnostics {
        problem(line, "\(message); \(advice)")
    }

    private func problem(_ line: Int?, _ message: String) -> Diagnostics {
        Diagnostics([.error(displayPath, line: line, message)])
    }
}
