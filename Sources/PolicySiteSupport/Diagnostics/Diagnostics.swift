/// The problems one or more stages found, in the order they were found.
///
/// Every stage reports the same way: it adds to a `Diagnostics` it is handed (`inout`), and
/// returns nil or a partial value when it cannot go on. Where a stage must stop its caller, it
/// throws the collection, so that every problem found so far travels together rather than only
/// the first. Commands wrap it in their own failure type.
package struct Diagnostics: Error, Sendable, CustomStringConvertible {
    /// Every problem, errors and warnings, in the order added.
    package private(set) var all: [Diagnostic]

    package init(_ diagnostics: [Diagnostic] = []) {
        all = diagnostics
    }

    package mutating func add(_ diagnostic: Diagnostic) {
        all.append(diagnostic)
    }

    package mutating func add(_ diagnostics: some Sequence<Diagnostic>) {
        all.append(contentsOf: diagnostics)
    }

    package mutating func add(_ other: Diagnostics) {
        all.append(contentsOf: other.all)
    }

    package mutating func error(_ path: String, line: Int? = nil, _ message: String) {
        add(.error(path, line: line, message))
    }

    package mutating func warning(_ path: String, line: Int? = nil, _ message: String) {
        add(.warning(path, line: line, message))
    }

    package var hasErrors: Bool { all.contains(where: \.isError) }
    package var isEmpty: Bool { all.isEmpty }
    package var errors: [Diagnostic] { all.filter(\.isError) }
    package var warnings: [Diagnostic] { all.filter { !$0.isError } }

    /// Every problem, one per line, ordered by file and line.
    package var description: String {
        all.sorted().map(\.description).joined(separator: "\n")
    }
}
