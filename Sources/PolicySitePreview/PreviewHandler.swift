import FlyingFox
import Foundation
import PolicySiteSupport

/// Answers the preview's requests: the reload script's status, the site's files (folders by their
/// `index.html`, HTML with the reload script added), `404.html` with status 404 for the rest.
struct PreviewHandler: HTTPHandler {
    let state: PreviewState
    /// The site's root path on the host: `/`, or `/legal/`.
    let rootPath: String

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let statusPath = rootPath + PreviewServer.statusPath
        // The path as requested, decoded, with its trailing slash (which `request.path` drops).
        let path = request.target.path(percentEncoded: false)
        if path == statusPath {
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: await state.statusJSON())
        }
        guard path.hasPrefix(rootPath) else {
            return HTTPResponse(statusCode: .movedPermanently, headers: HTTPHeaders([.location: rootPath]))
        }
        guard let folder = await state.folder else {
            return page(await problemsPage(), status: .internalServerError, generation: await state.generation, statusPath: statusPath)
        }
        let decoded = String(path.dropFirst(rootPath.count))
        let components = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { return await notFound(folder, statusPath) }
        var file = folder.appending(path: components.joined(separator: "/"))
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else { return await notFound(folder, statusPath) }
        if isDirectory.boolValue {
            guard decoded.isEmpty || decoded.hasSuffix("/") else {
                return HTTPResponse(statusCode: .movedPermanently, headers: HTTPHeaders([.location: request.target.path() + "/"]))
            }
            file = file.appending(path: "index.html")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else { return await notFound(folder, statusPath) }
        let type = ContentType.of(path: file.lastPathComponent)
        if type.hasPrefix("text/html") { return page(data, status: .ok, generation: await state.generation, statusPath: statusPath) }
        return HTTPResponse(statusCode: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: data)
    }

    private func notFound(_ folder: URL, _ statusPath: String) async -> HTTPResponse {
        let data = FileManager.default.contents(atPath: folder.appending(path: "404.html").path) ?? Data("<!DOCTYPE html><title>Not found</title><h1>Not found</h1>".utf8)
        return page(data, status: .notFound, generation: await state.generation, statusPath: statusPath)
    }

    /// An HTML page with the reload script before `</body>`, which knows the build it was served from.
    private func page(_ data: Data, status: HTTPStatusCode, generation: Int, statusPath: String) -> HTTPResponse {
        var html = String(decoding: data, as: UTF8.self)
        let script = ReloadScript.tag(generation: generation, statusPath: statusPath)
        if let end = html.range(of: "</body>", options: .backwards) {
            html.insert(contentsOf: script, at: end.lowerBound)
        } else {
            html += script
        }
        return HTTPResponse(statusCode: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: Data(html.utf8))
    }

    private func problemsPage() async -> Data {
        let escaped = HTMLEscaping.attribute(await state.problems.map { ControlCharacters.escaped($0.description) }.joined(separator: "\n"))
        return Data("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The build failed</title></head><body><h1>The build failed</h1><pre>\(escaped)</pre></body></html>".utf8)
    }
}
