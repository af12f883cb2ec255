import PolicySiteModel
import PolicySiteSupport

/// `sitemap.xml` (sitemaps.org 0.9): every page, with the day it last changed.
enum Sitemap {
    static func xml(_ record: PublishedVersions) -> String {
        var pages: [(url: String, lastmod: CalendarDay)] = []
        let listed = record.listed
        pages.append((record.config.baseURL, listed.map(record.lastChange(ofPolicy:)).max() ?? record.asOf))
        for policy in listed {
            let id = record.timelines[policy].policy.id
            let day = record.lastChange(ofPolicy: policy)
            pages.append((record.url(.policy(id)), day))
            pages.append((record.url(.history(id)), day))
            for entry in record.entries(of: policy) {
                pages.append((record.versionURL(entry), record.lastChange(entry)))
                if let changes = record.changesURL(entry) {
                    pages.append((changes, record.source(entry).published))
                }
            }
            // What changed in the current and the upcoming version since each earlier one.
            let timeline = record.timelines[policy]
            for target in timeline.comparisonTargets {
                let day = record.lastChange(PublishedVersions.Entry(policy: policy, version: target))
                let segment = timeline.policy.versions[target].segment
                for from in timeline.comparisonSources(for: target) {
                    pages.append((record.url(.comparison(id, segment, from: timeline.policy.versions[from].segment)), day))
                }
            }
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages {
            xml += "<url><loc>\(HTMLEscaping.attribute(page.url))</loc><lastmod>\(page.lastmod.iso)</lastmod></url>\n"
        }
        return xml + "</urlset>\n"
    }
}
