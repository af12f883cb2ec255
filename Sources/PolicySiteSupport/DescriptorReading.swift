import Foundation

/// Reading a whole file from a descriptor that its caller opened and checked (`fstat`), for the
/// places that refuse what is not a regular file before they read: sources, the lock, a notice's
/// `notice.json`.
package enum DescriptorReading {
    /// A read that failed, with its `errno`.
    package struct Failure: Error {
        /// The `errno` of the read.
        package let code: Int32
    }

    /// The bytes of an open file from where it stands to its end; `size` is what fstat said.
    package static func readToEnd(_ descriptor: Int32, size: Int) -> Result<Data, Failure> {
        // One byte more than the size, so that the read that finds the end needs no new buffer.
        var data = Data(count: max(0, size) + 1)
        var filled = 0
        while true {
            if filled == data.count { data.count += max(data.count, 4096) }
            let count = data.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(code: errno))
            }
            filled += count
        }
        data.count = filled
        return .success(data)
    }
}
