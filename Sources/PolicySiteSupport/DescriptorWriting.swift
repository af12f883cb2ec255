import Foundation

/// Writing to a file descriptor with plain `write(2)`, for the places that keep their own
/// descriptors: pages in the staging folder, CSV lists, messages staged for sendmail.
package enum DescriptorWriting {
    /// Writes every byte, again after `EINTR` and after a short write. Returns nil when all were
    /// written, else the `errno` of the write that failed (`EIO` for a write that wrote nothing).
    package static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                return written < 0 ? errno : EIO
            }
        }
        return nil
    }
}
