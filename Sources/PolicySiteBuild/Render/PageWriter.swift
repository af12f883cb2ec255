import Foundation
import Mustache
import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport

/// Writes pages and files into the sink, counting what it wrote. One per worker: the workers'
/// counts are added up afterwards.
struct PageWriter: Sendable {
    let theme: Theme
    let sink: any PageSink
    /// The files written.
    private(set) var pageCount = 0

    init(theme: Theme, sink: any PageSink) {
        self.theme = theme
        self.sink = sink
    }

    /// Renders a page's template with its context and writes it at the page's file.
    mutating func write<Context: MustacheParent>(_ context: Context, template: String, at page: SitePath, _ diagnostics: inout Diagnostics) {
        write(theme.render(template, context), to: page.file, &diagnostics)
    }

    /// Adds the files another writer wrote for this one (into another sink).
    mutating func count(_ files: Int) { pageCount += files }

    mutating func write(_ text: String, to path: String, _ diagnostics: inout Diagnostics) {
        let sink = self.sink
        write(to: path, &diagnostics) { try sink.write(text, to: path) }
    }

    mutating func write(_ bytes: Data, to path: String, _ diagnostics: inout Diagnostics) {
        let sink = self.sink
        write(to: path, &diagnostics) { try sink.write(bytes, to: path) }
    }

    private mutating func write(to path: String, _ diagnostics: inout Diagnostics, _ writing: () throws -> Void) {
        do {
            try writing()
            pageCount += 1
        } catch {
            diagnostics.error(path, SiteRenderer.writeFailure + FileOperationError.describe(error))
        }
    }
}
