import Foundation
import PolicySiteSource
import PolicySiteSupport

/// Reads a document named on the command line: a regular file, opened without waiting on a
/// named pipe (`O_NONBLOCK`), and refused when it is a folder, a pipe or a device, or larger
/// than any policy (a wrong file, such as a disk image, is not read into memory).
package enum InputFile {
    /// 16 MiB: a long policy is a few hundred kilobytes.
    package static let maximumSize = 16 << 20

    package static func read(_ path: String, _ diagnostics: inout Diagnostics) -> Data? {
        let shown = ControlCharacters.escaped(path)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            diagnostics.error(shown, "cannot read the file: \(SystemError.phrase(code)); \(code == ENOENT ? "check its name" : code == EACCES ? "check its permissions" : "check that it is a file")")
            return nil
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            diagnostics.error(shown, "cannot read the file: \(SystemError.phrase(errno))")
            return nil
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            diagnostics.error(shown, "this is \(FileKind.name(info.st_mode)), not a file; name the document's file (for a folder of documents: its files, such as \(shown)/*.txt)")
            return nil
        }
        guard Int(info.st_size) <= maximumSize else {
            diagnostics.error(shown, "the file is \(info.st_size / (1 << 20)) MiB, more than any policy (import reads at most \(maximumSize >> 20) MiB); check that this is the document")
            return nil
        }
        switch DescriptorReading.readToEnd(descriptor, size: Int(info.st_size)) {
        case .success(let data) where data.count <= maximumSize:
            return data
        case .success:
            diagnostics.error(shown, "the file grew past \(maximumSize >> 20) MiB while it was read; check that this is the document")
            return nil
        case .failure(let failure):
            diagnostics.error(shown, "cannot read the file: \(SystemError.phrase(failure.code))")
            return nil
        }
    }
}
