import CRenameSwap
import Foundation

/// `rename(2)`: an atomic move within one file system, with the reason when it fails.
package enum Rename {
    /// Renames `source` to `destination` in one step (as rename(2) does, replacing a file there); throws why not, in words.
    package static func move(_ source: URL, to destination: URL) throws {
        guard rename(source.path, destination.path) == 0 else {
            throw FileOperationError("cannot rename \(source.path) to \(destination.path)", code: errno)
        }
    }

    /// Swaps two existing paths in one step (`renameat2` with `RENAME_EXCHANGE` on Linux,
    /// `renamex_np` with `RENAME_SWAP` on macOS): at no moment is either path missing. Returns
    /// false when the file system cannot swap (then nothing moved).
    package static func swap(_ first: URL, _ second: URL) throws -> Bool {
        guard policysite_rename_swap(first.path, second.path) != 0 else { return true }
        let code = errno
        if code == EINVAL || code == ENOSYS || code == ENOTSUP || code == EOPNOTSUPP { return false }
        throw FileOperationError("cannot swap \(first.path) and \(second.path)", code: code)
    }

    /// Moves `source` to `destination` only when nothing has that name, not even a symbolic
    /// link, in one step (`renameat2` with `RENAME_NOREPLACE`, `renamex_np` with `RENAME_EXCL`);
    /// where the file system cannot, by a hard link and the removal of `source`, which is
    /// exclusive too. Returns nil, or the `errno` (`EEXIST` when the name is taken).
    package static func moveExclusively(_ source: URL, to destination: URL) -> Int32? {
        if policysite_rename_noreplace(source.path, destination.path) == 0 { return nil }
        let code = errno
        guard code == EINVAL || code == ENOSYS || code == ENOTSUP || code == EOPNOTSUPP else { return code }
        guard link(source.path, destination.path) == 0 else { return errno }
        unlink(source.path)
        return nil
    }
}
