/// Where each page of a site lives, as paths relative to the site root, and how one page links to
/// another: by relative URL, so that a site works under any base path and from a folder.
package struct SitePath: Sendable, Hashable {
    /// The folder of the page, relative to the site root: "" or `plimus/versions/1.4/`.
    package let folder: String
    /// For a page served at any address (the 404 page), the site root's path on the host, `/` or
    /// `/legal/`: its links start from there instead of being relative.
    var rootPath: String?

    /// The site's index page.
    package static let index = SitePath(folder: "")
    /// A policy's page, which shows its featured version.
    package static func policy(_ policy: String) -> SitePath { SitePath(folder: "\(policy)/") }
    /// A policy's history: every version, newest first.
    package static func history(_ policy: String) -> SitePath { SitePath(folder: "\(policy)/versions/") }
    /// A version's permanent page.
    package static func version(_ policy: String, _ segment: String) -> SitePath { SitePath(folder: "\(policy)/versions/\(segment)/") }
    /// A version's changes page: the redline against the version before it.
    package static func changes(_ policy: String, _ segment: String) -> SitePath { SitePath(folder: "\(policy)/versions/\(segment)/changes/") }
    /// What changed in version `segment` since an earlier version `from`, for a reader who knows that one.
    package static func comparison(_ policy: String, _ segment: String, from: String) -> SitePath {
        SitePath(folder: "\(policy)/versions/\(segment)/changes/\(from)/")
    }

    /// The page a web server shows for an address that has no page: `404.html`.
    package static func notFound(rootPath: String) -> SitePath { SitePath(folder: "", rootPath: rootPath) }

    /// The page's file: `plimus/versions/1.4/index.html`.
    package var file: String { rootPath == nil ? folder + "index.html" : "404.html" }

    /// A relative URL from this page to a path relative to the site root.
    package func link(to target: String) -> String {
        if let rootPath { return rootPath + target }
        var depth = 0
        for byte in folder.utf8 where byte == UInt8(ascii: "/") { depth += 1 }
        let up = String(repeating: "../", count: depth)
        let url = up + target
        return url.isEmpty ? "./" : url
    }

    /// The relative link from this page to `page`.
    package func link(to page: SitePath) -> String { link(to: page.folder) }
}
