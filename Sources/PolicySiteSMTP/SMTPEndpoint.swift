import Foundation

/// Where `notify --smtp` submits, from its URL: `smtp://HOST[:PORT][?tls=required][&ca=FILE]`
/// or `smtps://HOST[:PORT][?ca=FILE]`. No user name or password in it: those come from the
/// environment (`POLICYSITE_SMTP_USER`, `POLICYSITE_SMTP_PASSWORD`), since a command line is
/// seen by every user of the machine (`ps`) and kept in shell histories.
package struct SMTPEndpoint: Sendable, Hashable {
    package var host: String
    package var port: Int
    package var mode: SMTPSessionMachine.TLSMode
    /// A PEM file of the authorities to trust instead of the system's.
    package var caFile: String?

    /// The name sent in TLS's SNI and checked against the certificate; nil for an IP address,
    /// which SNI does not carry.
    package var serverName: String? {
        host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
    }

    /// Why a URL cannot be used; never repeats the URL, which may hold a password.
    package struct Refused: Error, Sendable, Hashable, CustomStringConvertible {
        package var description: String
    }

    package init(host: String, port: Int, mode: SMTPSessionMachine.TLSMode, caFile: String? = nil) {
        self.host = host
        self.port = port
        self.mode = mode
        self.caFile = caFile
    }

    /// Reads an `--smtp` URL.
    package init(url text: String) throws(Refused) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw Refused(description: "--smtp takes a URL such as smtp://mail.example.com:587 or smtps://mail.example.com:465")
        }
        if components.user != nil || components.password != nil {
            throw Refused(description: "--smtp must not hold a user name or password (a command line is visible to every user of the machine); set POLICYSITE_SMTP_USER and POLICYSITE_SMTP_PASSWORD instead")
        }
        switch scheme {
        case "smtp": mode = .whenOffered
        case "smtps": mode = .implicit
        default: throw Refused(description: "--smtp takes smtp:// (STARTTLS when offered) or smtps:// (TLS from the start), not \(scheme)://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Refused(description: "--smtp needs a host: smtp://HOST:PORT")
        }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard components.path.isEmpty || components.path == "/" else {
            throw Refused(description: "--smtp takes no path after the host and port")
        }
        guard components.fragment == nil else { throw Refused(description: "--smtp takes no #fragment") }
        port = components.port ?? (mode == .implicit ? 465 : 587)
        guard (1...65535).contains(port) else { throw Refused(description: "--smtp: the port must be from 1 to 65535") }
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("tls", "required"?):
                guard mode != .implicit else { throw Refused(description: "--smtp: smtps:// always uses TLS; leave out ?tls=required") }
                mode = .required
            case ("tls", _):
                throw Refused(description: "--smtp: tls= takes only required (STARTTLS is used whenever the server offers it)")
            case ("ca", let path?) where !path.isEmpty:
                caFile = path
            default:
                throw Refused(description: "--smtp: unknown setting \(item.name) in the URL; it takes tls=required and ca=FILE")
            }
        }
    }
}
