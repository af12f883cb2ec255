import Foundation
import PolicySiteModel
import PolicySiteNotices
import PolicySiteSupport

/// Which ledger a site's `notify` uses: PostgreSQL when `ledger` in policysite.yml names a
/// database (shared by workers), else SQLite in the outbox (one run at a time).
enum LedgerChoice {
    /// The database `ledger` names, or nil for the outbox's SQLite ledger. The settings'
    /// loader has checked the URL.
    static func database(_ config: SiteConfig) -> DatabaseLocation? {
        guard let ledger = config.ledger, case .success(let parsed) = DatabaseLocation.parse(ledger) else { return nil }
        return parsed.location
    }

    /// The ledger to send with, created or migrated as needed.
    static func open(_ setup: NotifySetup, options: NotifyOptions) throws(Diagnostics) -> any Ledger {
        if let location = database(setup.config) {
            return try PostgresLedger(location: location, jobs: options.jobs, lease: options.lease)
        }
        return try DeliveryLedger(outbox: setup.outbox)
    }

    /// The ledger only to read; nil when there is none yet.
    static func existing(_ config: SiteConfig, outbox: Outbox) throws(Diagnostics) -> (any Ledger)? {
        if let location = database(config) {
            return try PostgresLedger.existing(location)
        }
        return try DeliveryLedger.existing(in: outbox)
    }
}
