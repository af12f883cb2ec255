/// Why a CSV file cannot be read or written.
package enum CSVFileError: Error, Sendable {
    /// The file system refused: the message says why.
    case io(String)
    /// The path names something that is not a regular file: a named pipe, a device, a folder
    /// (in words, as `SourceAccess.kindName` says it).
    case notAFile(String)
    /// The header row is not one this file needs: the message says why.
    case badHeader(String)
    /// A quoted field opened on this line is never closed: the file is not CSV.
    case unterminatedQuote(line: Int)
}

extension CSVFileError {
    /// What went wrong, in words.
    package var message: String {
        switch self {
        case .io(let message), .badHeader(let message): return message
        case .unterminatedQuote(let line): return "line \(line): a quoted field opened here is never closed"
        case .notAFile(let kind): return "this is \(kind), not a regular file"
        }
    }
}
