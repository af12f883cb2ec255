import ArgumentParser
import Foundation
import PolicySitePreview
import PolicySiteSupport

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build the site as a preview and serve it on 127.0.0.1, rebuilding when a file changes.",
        discussion: """
        A preview records nothing: policysite.lock, the outbox and the users file are left alone. \
        Open pages reload after each build; when a build fails, its problems show in the terminal \
        and on the page, and the last good site stays served.
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp("The port on 127.0.0.1.", valueName: "n"))
    var port: UInt16 = 8000

    func run() async throws {
        let options = try site.buildOptions()
        let server = PreviewServer(options: options, port: port) { line in
            FileHandle.standardError.write(Data((ControlCharacters.escaped(line) + "\n").utf8))
        }
        try await server.run()
    }
}
