import Foundation

/// A file operation that failed, said for people: what could not be done, on which path, and why
/// (the system's reason, such as "Permission denied"), never a Foundation error domain and code.
package struct FileOperationError: Error, CustomStringConvertible {
    /// What went wrong and with which file, in words.
    package let description: String

    /// A failure said in words.
    package init(_ description: String) {
        self.description = description
    }

    /// `what: reason` for an `errno` value.
    package init(_ what: String, code: Int32) {
        description = "\(what): \(SystemError.phrase(code))"
    }

    /// The reason an error gives, without Foundation's domain and code: the system's text when the
    /// error carries an `errno`, else a plain description of the kind of failure.
    package static func describe(_ error: any Error) -> String {
        if let error = error as? FileOperationError { return error.description }
        if let error = error as? Diagnostic { return error.message }
        let path = (error as NSError).userInfo[NSFilePathErrorKey] as? String
        let prefix = path.map { "\($0): " } ?? ""
        if let error = error as? POSIXError { return prefix + SystemError.phrase(error.code.rawValue) }
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return prefix + SystemError.phrase(Int32(underlying.code))
        }
        if let error = error as? CocoaError {
            switch error.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return prefix + SystemError.phrase(ENOENT)
            case .fileWriteNoPermission, .fileReadNoPermission: return prefix + SystemError.phrase(EACCES)
            case .fileWriteOutOfSpace: return prefix + SystemError.phrase(ENOSPC)
            case .fileWriteVolumeReadOnly: return prefix + SystemError.phrase(EROFS)
            case .fileWriteFileExists: return prefix + SystemError.phrase(EEXIST)
            default: return prefix + "the file operation failed"
            }
        }
        return prefix + "the file operation failed"
    }
}
