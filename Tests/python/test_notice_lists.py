"""The notification lists between build and notify, through the real programs: msmtp hands each
message to a real SMTP server on loopback (issue 11, cases 3 and 5)."""
from notify_site import make_site, msmtp_home, run
from smtp_sink import SmtpSink
from test_notify import MSMTP, received


def test_both_forms_of_a_domain_are_one_user_and_get_one_message(tmp_path):
    users = ("email,name\r\n"
             "user@bücher.example,Unicode Form\r\n"
             "USER@xn--bcher-kva.example,ASCII Form\r\n"
             "ｕｓｅｒ@example.com,Full Width\r\n"
             "ada@example.com,Ada\r\n")
    site = make_site(tmp_path / "site", users)
    notice = site / "outbox" / "privacy" / "2"
    assert (notice / "recipients.csv").read_bytes().decode("utf-8").split("\r\n")[1].startswith("user@xn--bcher-kva.example,Unicode Form,")
    skipped = (notice / "skipped.csv").read_bytes().decode("utf-8").split("\r\n")
    assert skipped[1:3] == ["3,USER@xn--bcher-kva.example,,duplicate", "4,,,invalid-email"]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with SmtpSink(inbox) as sink:
        run(site, "notify", "--sendmail", MSMTP, env=msmtp_home(tmp_path / "home", sink.port))
    assert sorted(r[0] for r, _ in received(inbox)) == ["ada@example.com", "user@xn--bcher-kva.example"]


def test_a_row_added_to_a_list_stops_notify_before_anything_is_sent(tmp_path):
    site = make_site(tmp_path / "site", "email,name\r\nada@example.com,Ada\r\ngrace@example.com,Grace\r\n")
    with open(site / "outbox" / "privacy" / "2" / "recipients.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write("ada@example.com,Ada,,\r\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with SmtpSink(inbox) as sink:
        result = run(site, "notify", "--sendmail", MSMTP, env=msmtp_home(tmp_path / "home", sink.port), check=False)
    assert result.returncode != 0
    assert "outbox/privacy/2/recipients.csv: error: the list has 3 rows, but notice.json records 2" in result.stderr
    assert "ada@" not in result.stderr + result.stdout, "no address is printed"
    assert received(inbox) == []
    assert not (site / "outbox" / "ledger.sqlite").exists(), "the ledger is not touched"
