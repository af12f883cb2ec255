import Crypto
import Foundation

/// The SHA-256 of a regular file's bytes, in lower-case hex, read in large blocks; for the build's
/// manifest of its site and for the lists of a notice.
package enum FileDigest {
    /// Why a file cannot be hashed.
    package enum Failure: Error {
        case cannotOpen(Int32)
        case notARegularFile
        case cannotRead(Int32)
    }

    /// The SHA-256 of the regular file at `path`, in lower-case hex, read in chunks.
    package static func sha256(of path: String) -> Result<String, Failure> {
        // O_NONBLOCK: a named pipe put in a file's place must not hang the command.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(.cannotOpen(errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return .failure(.notARegularFile) }
        var hash = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.cannotRead(errno))
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        return .success(Hex.encode(hash.finalize()))
    }
}
