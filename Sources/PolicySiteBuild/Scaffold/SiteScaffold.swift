import Foundation
import PolicySiteModel
import PolicySiteSupport

/// `policysite init`: a new site that builds at once with the built-in default theme.
public enum SiteScaffold {
    /// Writes a new site into `folder`; refuses a folder that already holds a site.
    public static func create(at folder: URL, today: CalendarDay) throws(Diagnostics) {
        let config = folder.appending(path: SiteConfig.fileName)
        guard !FileManager.default.fileExists(atPath: config.path) else {
            throw Diagnostics([.error(config.path, "a site is already here; nothing was changed")])
        }
        let files: [(String, String)] = [
            (SiteConfig.fileName, """
            # policysite settings: see the README for every key.
            title: Example Inc. Policies
            organization: Example Inc.    # the company's name, in emails and the footer (else the title)
            base_url: https://example.com/legal/
            # users: users.csv          # registered users to notify of changes (keep it private)
            # email:
            #   from: Example Inc. <legal@example.com>
            #   unsubscribe_mailto: unsubscribe@example.com   # with users, this or unsubscribe_url is required

            """),
            ("policies/privacy/policy.yml", """
            title: Privacy Policy
            description: How Example Inc. collects, uses and protects personal information.
            order: 1

            """),
            ("policies/privacy/1.0.md", """
            ---
            version: "1.0"
            effective: \(today.iso)
            summary: First version.
            ---
            # Privacy Policy

            This policy explains what personal information Example Inc. collects, why, and the choices you have.

            ## Information we collect

            - Account details you give us: your name and email address.
            - Usage data: the pages you visit and when.

            ## How we use it

            We use your information to provide our services and to tell you about changes to this policy.

            ## Changes to this policy

            We publish every version of this policy with its date, and email registered users before a change takes effect.

            """),
            (".gitignore", "site/\noutbox/\nusers.csv\n.policysite/\n"),
        ]
        do {
            for (path, text) in files {
                let url = folder.appending(path: path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            }
        } catch {
            throw Diagnostics([.error(folder.path, "cannot create the site: \(FileOperationError.describe(error))")])
        }
    }
}
