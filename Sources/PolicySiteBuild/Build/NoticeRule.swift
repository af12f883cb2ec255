import PolicySiteModel
import PolicySiteSupport

/// The notice rule: a material version that replaces an earlier one is published at least
/// `notice_days` before it takes effect, unless it says why not (`notice_waived`).
enum NoticeRule {
    /// A problem for each material version published with less notice than `noticeDays`.
    static func problems(_ policies: [PolicySource], noticeDays: Int) -> [Diagnostic] {
        policies.flatMap { policy in
            policy.versions.dropFirst().compactMap { version -> Diagnostic? in
                let notice = version.published.days(until: version.effective)
                guard version.material, version.noticeWaived == nil, notice < noticeDays else { return nil }
                let line = version.keyLines["published"] ?? version.keyLines["effective"]
                let given = notice == 1 ? "1 day" : "\(notice) days"
                return .error(version.path, line: line,
                              "version '\(version.label)' is material and replaces an earlier version, so it needs \(noticeDays) days' notice; it has \(given) (published \(version.published), effective \(version.effective)). Publish it earlier, take effect later, mark it 'material: false' if it changes nothing of substance, or give 'notice_waived: \"<reason>\"'")
            }
        }
    }
}
