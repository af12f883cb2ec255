import Foundation
@testable import PolicySiteMail
import Testing

/// The sendmail transport against small shell scripts standing in for a mail program (the real
/// msmtp and the two-runs, hung-program and signal-mask cases are in Tests/python/test_notify_runs.py).
/// One at a time: a script being written while another test starts a child would be inherited
/// by that child until it runs its program, and then be "text file busy".
@Suite(.serialized) struct MailProgramTests {
    private func program(_ script: String) throws -> (TemporarySite, URL) {
        let site = try TemporarySite(withConfig: false)
        try site.write("sendmail", "#!/bin/sh\n" + script + "\n")
        let url = site.root.appending(path: "sendmail")
        chmod(url.path, 0o755)
        return (site, url)
    }

    @Test func aProgramThatWritesMuchIsReadWhileItRunsAndItsLastLineReported() throws {
        // 1 MB on standard error and as much on standard output: far more than a pipe holds.
        let (site, url) = try program("cat >/dev/null\nhead -c 1000000 /dev/zero | tr '\\0' x >&2\nhead -c 1000000 /dev/zero\nprintf '\\033[2Jthe last word\\n' >&2\nexit 67")
        let outcome = SendmailTransport(program: url, timeout: 30).deliver(Array("Subject: x\r\n\r\nx\r\n".utf8), from: "a@example.com", to: "b@example.com", name: "")
        #expect(outcome == .failed("sendmail exited with 67: [2Jthe last word"), "the NULs and the ESC are gone")
        withExtendedLifetime(site) {}
    }

    @Test func theMessageArrivesWholeOnStandardInput() throws {
        let (site, url) = try program("cat >\"$(dirname \"$0\")/got\"")
        let message = Array("Subject: x\r\n\r\n".utf8) + Array(repeating: UInt8(ascii: "y"), count: 300_000)
        #expect(SendmailTransport(program: url).deliver(message, from: "a@example.com", to: "b@example.com", name: "") == .sent)
        #expect(try Data(contentsOf: site.root.appending(path: "got")) == Data(message))
    }

    @Test func aHandOffThatTakesTooLongIsEndedAndDeferred() throws {
        let (site, url) = try program("sleep 30")
        let start = Date()
        let outcome = SendmailTransport(program: url, timeout: 0.5).deliver([], from: "a@example.com", to: "b@example.com", name: "")
        #expect(outcome == .deferred("sendmail did not finish within 0.5 seconds (--timeout) and was ended; the next run tries again"))
        #expect(Date().timeIntervalSince(start) < 5)
        withExtendedLifetime(site) {}
    }

    @Test func theAddressNeverStaysInWhatTheProgramSaid() throws {
        let (site, url) = try program("echo \"550 <$5>: no such user (${5%@*} at ${5#*@}); also B@EXAMPLE.COM\" >&2\nexit 75")
        let outcome = SendmailTransport(program: url).deliver([], from: "a@example.com", to: "b@example.com", name: "")
        // A word with an @ goes whole; a local part under three letters stays, since it would
        // take parts of ordinary words.
        #expect(outcome == .deferred("sendmail exited with 75 (try again later): 550 <recipient> no such user (b at example.com); also <recipient>"))
        let named = SendmailTransport(program: url).deliver([], from: "a@example.com", to: "bob.smith@example.com", name: "Bob Smith")
        #expect(named == .deferred("sendmail exited with 75 (try again later): 550 <recipient> no such user (<recipient> at example.com); also <recipient>"))
        withExtendedLifetime(site) {}
    }

    @Test func aProgramThatCannotRunFailsInWords() throws {
        let (site, url) = try program("")
        chmod(url.path, 0o644)
        let outcome = SendmailTransport(program: url).deliver([], from: "a@example.com", to: "b@example.com", name: "")
        #expect(outcome == .failed("cannot run \(url.path): permission denied"))
        withExtendedLifetime(site) {}
    }
}
