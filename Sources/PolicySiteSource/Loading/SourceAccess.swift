import Foundation
import PolicySiteModel
import PolicySiteSupport

/// Opens a site's sources (`policysite.yml`, `policies/`, `themes/`) only from inside the site
/// root. A symbolic link is followed when it leads to a regular file or folder inside the root
/// that is not private; a link that leads outside the root, to the users file, the outbox, the
/// lock, the output folder or `.policysite/`, round a loop, or to anything but a regular file or
/// folder (a named pipe, a socket, a device) is an error naming it. So is such a file itself, a
/// file with more than one name (a hard link, which may share its bytes with a private file),
/// and a name that is not UTF-8 or holds a control character.
package struct SourceAccess: Sendable {
    /// A source file or folder that passed the checks: its path relative to the site root (as
    /// named in messages, without the `--root` prefix) and its real path, free of links.
    struct Item: Sendable {
        enum Kind: Sendable { case file, folder }

        let relative: String
        let real: String
        let kind: Kind

        var name: String {
            guard let slash = relative.utf8.lastIndex(of: UInt8(ascii: "/")) else { return relative }
            return String(relative[relative.index(after: slash)...])
        }
        var url: URL { URL(fileURLWithPath: real) }
    }

    /// A private file or folder that no source may lead to, by its real path.
    private struct Place: Sendable {
        let real: String
        let name: String
        /// What to do when it lies among the sources without a link leading there.
        let advice: String
        /// The file's device and inode, when it exists: a hard link has no path to give it away.
        let identity: FileIdentity?

        func contains(_ path: String) -> Bool {
            path == real || path.hasPrefix(real.hasSuffix("/") ? real : real + "/")
        }
    }

    struct FileIdentity: Sendable, Hashable {
        let device: UInt64
        let inode: UInt64

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    let paths: SitePaths
    private let realRoot: String
    private let places: [Place]

    /// The sources of the site at `paths`; `config` and `output` name the private places (the
    /// defaults, `outbox` and `site`, when the settings cannot be read).
    package init(paths: SitePaths, config: SiteConfig?, output: URL? = nil) {
        self.paths = paths
        realRoot = Self.realPath(paths.root.path)
        let settings = SiteConfig.fileName
        let outputURL = output?.standardizedFileURL ?? paths.url(config?.output ?? "site")
        var places = [
            Self.place(paths.root.appending(path: SitePaths.lockFileName), "the lock (\(SitePaths.lockFileName))", "move it to the site root"),
            Self.place(paths.root.appending(path: ".policysite"), "policysite's own folder (.policysite/)", "move it to the site root"),
            Self.place(paths.url(config?.outbox ?? "outbox"), "the outbox", "set 'outbox' in \(settings) to a folder outside policies/ and themes/"),
        ]
        // An output folder inside policies/ or themes/ is refused by the check of the output
        // (`OutputLocation`), with one error; what a build wrote there is public anyway.
        if !outputURL.isInside(paths.policies) && !outputURL.isInside(paths.themes) {
            places.append(Self.place(outputURL, "the output folder",
                                     "choose an output folder outside policies/ and themes/ (--output, or 'output' in \(settings)), such as 'site'"))
        }
        if let users = config?.usersFile {
            places.append(Self.place(paths.url(users), "the users file", "move it out of policies/ and themes/, and point 'users' in \(settings) at its new place"))
        }
        // A place that holds the site root or a whole source folder (an output folder set to
        // 'policies') is refused by the checks of the output and the outbox, with one error
        // instead of one for each source.
        let holders = [realRoot, Self.realPath(paths.policies.path), Self.realPath(paths.themes.path)]
        self.places = places.filter { place in !holders.contains { place.contains($0) } }
    }

    /// The file or folder `name` in `parent` (the site root when nil): nil when there is none,
    /// or, with a problem added, when it may not be read.
    func item(_ name: String, in parent: Item? = nil, _ diagnostics: inout Diagnostics) -> Item? {
        let relative = parent.map { "\($0.relative)/\(name)" } ?? name
        let folder = parent?.real ?? realRoot
        let path = folder == "/" ? "/" + name : folder + "/" + name
        let display = paths.display(relative)
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            diagnostics.error(display, "cannot read it: \(SystemError.phrase(errno)); check its permissions")
            return nil
        }
        var real = path
        var link: String?
        if info.st_mode & S_IFMT == S_IFLNK {
            let target = Self.linkText(path)
            link = target
            guard let resolved = realpath(path, nil) else {
                let code = errno
                switch code {
                case ELOOP:
                    diagnostics.error(display, "this symbolic link leads round a loop of links and never reaches a file; remove it, or point it at a file inside the site root")
                    return nil
                case ENOENT, ENOTDIR:
                    diagnostics.error(display, "this symbolic link leads to '\(target)', which does not exist; remove it, or point it at a file inside the site root")
                    return nil
                default:
                    diagnostics.error(display, "cannot follow this symbolic link: \(SystemError.phrase(code)); check the permissions of the folders it leads through")
                    return nil
                }
            }
            real = String(cString: resolved)
            free(resolved)
            guard isInsideRoot(real) else {
                diagnostics.error(display, "this symbolic link leads outside the site root (to '\(target)'); policysite reads sources only from inside the site root, so that nothing else reaches the public site: copy the file into the site instead of linking to it")
                return nil
            }
            guard stat(real, &info) == 0 else {
                diagnostics.error(display, "cannot follow this symbolic link: \(SystemError.phrase(errno)); check the permissions of the folders it leads through")
                return nil
            }
        }
        if let place = places.first(where: { $0.contains(real) }) {
            let what = "this \(real == place.real ? "is" : "lies in") \(place.name)"
            if link != nil {
                diagnostics.error(display, "this symbolic link leads to \(place.name), which is private and never goes on the site; remove the link")
                return nil
            } else if real != (realRoot == "/" ? "" : realRoot) + "/" + relative {
                diagnostics.error(display, "\(what), reached through a linked folder, which is private and never goes on the site; remove the link")
                return nil
            }
            diagnostics.error(display, "\(what), which is private and never goes on the site, yet lies among its sources; \(place.advice)")
            return nil
        }
        let prefix = link == nil ? "this is" : "this symbolic link leads to"
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return Item(relative: relative, real: real, kind: .file)
        case S_IFDIR:
            if link != nil && (folder == real || folder.hasPrefix(real == "/" ? "/" : real + "/")) {
                diagnostics.error(display, "this symbolic link leads to a folder that contains it, a loop; remove it")
                return nil
            }
            return Item(relative: relative, real: real, kind: .folder)
        default:
            diagnostics.error(display, "\(prefix) \(FileKind.name(info.st_mode)), not a regular file or folder; a site's sources are regular files and folders: remove it")
            return nil
        }
    }

    /// The visible entries of a folder (hidden names left out), sorted by name, each checked.
    func list(_ folder: Item, _ diagnostics: inout Diagnostics) -> [Item] {
        guard let directory = opendir(folder.real) else {
            diagnostics.error(paths.display(folder.relative), "cannot list the folder: \(SystemError.phrase(errno)); check its permissions")
            return []
        }
        var names: [String] = []
        var unreadable: [String] = []
        while let entry = readdir(directory) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            guard bytes.first != UInt8(ascii: ".") else { continue }
            // A name that is not UTF-8 cannot be opened by a decoded name, and one with a control
            // character would go on the site or the terminal as it is: both are refused by name.
            if let name = String(validating: bytes, as: UTF8.self), !name.unicodeScalars.contains(where: Self.isControl) {
                names.append(name)
            } else {
                unreadable.append(Self.escapedName(bytes))
            }
        }
        closedir(directory)
        for name in unreadable.sorted() {
            diagnostics.error(paths.display("\(folder.relative)/\(name)"), "this name is not printable UTF-8 text (shown here with escapes); a source's name goes into the site's addresses and into messages: rename it, using printable characters only")
        }
        return names.sorted().compactMap { item($0, in: folder, &diagnostics) }
    }

    /// Every file below a folder, sorted by path. A link to a folder is followed, unless that
    /// folder is already on the way down to it (a loop).
    func files(below folder: Item, _ diagnostics: inout Diagnostics) -> [Item] {
        var found: [Item] = []
        var pending: [(folder: Item, above: [String])] = [(folder, [])]
        while let next = pending.popLast() {
            let items = list(next.folder, &diagnostics)
            let chain = next.above + [next.folder.real]
            for item in items {
                switch item.kind {
                case .file:
                    found.append(item)
                case .folder where chain.contains(item.real):
                    diagnostics.error(paths.display(item.relative), "this symbolic link leads to a folder that contains it, a loop; remove it")
                case .folder:
                    pending.append((item, chain))
                }
            }
        }
        return found.sorted { $0.relative < $1.relative }
    }

    /// The bytes of a file found by `item`, opened without following a link and without
    /// waiting on a named pipe, and checked again once open.
    func contents(of item: Item, _ diagnostics: inout Diagnostics) -> Data? {
        Self.readRegularFile(item.real, displayPath: paths.display(item.relative), &diagnostics) { identity in
            places.first { $0.identity == identity }?.name
        }
    }

    /// The text of a file found by `item`.
    func text(_ item: Item, _ diagnostics: inout Diagnostics) -> SourceText? {
        contents(of: item, &diagnostics).flatMap { SourceText.decode($0, displayPath: paths.display(item.relative), &diagnostics) }
    }

    /// Reads a source file whole. The file is opened with `O_NONBLOCK`, so that a named pipe
    /// put in its place cannot hang the build, and `O_NOFOLLOW`; anything that is not a regular
    /// file once open is refused, and so is a file with more than one name (a hard link): its
    /// other name may be a private file (a notification list, the users file), and nothing
    /// short of searching every private folder tells which, so a source must have one name.
    /// `privateName` names the private file a hard link is known to share its bytes with.
    static func readRegularFile(_ path: String, displayPath: String, _ diagnostics: inout Diagnostics,
                                privateName: (FileIdentity) -> String? = { _ in nil }) -> Data? {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ELOOP {
                diagnostics.error(displayPath, "this became a symbolic link while the site was read; build again")
                return nil
            }
            diagnostics.error(displayPath, "cannot read the file: \(SystemError.phrase(code)); \(code == EACCES ? "check its permissions" : "check that it is there")")
            return nil
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            diagnostics.error(displayPath, "cannot read the file: \(SystemError.phrase(errno))")
            return nil
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            let what = info.st_mode & S_IFMT == S_IFDIR ? "a folder" : FileKind.name(info.st_mode)
            diagnostics.error(displayPath, "this is \(what), not a regular file; a site's sources are regular files: remove or rename it")
            return nil
        }
        if info.st_nlink > 1 {
            if let place = privateName(FileIdentity(info)) {
                diagnostics.error(displayPath, "this is a hard link to \(place), which is private and never goes on the site; remove it")
                return nil
            }
            diagnostics.error(displayPath, "this file has \(info.st_nlink) names (hard links); policysite reads only files with one name, so that a private file cannot be published under another; replace the link with a copy")
            return nil
        }
        switch DescriptorReading.readToEnd(descriptor, size: Int(info.st_size)) {
        case .success(let data):
            return data
        case .failure(let failure):
            diagnostics.error(displayPath, "cannot read the file: \(SystemError.phrase(failure.code))")
            return nil
        }
    }

    private func isInsideRoot(_ real: String) -> Bool {
        realRoot == "/" || real == realRoot || real.hasPrefix(realRoot + "/")
    }

    private static func place(_ url: URL, _ name: String, _ advice: String) -> Place {
        var info = stat()
        let real = realPath(url.path)
        let identity = stat(real, &info) == 0 && info.st_mode & S_IFMT == S_IFREG ? FileIdentity(info) : nil
        return Place(real: real, name: name, advice: advice, identity: identity)
    }

    /// The path with every link resolved; for a path that does not exist (yet), its nearest
    /// existing folder resolved and the rest appended.
    private static func realPath(_ path: String) -> String {
        NSString.path(withComponents: URL(fileURLWithPath: path).resolvedComponents)
    }

    private static func linkText(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return "?" }
        // A link's text is shown in messages: control characters are shown as escapes, never sent raw.
        return ControlCharacters.escaped(String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// A C0 control (line feed and tab included), DEL or a C1 control: none belongs in a file name.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// A file name for a message: control characters as `\u{1B}`, bytes that are not UTF-8 as `\x{FF}`.
    private static func escapedName(_ bytes: [UInt8]) -> String {
        var text = ""
        var rest = bytes[...]
        while !rest.isEmpty {
            // The longest valid UTF-8 prefix (a scalar is at most four bytes), else one bad byte.
            if let length = (1...min(4, rest.count)).first(where: { String(validating: rest.prefix($0), as: UTF8.self) != nil }),
               let scalar = String(validating: rest.prefix(length), as: UTF8.self)?.unicodeScalars.first {
                text += isControl(scalar) ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
                rest = rest.dropFirst(length)
            } else {
                text += "\\x{\(String(rest[rest.startIndex], radix: 16, uppercase: true))}"
                rest = rest.dropFirst()
            }
        }
        return text
    }
}
