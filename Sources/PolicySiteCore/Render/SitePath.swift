/// Where each page of a site lives, as paths relative to the site root, and how one page links to
/// another: by relative URL, so that a site works under any base path and from a folder.
struct SitePath: Sendable, Hashable {
    /// The folder of the page, relative to the site root: "" or `plimus/versions/1.4/`.
    let folder: String

    static let index = SitePath(folder: "")
    static func policy(_ policy: String) -> SitePath { SitePath(folder: "\(policy)/") }
    static func history(_ policy: String) -> SitePath { SitePath(folder: "\(policy)/versions/") }
    static func version(_ policy: String, _ segment: String) -> SitePath { SitePath(folder: "\(policy)/versions/\(segment)/") }
    static func changes(_ policy: String, _ segment: String) -> SitePath { SitePath(folder: "\(policy)/versions/\(segment)/changes/") }

    /// The page's file: `plimus/versions/1.4/index.html`.
    var file: String { folder + "index.html" }

    /// A relative URL from this page to a path relative to the site root.
    func link(to target: String) -> String {
        var depth = 0
        for byte in folder.utf8 where byte == UInt8(ascii: "/") { depth += 1 }
        let up = String(repeating: "../", count: depth)
        let url = up + target
        return url.isEmpty ? "./" : url
    }

    func link(to page: SitePath) -> String { link(to: page.folder) }
}
