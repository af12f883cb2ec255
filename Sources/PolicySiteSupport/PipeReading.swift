import Foundation

/// Reads a child's standard output and standard error together, as either has data (poll(2)):
/// reading one to its end before the other would leave a child that fills the other's pipe
/// (64 KiB on Linux) blocked on its write, and its parent waiting for it forever.
package enum PipeReading {
    /// Everything written to both pipes, once both are closed at the child's end.
    package static func readToEnd(output: FileHandle, errors: FileHandle) -> (output: Data, errors: Data) {
        var ends = [output.fileDescriptor, errors.fileDescriptor].map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var read = [Data(), Data()]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ends.contains(where: { $0.fd >= 0 }) {
            // poll skips an entry whose descriptor is negative: a pipe already at its end.
            if poll(&ends, nfds_t(ends.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in ends.indices where ends[index].fd >= 0 && ends[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { Foundation.read(ends[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    read[index].append(contentsOf: buffer[..<count])
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    ends[index].fd = -1
                }
            }
        }
        return (read[0], read[1])
    }
}
