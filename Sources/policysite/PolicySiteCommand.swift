import ArgumentParser

@main
struct PolicySiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policysite",
        abstract: "Publish versioned policies as a static site, and tell users of every change.",
        discussion: """
        A site root holds policysite.yml and policies/<policy>/*.md: one Markdown file per version, \
        with front matter (version, effective, published, summary, material). 'policysite build' \
        renders every published version at its own permanent URL, with a version history, into site/.

        Start with 'policysite init my-policies', then 'policysite build --root my-policies'.
        """,
        version: "0.1.0",
        subcommands: [BuildCommand.self, CheckCommand.self, ServeCommand.self, PublishCommand.self, NotifyCommand.self, NoticeCommand.self, InitCommand.self, ImportCommand.self]
    )
}
