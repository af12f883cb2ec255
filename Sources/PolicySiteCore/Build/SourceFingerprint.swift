import Crypto
import Foundation

/// A fingerprint of everything a site is built from (`policysite.yml`, `policysite.lock`,
/// `policies/`, `themes/`): each file's path, size and modification time. It changes when a source
/// is added, removed or saved, which is what `serve` watches for and `publish` checks.
public enum SourceFingerprint {
    public static func of(_ paths: SitePaths) -> String {
        var hasher = SHA256()
        var entries: [String] = []
        for name in [SiteConfig.fileName, PolicyLock.fileName] {
            entries.append(entry(paths.root.appending(path: name), relative: name))
        }
        for folder in ["policies", "themes"] {
            let base = paths.root.appending(path: folder, directoryHint: .isDirectory)
            let files = regularFiles(below: base.path)  // a missing folder has no files
            entries += files.map { entry(base.appending(path: $0), relative: "\(folder)/\($0)") }
        }
        for entry in entries { hasher.update(data: Data((entry + "\n").utf8)) }
        return Hex.encode(hasher.finalize())
    }

    /// The regular files below `folder`, as sorted paths relative to it, leaving out hidden names
    /// (as `ThemeLoader.filesBelow` does). A plain `readdir` walk: Foundation's enumerator and
    /// resource values cost a tenth of a second per thousand files, and this runs after the build
    /// on one thread. Symbolic links to files count as files; links to folders are not followed.
    static func regularFiles(below folder: String) -> [String] {
        var found: [String] = []
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            guard let directory = opendir(path) else { continue }
            defer { closedir(directory) }
            while let item = readdir(directory) {
                let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard !name.hasPrefix(".") else { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                switch Int32(item.pointee.d_type) {
                case Int32(DT_DIR): pending.append(child)
                case Int32(DT_REG): found.append(child)
                default:
                    var info = stat()
                    guard stat(folder + "/" + child, &info) == 0 else { continue }
                    if info.st_mode & S_IFMT == S_IFREG {
                        found.append(child)
                    } else if info.st_mode & S_IFMT == S_IFDIR && Int32(item.pointee.d_type) == Int32(DT_UNKNOWN) {
                        pending.append(child)
                    }
                }
            }
        }
        return found.sorted()
    }

    private static func entry(_ url: URL, relative: String) -> String {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return "\(relative) -" }
        return "\(relative) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
}
