import Foundation
import PolicySiteModel
import PolicySiteSupport

/// `policysite init`: a new site that builds at once with the built-in default theme.
package enum SiteScaffold {
    /// Writes a new site into `folder`; refuses a folder that already holds a site.
    package static func create(at folder: URL, today: CalendarDay) throws(Diagnostics) {
        let config = folder.appending(path: SiteConfig.fileName)
        guard !FileManager.default.fileExists(atPath: config.path) else {
            throw Diagnostics([.error(config.path, "a site is already here; nothing was changed")])
        }
        let files: [(String, String)] = [
            (SiteConfig.fileName, """
            # policysite settings; docs/configuration.md in policysite describes every key.
            # The site's name, and the address it is published at (ending in /): canonical links,
            # feeds, policies.json and the links in notice emails are built from it.
            title: Example Inc. Policies
            organization: Example Inc.    # the company's name, in emails and the footer (else the title)
            base_url: https://example.com/legal/
            # Days of notice a material change needs between 'published' and 'effective'.
            notice_days: 30
            # The site's languages, the default and authoritative one first; a translation sits
            # beside its version as 1.0.de.md (docs/languages.md).
            # languages: [en, de, fr]

            # Notices to registered users. To turn them on, give a users file and remove the '# '
            # at the start of the four lines 'users', 'email', 'from' and 'unsubscribe_mailto'.
            #
            # 'users' is the CSV of registered users (columns id, email, name, ...). It is private:
            # keep it out of version control. Each build that records a new version writes the list
            # of users to tell into the outbox, and 'policysite notify' mails them, once.
            # users: users.csv
            # 'from' is the sender of the notice emails (notify needs it). With 'users', each email
            # must offer a way to stop them: 'unsubscribe_mailto', an address that takes unsubscribe
            # requests, or 'unsubscribe_url', a link with {token} in it that carries each
            # recipient's token, signed with the key in POLICYSITE_TOKEN_KEY (openssl rand -hex 32)
            # for your application to check; or both.
            # email:
            #   from: Example Inc. <legal@example.com>
            #   unsubscribe_mailto: unsubscribe@example.com
            #   unsubscribe_url: https://example.com/account/unsubscribe?t={token}

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
